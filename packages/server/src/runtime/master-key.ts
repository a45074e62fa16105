import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Random } from "@latchkey/core";
import { ConfigError } from "../config.js";

export const MASTER_KEY_FILE = "master.key";

/**
 * Finds the master key: LATCHKEY_MASTER_KEY when set, else `master.key` in the data dir. A fresh data
 * dir gets a new key file (mode 0600); a data dir that holds data but no key refuses to open, since
 * nothing sealed in it could be read.
 */
export function resolveMasterKey(options: {
  readonly dataDir: string;
  readonly fromEnv: string | undefined;
  readonly dataExists: boolean;
  readonly random: Random;
}): Buffer {
  if (options.fromEnv !== undefined) return decode(options.fromEnv, "LATCHKEY_MASTER_KEY");
  const file = join(options.dataDir, MASTER_KEY_FILE);
  if (existsSync(file)) return decode(readFileSync(file, "utf8").trim(), file);
  if (options.dataExists) {
    throw new ConfigError(
      `The data dir ${options.dataDir} holds data but no master key: set LATCHKEY_MASTER_KEY or restore ${file}`,
    );
  }
  const key = options.random.bytes(32);
  // SECURITY: only the owner may read the key; `wx` never overwrites a key another process just wrote.
  writeFileSync(file, `${key.toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  return key;
}

function decode(value: string, source: string): Buffer {
  const key = Buffer.from(value, "base64");
  if (key.length !== 32 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) {
    throw new ConfigError(`${source} must hold the base64 encoding of exactly 32 bytes`);
  }
  return key;
}
