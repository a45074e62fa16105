import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

describe("latchkey init and keys create", () => {
  let dataDir: string;
  // LATCHKEY_REGIONS emptied so the developer's own shell cannot change the regions under test.
  const env = { LATCHKEY_MASTER_KEY: "", LATCHKEY_REGIONS: "" };

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), "latchkey-cli-"));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it("initializes an empty data dir and prints the owner's credentials as JSON", async () => {
    const result = await runCli(["init", "--data", dataDir, "--json"], env);
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout);
    expect(Object.keys(printed)).toEqual(["account_sid", "auth_token", "auth_tokens", "console_user"]);
    expect(printed.account_sid).toMatch(/^AC[0-9a-f]{32}$/);
    expect(printed.auth_token).toMatch(/^[0-9a-f]{32}$/);
    expect(printed.auth_tokens).toEqual({ us1: printed.auth_token });
    expect(result.stdout).toBe(`${JSON.stringify(printed)}\n`);
    expect(statSync(join(dataDir, "master.key")).mode & 0o777).toBe(0o600);
  });

  it("prints the Account SID and one Auth Token line per region without --json", async () => {
    const result = await runCli(["init", "--data", dataDir], env);
    expect(result.code).toBe(0);
    const accountSid = /^Account SID: {6}(AC[0-9a-f]{32})\n/.exec(result.stdout)?.[1];
    const authToken = /\nAuth Token \(us1\): ([0-9a-f]{32})\n/.exec(result.stdout)?.[1];
    const oneTimePassword = /\nOne-time password: (\S{22})\n/.exec(result.stdout)?.[1];
    expect(result.stdout).toBe(
      `Account SID:      ${accountSid}\nAuth Token (us1): ${authToken}\n\n` +
        `Console email:     owner@localhost\nOne-time password: ${oneTimePassword}\n` +
        "The one-time password must be changed at first sign-in.\n",
    );
    // The printed token is the owner's: it opens the data dir's us1 region.
    const created = await runCli(
      ["keys", "create", "--type", "main", "--account", accountSid ?? "", "--data", dataDir, "--json"],
      env,
    );
    expect(created.code).toBe(0);
  });

  it("keeps no secret in plaintext in the data dir", async () => {
    const { stdout } = await runCli(["init", "--data", dataDir, "--json"], env);
    const { auth_token: authToken, account_sid: accountSid } = JSON.parse(stdout);
    const created = await runCli(
      ["keys", "create", "--type", "main", "--account", accountSid, "--data", dataDir, "--json"],
      env,
    );
    const { secret } = JSON.parse(created.stdout);
    const files = [
      ...readdirSync(dataDir)
        .filter((name) => name.startsWith("directory.sqlite"))
        .map((name) => join(dataDir, name)),
      ...readdirSync(join(dataDir, "us1")).map((name) => join(dataDir, "us1", name)),
    ];
    expect(files).toContain(join(dataDir, "directory.sqlite"));
    expect(files).toContain(join(dataDir, "us1", "latchkey.sqlite"));
    for (const file of files) {
      const bytes = readFileSync(file).toString("latin1");
      expect(bytes).not.toContain(authToken);
      expect(bytes).not.toContain(secret);
    }
  });

  it("refuses to initialize twice and changes nothing", async () => {
    const first = await runCli(["init", "--data", dataDir, "--json"], env);
    const second = await runCli(["init", "--data", dataDir, "--json"], env);
    expect(second.code).toBe(1);
    expect(second.stdout).toBe("");
    const keyFile = join(dataDir, "master.key");
    expect(second.stderr).toBe(
      `latchkey init: warning: the master key file ${keyFile} lives inside the data dir ${dataDir}, so any copy of the data dir opens every secret: move it out (e.g. mv ${keyFile} /etc/latchkey/master.key) and start with LATCHKEY_MASTER_KEY_FILE=/etc/latchkey/master.key\n` +
        `latchkey init: This data dir is already initialized (owner account ${JSON.parse(first.stdout).account_sid}); nothing was changed\n`,
    );
  });

  it("creates a Main key for the operator and prints it once as JSON", async () => {
    const { stdout } = await runCli(["init", "--data", dataDir, "--json"], env);
    const accountSid = JSON.parse(stdout).account_sid;
    const result = await runCli(
      [
        "keys",
        "create",
        "--type",
        "main",
        "--account",
        accountSid,
        "--friendly-name",
        "ops",
        "--data",
        dataDir,
        "--json",
      ],
      env,
    );
    expect(result.code).toBe(0);
    const key = JSON.parse(result.stdout);
    expect(Object.keys(key)).toEqual(["sid", "secret", "friendly_name", "region"]);
    expect(key).toMatchObject({ friendly_name: "ops", region: "us1" });
    expect(key.sid).toMatch(/^SK[0-9a-f]{32}$/);
    expect(key.secret).toMatch(/^[0-9A-Za-z]{32}$/);
  });

  it("prints the Main key with its region once without --json", async () => {
    const { stdout } = await runCli(["init", "--data", dataDir, "--json"], env);
    const accountSid = JSON.parse(stdout).account_sid;
    const result = await runCli(["keys", "create", "--type", "main", "--account", accountSid, "--data", dataDir], env);
    expect(result.code).toBe(0);
    const sid = /^Key SID: (SK[0-9a-f]{32})\n/.exec(result.stdout)?.[1];
    const secret = /\nSecret: {2}([0-9A-Za-z]{32})\n/.exec(result.stdout)?.[1];
    expect(result.stdout).toBe(
      `Key SID: ${sid}\nSecret:  ${secret}\nRegion:  us1 (the key works only there)\n(The secret is shown only this once.)\n`,
    );
  });

  it("refuses key types other than main, unknown accounts and malformed SIDs", async () => {
    await runCli(["init", "--data", dataDir, "--json"], env);
    const standard = await runCli(
      ["keys", "create", "--type", "standard", "--account", `AC${"a".repeat(32)}`, "--data", dataDir],
      env,
    );
    expect(standard.code).toBe(1);
    expect(standard.stderr).toBe(
      "latchkey keys create: only --type main is created here; use the REST API for standard and restricted keys\n",
    );
    const unknown = await runCli(
      ["keys", "create", "--type", "main", "--account", `AC${"a".repeat(32)}`, "--data", dataDir],
      env,
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe(
      `latchkey keys create: Account AC${"a".repeat(32)} does not exist in region us1 of this data dir (a region just added to LATCHKEY_REGIONS gets its accounts when the server starts with it)\n`,
    );
    const malformed = await runCli(["keys", "create", "--type", "main", "--account", "ACnope", "--data", dataDir], env);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toBe(
      "latchkey keys create: --account must be an Account SID (AC followed by 32 lowercase hex digits)\n",
    );
  });

  it("refuses to open existing data with a different master key, or with none", async () => {
    await runCli(["init", "--data", dataDir, "--json"], env);
    const wrongKey = Buffer.alloc(32, 7).toString("base64");
    const wrong = await runCli(["init", "--data", dataDir, "--json"], { LATCHKEY_MASTER_KEY: wrongKey });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("The master key does not match this data dir");
    rmSync(join(dataDir, "master.key"));
    const missing = await runCli(["init", "--data", dataDir, "--json"], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("holds data but no master key");
  });

  it("refuses a master key that is not base64 of 32 bytes", async () => {
    const result = await runCli(["init", "--data", dataDir], { LATCHKEY_MASTER_KEY: "c2hvcnQ=" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("LATCHKEY_MASTER_KEY must hold the base64 encoding of exactly 32 bytes");
  });
});
