import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { initializeOwner } from "@latchkey/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError } from "../config.js";
import { type OpenDeployment, type OpenDeploymentOptions, openDeployment } from "./open-deployment.js";

const mode = (path: string) => statSync(path).mode & 0o777;
const OPERATOR = { sid: "operator", address: "test" };
const KEY_A = Buffer.alloc(32, 1).toString("base64");
const KEY_B = Buffer.alloc(32, 2).toString("base64");

describe("openDeployment: secrets at rest", () => {
  let dir: string;
  let dataDir: string;
  let warnings: string[];
  const open = (options: Partial<OpenDeploymentOptions> = {}) =>
    openDeployment({
      dataDir,
      regions: ["us1"],
      masterKey: undefined,
      onWarning: (message) => warnings.push(message),
      ...options,
    });
  const closeAll: OpenDeployment[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "latchkey-region-"));
    dataDir = join(dir, "data");
    warnings = [];
  });
  afterEach(async () => {
    for (const opened of closeAll.splice(0)) await opened.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function initialized(options: Partial<OpenDeploymentOptions> = {}): Promise<void> {
    const opened = await open(options);
    await initializeOwner(opened.deployment, OPERATOR);
    await opened.close();
  }

  describe("file modes", () => {
    it("creates the data dir and region dir 0700 and the key and SQLite files 0600, whatever the umask", async () => {
      const previous = process.umask(0o000);
      try {
        const opened = await open();
        closeAll.push(opened);
        await initializeOwner(opened.deployment, OPERATOR);
        expect(mode(dataDir)).toBe(0o700);
        expect(mode(join(dataDir, "us1"))).toBe(0o700);
        expect(mode(join(dataDir, "master.key"))).toBe(0o600);
        for (const suffix of ["", "-wal", "-shm"]) {
          expect(mode(join(dataDir, "us1", `latchkey.sqlite${suffix}`))).toBe(0o600);
          expect(mode(join(dataDir, `directory.sqlite${suffix}`))).toBe(0o600);
        }
      } finally {
        process.umask(previous);
      }
    });

    it("tightens a region dir an older version left 0755", async () => {
      mkdirSync(join(dataDir, "us1"), { recursive: true });
      chmodSync(join(dataDir, "us1"), 0o755);
      closeAll.push(await open());
      expect(mode(join(dataDir, "us1"))).toBe(0o700);
    });
  });

  describe("LATCHKEY_MASTER_KEY_FILE", () => {
    it("reads the key from the file, writes no master.key into the data dir, and warns of nothing", async () => {
      const keyFile = join(dir, "master.key");
      writeFileSync(keyFile, `${KEY_A}\n`, { mode: 0o600 });
      await initialized({ masterKeyFile: keyFile });
      expect(existsSync(join(dataDir, "master.key"))).toBe(false);
      expect(warnings).toEqual([]);

      closeAll.push(await open({ masterKeyFile: keyFile }));
      // The data was sealed with the file's key: the same key in the variable opens it, another does not.
      closeAll.push(await open({ masterKey: KEY_A }));
      await expect(open({ masterKey: KEY_B })).rejects.toThrow("The master key does not match this data dir");
      await expect(open()).rejects.toThrow(
        `The data dir ${dataDir} holds data but no master key: set LATCHKEY_MASTER_KEY_FILE (or LATCHKEY_MASTER_KEY)`,
      );
    });

    it("wins over a master.key in the data dir, and warns that the unused copy is still there", async () => {
      await initialized();
      const keyFile = join(dir, "moved.key");
      writeFileSync(keyFile, `${KEY_B}\n`);
      warnings = [];
      // A different key proves which one was used: the data dir's own key would have matched.
      await expect(open({ masterKeyFile: keyFile })).rejects.toThrow("The master key does not match this data dir");
      expect(warnings).toEqual([
        `the data dir ${dataDir} still holds ${join(dataDir, "master.key")}, a master key it does not use (the key comes from ${keyFile}): delete it so a copy of the data dir cannot open the secrets`,
      ]);
    });

    it("refuses a missing file, a directory and a file that does not hold a key, naming the file", async () => {
      const missing = join(dir, "nowhere.key");
      await expect(open({ masterKeyFile: missing })).rejects.toThrow(
        new ConfigError(`LATCHKEY_MASTER_KEY_FILE ${missing} does not exist`),
      );
      await expect(open({ masterKeyFile: dir })).rejects.toThrow(
        new ConfigError(`LATCHKEY_MASTER_KEY_FILE ${dir} is a directory`),
      );
      const bad = join(dir, "bad.key");
      writeFileSync(bad, "not a key\n");
      await expect(open({ masterKeyFile: bad })).rejects.toThrow(
        new ConfigError(`LATCHKEY_MASTER_KEY_FILE ${bad} must hold the base64 encoding of exactly 32 bytes`),
      );
    });

    it.skipIf(process.getuid?.() === 0)("refuses a file it may not read", async () => {
      const locked = join(dir, "locked.key");
      writeFileSync(locked, `${KEY_A}\n`, { mode: 0o000 });
      await expect(open({ masterKeyFile: locked })).rejects.toThrow(
        new ConfigError(`LATCHKEY_MASTER_KEY_FILE ${locked} cannot be read (permission denied)`),
      );
    });

    it("refuses LATCHKEY_MASTER_KEY and LATCHKEY_MASTER_KEY_FILE together", async () => {
      const keyFile = join(dir, "master.key");
      writeFileSync(keyFile, `${KEY_A}\n`);
      await expect(open({ masterKey: KEY_A, masterKeyFile: keyFile })).rejects.toThrow(
        new ConfigError("Set LATCHKEY_MASTER_KEY or LATCHKEY_MASTER_KEY_FILE, not both"),
      );
      expect(existsSync(dataDir)).toBe(false);
    });
  });

  describe("the warning about a key inside the data dir", () => {
    it("is given for the generated master.key, saying how to move it", async () => {
      closeAll.push(await open());
      const file = join(dataDir, "master.key");
      expect(warnings).toEqual([
        `the master key file ${file} lives inside the data dir ${dataDir}, so any copy of the data dir opens every secret: move it out (e.g. mv ${file} /etc/latchkey/master.key) and start with LATCHKEY_MASTER_KEY_FILE=/etc/latchkey/master.key`,
      ]);
    });

    it("is given for a LATCHKEY_MASTER_KEY_FILE inside the data dir, even through a symbolic path", async () => {
      mkdirSync(join(dataDir, "keys"), { recursive: true });
      const keyFile = join(dataDir, "keys", "latchkey.key");
      writeFileSync(keyFile, `${KEY_A}\n`);
      closeAll.push(await open({ masterKeyFile: join(dataDir, "keys", "..", "keys", "latchkey.key") }));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(`lives inside the data dir ${dataDir}`);
    });

    it("is not given for LATCHKEY_MASTER_KEY", async () => {
      closeAll.push(await open({ masterKey: KEY_A }));
      expect(warnings).toEqual([]);
    });
  });
});
