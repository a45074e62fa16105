import { chmodSync, existsSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import type { Random } from "@latchkey/core";
import { ConfigError, MASTER_KEY_SOURCES_CONFLICT } from "../config.js";

export const MASTER_KEY_FILE = "master.key";

export interface MasterKeySources {
  readonly dataDir: string;
  /** LATCHKEY_MASTER_KEY: the base64 key itself. */
  readonly fromEnv: string | undefined;
  /** LATCHKEY_MASTER_KEY_FILE: a file holding the base64 key, meant to live outside the data dir. */
  readonly fromFile: string | undefined;
  readonly dataExists: boolean;
  readonly random: Random;
}

export interface FoundMasterKey {
  readonly key: Buffer;
  /** The file the key was read from or is to be written to; undefined when it came from LATCHKEY_MASTER_KEY. */
  readonly file: string | undefined;
  /** A fresh key for a fresh data dir: `writeNewMasterKey` must store it before anything is sealed. */
  readonly isNew: boolean;
}

/**
 * Finds the master key, writing nothing: LATCHKEY_MASTER_KEY, else the file LATCHKEY_MASTER_KEY_FILE
 * names, else `master.key` in the data dir. A fresh data dir with neither setting gets a new key; a data
 * dir that holds data but no key refuses to open, since nothing sealed in it could be read. Every refusal
 * comes before the data dir is touched.
 */
export function findMasterKey(options: MasterKeySources): FoundMasterKey {
  if (options.fromEnv !== undefined && options.fromFile !== undefined) {
    throw new ConfigError(MASTER_KEY_SOURCES_CONFLICT);
  }
  if (options.fromEnv !== undefined) {
    return { key: decode(options.fromEnv, "LATCHKEY_MASTER_KEY"), file: undefined, isNew: false };
  }
  if (options.fromFile !== undefined) {
    return { key: readKeyFile(options.fromFile), file: options.fromFile, isNew: false };
  }
  const file = join(options.dataDir, MASTER_KEY_FILE);
  if (existsSync(file)) return { key: decode(readFileSync(file, "utf8").trim(), file), file, isNew: false };
  if (options.dataExists) {
    throw new ConfigError(
      `The data dir ${options.dataDir} holds data but no master key: set LATCHKEY_MASTER_KEY_FILE (or LATCHKEY_MASTER_KEY) or restore ${file}`,
    );
  }
  return { key: options.random.bytes(32), file, isNew: true };
}

/** SECURITY: only the owner may read the key; the chmod makes the mode independent of the umask. */
export function writeNewMasterKey(file: string, key: Buffer): void {
  // `wx` never overwrites a key another process just wrote.
  writeFileSync(file, `${key.toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  chmodSync(file, 0o600);
}

/**
 * SECURITY: a key file inside the data dir travels with every copy of it (a backup, a volume snapshot),
 * and the copy opens every sealed secret. The start goes on (a fresh install has nowhere else to put a
 * generated key) but says, once, how to move it. A copy left behind after the key moved is as bad.
 */
export function masterKeyWarnings(dataDir: string, keyFile: string | undefined): string[] {
  const left = join(dataDir, MASTER_KEY_FILE);
  if (keyFile !== undefined && isInside(dataDir, keyFile)) {
    return [
      `the master key file ${keyFile} lives inside the data dir ${dataDir}, so any copy of the data dir opens every secret: move it out (e.g. mv ${keyFile} /etc/latchkey/master.key) and start with LATCHKEY_MASTER_KEY_FILE=/etc/latchkey/master.key`,
    ];
  }
  if (existsSync(left)) {
    return [
      `the data dir ${dataDir} still holds ${left}, a master key it does not use (the key comes from ${keyFile === undefined ? "LATCHKEY_MASTER_KEY" : keyFile}): delete it so a copy of the data dir cannot open the secrets`,
    ];
  }
  return [];
}

function isInside(dir: string, file: string): boolean {
  const path = relative(realpathSync(resolve(dir)), realpathSync(resolve(file)));
  return path !== "" && !path.startsWith("..") && !isAbsolute(path);
}

function readKeyFile(file: string): Buffer {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT"
        ? "does not exist"
        : code === "EACCES" || code === "EPERM"
          ? "cannot be read (permission denied)"
          : code === "EISDIR"
            ? "is a directory"
            : `cannot be read (${code ?? String(error)})`;
    throw new ConfigError(`LATCHKEY_MASTER_KEY_FILE ${file} ${reason}`, { cause: error });
  }
  return decode(text.trim(), `LATCHKEY_MASTER_KEY_FILE ${file}`);
}

function decode(value: string, source: string): Buffer {
  const key = Buffer.from(value, "base64");
  if (key.length !== 32 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) {
    throw new ConfigError(`${source} must hold the base64 encoding of exactly 32 bytes`);
  }
  return key;
}
