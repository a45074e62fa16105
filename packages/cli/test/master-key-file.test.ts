import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { runCli } from "./run-cli.js";
import { bannerCredentials, basicAuth, STACK_FRAME, startServe } from "./serve-process.js";

const NO_KEY = { LATCHKEY_MASTER_KEY: "", LATCHKEY_MASTER_KEY_FILE: "", LATCHKEY_REGIONS: "" };
const mode = (path: string) => statSync(path).mode & 0o777;

describe("the master key kept apart from the data dir", () => {
  let dir: string;
  let dataDir: string;
  let keyFile: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "latchkey-key-file-"));
    dataDir = join(dir, "data");
    keyFile = join(dir, "secrets", "master.key");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function writeKeyFile(): void {
    const secrets = join(dir, "secrets");
    rmSync(secrets, { recursive: true, force: true });
    mkdirSync(secrets, { mode: 0o700 });
    writeFileSync(keyFile, `${Buffer.alloc(32, 9).toString("base64")}\n`, { mode: 0o600 });
  }

  it("serve uses LATCHKEY_MASTER_KEY_FILE, writes no key into the data dir, and warns of nothing", async () => {
    writeKeyFile();
    const env = { ...NO_KEY, LATCHKEY_MASTER_KEY_FILE: keyFile };
    const server = await startServe(["--port", "0", "--data", dataDir], env);
    try {
      await vi.waitFor(() => expect(bannerCredentials(server.stdout())).toBeDefined());
      const { accountSid, authToken } = bannerCredentials(server.stdout()) ?? { accountSid: "", authToken: "" };
      const keys = await fetch(`${server.url}/v1/Keys?AccountSid=${accountSid}`, {
        headers: { authorization: basicAuth(accountSid, authToken) },
      });
      expect(keys.status).toBe(200);
      expect(server.stderr()).not.toContain("Warning");
    } finally {
      expect(await server.stop()).toBe(0);
    }
    expect(existsSync(join(dataDir, "master.key"))).toBe(false);
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(join(dataDir, "directory.sqlite"))).toBe(0o600);
    expect(mode(join(dataDir, "us1"))).toBe(0o700);
    expect(mode(join(dataDir, "us1", "latchkey.sqlite"))).toBe(0o600);

    // Without the key file the data cannot be opened, and the failure says which settings would open it.
    const without = await runCli(["serve", "--port", "0", "--data", dataDir], NO_KEY);
    expect(without.code).toBe(1);
    expect(without.stderr).toBe(
      `latchkey serve: The data dir ${dataDir} holds data but no master key: set LATCHKEY_MASTER_KEY_FILE (or LATCHKEY_MASTER_KEY) or restore ${join(dataDir, "master.key")}\n`,
    );
  });

  it("serve warns, on stderr and in the log, when the key in use lives inside the data dir", async () => {
    const server = await startServe(["--port", "0", "--data", dataDir], NO_KEY);
    const file = join(dataDir, "master.key");
    const warning = `the master key file ${file} lives inside the data dir ${dataDir}, so any copy of the data dir opens every secret: move it out (e.g. mv ${file} /etc/latchkey/master.key) and start with LATCHKEY_MASTER_KEY_FILE=/etc/latchkey/master.key`;
    try {
      // stdout and stderr are separate pipes: either may arrive first.
      await vi.waitFor(() => expect(server.stdout()).toContain('"level":40'));
      await vi.waitFor(() => expect(server.stderr()).toContain(`\nWarning: ${warning}\n`));
      const logged = server
        .stdout()
        .split("\n")
        .filter((line) => line.includes('"level":40'))
        .map((line) => JSON.parse(line));
      expect(logged).toEqual([expect.objectContaining({ level: 40, msg: warning })]);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it("follows the README: a generated key moved out of the data dir still opens it, and the warning stops", async () => {
    const init = await runCli(["init", "--data", dataDir, "--json"], NO_KEY);
    const { account_sid: accountSid, auth_token: authToken } = JSON.parse(init.stdout);
    mkdirSync(join(dir, "secrets"), { mode: 0o700 });
    renameSync(join(dataDir, "master.key"), keyFile);

    const server = await startServe(["--port", "0", "--data", dataDir], {
      ...NO_KEY,
      LATCHKEY_MASTER_KEY_FILE: keyFile,
    });
    try {
      const keys = await fetch(`${server.url}/v1/Keys?AccountSid=${accountSid}`, {
        headers: { authorization: basicAuth(accountSid, authToken) },
      });
      expect(keys.status).toBe(200);
      expect(server.stderr()).not.toContain("Warning");
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it("init and keys create honour LATCHKEY_MASTER_KEY_FILE", async () => {
    writeKeyFile();
    const env = { ...NO_KEY, LATCHKEY_MASTER_KEY_FILE: keyFile };
    const init = await runCli(["init", "--data", dataDir, "--json"], env);
    expect(init).toMatchObject({ code: 0, stderr: "" });
    expect(existsSync(join(dataDir, "master.key"))).toBe(false);
    const accountSid = JSON.parse(init.stdout).account_sid;

    const args = ["keys", "create", "--type", "main", "--account", accountSid, "--data", dataDir, "--json"];
    const created = await runCli(args, env);
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout).sid).toMatch(/^SK[0-9a-f]{32}$/);
    const without = await runCli(args, NO_KEY);
    expect(without.code).toBe(1);
    expect(without.stderr).toContain("holds data but no master key");
  });

  it("init warns when it writes the generated key into the data dir", async () => {
    const init = await runCli(["init", "--data", dataDir, "--json"], NO_KEY);
    expect(init.code).toBe(0);
    expect(init.stderr).toBe(
      `latchkey init: warning: the master key file ${join(dataDir, "master.key")} lives inside the data dir ${dataDir}, so any copy of the data dir opens every secret: move it out (e.g. mv ${join(dataDir, "master.key")} /etc/latchkey/master.key) and start with LATCHKEY_MASTER_KEY_FILE=/etc/latchkey/master.key\n`,
    );
  });

  it("refuses LATCHKEY_MASTER_KEY and LATCHKEY_MASTER_KEY_FILE together, in one line, touching nothing", async () => {
    writeKeyFile();
    const env = { LATCHKEY_MASTER_KEY: Buffer.alloc(32, 9).toString("base64"), LATCHKEY_MASTER_KEY_FILE: keyFile };
    for (const args of [
      ["serve", "--port", "0", "--data", dataDir],
      ["init", "--data", dataDir],
    ]) {
      const result = await runCli(args, env);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `latchkey ${args[0]}: Set LATCHKEY_MASTER_KEY or LATCHKEY_MASTER_KEY_FILE, not both\n`,
      );
      expect(result.stderr).not.toMatch(STACK_FRAME);
    }
    expect(existsSync(dataDir)).toBe(false);
  });

  it("refuses a LATCHKEY_MASTER_KEY_FILE that does not exist, in one line, touching nothing", async () => {
    const result = await runCli(["serve", "--port", "0", "--data", dataDir], {
      ...NO_KEY,
      LATCHKEY_MASTER_KEY_FILE: keyFile,
    });
    expect(result).toMatchObject({
      code: 1,
      stderr: `latchkey serve: LATCHKEY_MASTER_KEY_FILE ${keyFile} does not exist\n`,
    });
    expect(existsSync(dataDir)).toBe(false);
  });
});
