import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ENV, initDataDir, removeAllConsoleUsers } from "./console-data-dir.js";
import { runCli, runCliWithInput } from "./run-cli.js";

const USER_SID = /^US[0-9a-f]{32}$/;
const ONE_TIME_PASSWORD = /^[A-Za-z0-9_-]{22}$/;
const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const PASSWORD = "correct horse battery staple";

describe("latchkey users", () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), "latchkey-users-"));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const users = (args: readonly string[], env: NodeJS.ProcessEnv = {}) =>
    runCli(["users", ...args, "--data", dataDir], { ...ENV, ...env });
  const usersWithStdin = (args: readonly string[], input: string) =>
    runCliWithInput(["users", ...args, "--data", dataDir], input, ENV);
  const listJson = async (): Promise<Record<string, unknown>[]> => {
    const listed = await users(["list", "--json"]);
    expect(listed).toMatchObject({ code: 0, stderr: "" });
    return JSON.parse(listed.stdout);
  };

  describe("create", () => {
    it("creates a user of the owner account with a one-time password, printed once", async () => {
      const { accountSid } = await initDataDir(dataDir);
      const result = await users(["create", "--email", "dev@example.com", "--role", "developer"]);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe("");
      const sid = /^User SID: {10}(US[0-9a-f]{32})\n/.exec(result.stdout)?.[1];
      const password = /\nOne-time password: ([A-Za-z0-9_-]{22})\n/.exec(result.stdout)?.[1];
      expect(result.stdout).toBe(
        [
          `User SID:          ${sid}`,
          "Email:             dev@example.com",
          "Role:              developer",
          `Account SID:       ${accountSid}`,
          `One-time password: ${password}`,
          "(Shown only this once. It must be changed at first sign-in.)",
          "",
        ].join("\n"),
      );
      const listed = await listJson();
      expect(listed.find((user) => user.sid === sid)).toMatchObject({
        email: "dev@example.com",
        role: "developer",
        account_sid: accountSid,
        must_change_password: true,
      });
    });

    it("prints JSON with the normalized email and the one-time password", async () => {
      const { accountSid } = await initDataDir(dataDir);
      const result = await users(["create", "--email", "  Dev@Example.COM ", "--role", "Read-only", "--json"]);
      expect(result).toMatchObject({ code: 0, stderr: "" });
      const printed = JSON.parse(result.stdout);
      expect(Object.keys(printed)).toEqual(["sid", "email", "role", "account_sid", "one_time_password"]);
      expect(printed).toMatchObject({ email: "dev@example.com", role: "read-only", account_sid: accountSid });
      expect(printed.sid).toMatch(USER_SID);
      expect(printed.one_time_password).toMatch(ONE_TIME_PASSWORD);
      expect(result.stdout).toBe(`${JSON.stringify(printed)}\n`);
    });

    it("takes the password from stdin, less one trailing newline, and prints no one-time password", async () => {
      const { accountSid } = await initDataDir(dataDir);
      const human = await usersWithStdin(
        ["create", "--email", "admin@example.com", "--role", "administrator", "--password-stdin"],
        `${PASSWORD}\n`,
      );
      expect(human).toMatchObject({ code: 0, stderr: "" });
      const sid = /^User SID: {4}(US[0-9a-f]{32})\n/.exec(human.stdout)?.[1];
      expect(human.stdout).toBe(
        [
          `User SID:    ${sid}`,
          "Email:       admin@example.com",
          "Role:        administrator",
          `Account SID: ${accountSid}`,
          "",
        ].join("\n"),
      );
      const json = await usersWithStdin(
        ["create", "--email", "ro@example.com", "--role", "read-only", "--password-stdin", "--json"],
        "  spaces kept inside and out  \r\n",
      );
      expect(json).toMatchObject({ code: 0, stderr: "" });
      expect(Object.keys(JSON.parse(json.stdout))).toEqual(["sid", "email", "role", "account_sid"]);
      const listed = await listJson();
      expect(listed.map((user) => [user.email, user.must_change_password])).toEqual([
        ["admin@example.com", false],
        ["owner@localhost", true],
        ["ro@example.com", false],
      ]);
    });

    it("refuses an empty password and one too short from stdin, and creates nobody", async () => {
      await initDataDir(dataDir);
      const args = ["create", "--email", "dev@example.com", "--role", "developer", "--password-stdin"];
      for (const input of ["", "\n"]) {
        const empty = await usersWithStdin(args, input);
        expect(empty).toEqual({
          code: 1,
          stdout: "",
          stderr: "latchkey users create: --password-stdin read an empty password\n",
        });
      }
      const short = await usersWithStdin(args, "hunter2\n");
      expect(short).toEqual({
        code: 1,
        stdout: "",
        stderr: "latchkey users create: The password must be at least 12 characters long.\n",
      });
      const blank = await usersWithStdin(args, "              \n");
      expect(blank.code).toBe(1);
      expect(blank.stderr).toBe("latchkey users create: The password cannot be empty or only spaces.\n");
      const huge = await usersWithStdin(args, "x".repeat(200_000));
      expect(huge.code).toBe(1);
      expect(huge.stderr).toBe("latchkey users create: The password must be at most 1024 bytes long.\n");
      expect((await listJson()).map((user) => user.email)).toEqual(["owner@localhost"]);
    });

    it("refuses an unknown role as a usage error (exit 2) listing the roles", async () => {
      await initDataDir(dataDir);
      const result = await users(["create", "--email", "dev@example.com", "--role", "admin"]);
      expect(result).toEqual({
        code: 2,
        stdout: "",
        stderr:
          'latchkey users create: --role must be one of owner, administrator, developer, read-only (not "admin")\n',
      });
      expect((await listJson()).map((user) => user.email)).toEqual(["owner@localhost"]);
    });

    it("refuses a command line without --email or --role", async () => {
      await initDataDir(dataDir);
      const noEmail = await users(["create", "--role", "developer"]);
      expect(noEmail).toEqual({
        code: 1,
        stdout: "",
        stderr: "latchkey users create: required option '--email <email>' not specified\n",
      });
      const noRole = await users(["create", "--email", "dev@example.com"]);
      expect(noRole.code).toBe(1);
      expect(noRole.stderr).toBe("latchkey users create: required option '--role <role>' not specified\n");
    });

    it("refuses an email already used, whatever its case", async () => {
      await initDataDir(dataDir);
      const result = await users(["create", "--email", "Owner@LocalHost", "--role", "owner"]);
      expect(result).toEqual({
        code: 1,
        stdout: "",
        stderr: "latchkey users create: A console user with this email already exists\n",
      });
    });

    it("refuses an email that is not one", async () => {
      await initDataDir(dataDir);
      const result = await users(["create", "--email", "not an email", "--role", "developer"]);
      expect(result).toEqual({
        code: 1,
        stdout: "",
        stderr:
          "latchkey users create: Invalid parameter: Email must be an email address with one @, at most 254 characters\n",
      });
    });

    it("refuses an account that is not in the directory", async () => {
      await initDataDir(dataDir);
      const unknown = `AC${"a".repeat(32)}`;
      const result = await users(["create", "--email", "dev@example.com", "--role", "developer", "--account", unknown]);
      expect(result).toEqual({
        code: 1,
        stdout: "",
        stderr: `latchkey users create: Account ${unknown} was not found or is closed\n`,
      });
      const malformed = await users(["create", "--email", "dev@example.com", "--role", "developer", "--account", "x"]);
      expect(malformed.code).toBe(1);
      expect(malformed.stderr).toBe("latchkey users create: Account x was not found or is closed\n");
      expect((await listJson()).map((user) => user.email)).toEqual(["owner@localhost"]);
    });

    it("refuses a data dir that does not exist, and does not create it", async () => {
      const missing = join(dataDir, "nowhere");
      const result = await runCli(
        ["users", "create", "--email", "dev@example.com", "--role", "developer", "--data", missing],
        ENV,
      );
      expect(result).toEqual({
        code: 1,
        stdout: "",
        stderr: `latchkey users create: ${missing} is not an initialized data dir: run latchkey init or latchkey serve with it first\n`,
      });
      expect(existsSync(missing)).toBe(false);
    });

    it("refuses a data dir that was never initialized", async () => {
      const result = await users(["list"]);
      expect(result).toEqual({
        code: 1,
        stdout: "",
        stderr: `latchkey users list: ${dataDir} is not an initialized data dir: run latchkey init or latchkey serve with it first\n`,
      });
    });
  });

  describe("list", () => {
    it("lists every user in email order as an aligned table", async () => {
      const { accountSid, consoleUser } = await initDataDir(dataDir);
      const created = await users(["create", "--email", "a.developer@example.com", "--role", "developer", "--json"]);
      const developer = JSON.parse(created.stdout);

      const result = await users(["list"]);

      expect(result).toMatchObject({ code: 0, stderr: "" });
      const lines = result.stdout.trimEnd().split("\n");
      expect(lines).toHaveLength(3);
      const [header = "", first = "", second = ""] = lines;
      const emailWidth = "a.developer@example.com".length;
      expect(header).toBe(
        `${"SID".padEnd(34)}  ${"EMAIL".padEnd(emailWidth)}  ${"ROLE".padEnd(9)}  ${"ACCOUNT".padEnd(34)}  CREATED`,
      );
      const row = (sid: string, email: string, role: string) =>
        new RegExp(
          `^${sid}  ${email.padEnd(emailWidth).replaceAll(".", "\\.")}  ${role.padEnd(9)}  ${accountSid}  (.+)$`,
        );
      const developerRow = row(developer.sid, "a.developer@example.com", "developer").exec(first);
      const ownerRow = row(consoleUser.sid, "owner@localhost", "owner").exec(second);
      expect(developerRow?.[1]).toMatch(ISO_SECONDS);
      expect(ownerRow?.[1]).toMatch(ISO_SECONDS);
      // SECURITY: no password or hash is ever listed.
      expect(result.stdout).not.toContain(developer.one_time_password);
      expect(result.stdout).not.toContain("scrypt");
    });

    it("lists users as JSON", async () => {
      const { accountSid, consoleUser } = await initDataDir(dataDir);
      const listed = await listJson();
      expect(listed).toEqual([
        {
          sid: consoleUser.sid,
          email: "owner@localhost",
          role: "owner",
          account_sid: accountSid,
          must_change_password: true,
          date_created: expect.stringMatching(ISO_SECONDS),
        },
      ]);
    });

    it("says so when there is no user", async () => {
      await initDataDir(dataDir);
      await removeAllConsoleUsers(dataDir);
      const result = await users(["list"]);
      expect(result).toEqual({
        code: 0,
        stdout: "No console users. Create one with: latchkey users create --email <email> --role owner\n",
        stderr: "",
      });
      expect(await listJson()).toEqual([]);
    });
  });

  describe("delete", () => {
    it("deletes a user named by SID or by email, in any case", async () => {
      await initDataDir(dataDir);
      const first = JSON.parse(
        (await users(["create", "--email", "one@example.com", "--role", "developer", "--json"])).stdout,
      );
      const second = JSON.parse(
        (await users(["create", "--email", "two@example.com", "--role", "owner", "--json"])).stdout,
      );

      const bySid = await users(["delete", first.sid]);
      expect(bySid).toEqual({
        code: 0,
        stdout: `Deleted console user ${first.sid} (one@example.com); their sessions are ended.\n`,
        stderr: "",
      });
      const byEmail = await users(["delete", "TWO@example.com", "--json"]);
      expect(byEmail).toMatchObject({ code: 0, stderr: "" });
      expect(JSON.parse(byEmail.stdout)).toEqual({
        sid: second.sid,
        email: "two@example.com",
        role: "owner",
        account_sid: second.account_sid,
        deleted: true,
      });
      expect((await listJson()).map((user) => user.email)).toEqual(["owner@localhost"]);
    });

    it("refuses a user that does not exist", async () => {
      await initDataDir(dataDir);
      const byEmail = await users(["delete", "nobody@example.com"]);
      expect(byEmail).toEqual({
        code: 1,
        stdout: "",
        stderr: "latchkey users delete: No console user nobody@example.com exists\n",
      });
      const sid = `US${"0".repeat(32)}`;
      const bySid = await users(["delete", sid]);
      expect(bySid.code).toBe(1);
      expect(bySid.stderr).toBe(`latchkey users delete: No console user ${sid} exists\n`);
    });

    it("refuses to delete the owner account's last Owner, and allows it once there is another", async () => {
      await initDataDir(dataDir);
      const refused = await users(["delete", "owner@localhost"]);
      expect(refused).toEqual({
        code: 1,
        stdout: "",
        stderr:
          "latchkey users delete: owner@localhost is the last Owner of the owner account and cannot be deleted; make another Owner first\n",
      });
      await users(["create", "--email", "next@example.com", "--role", "owner"]);
      const allowed = await users(["delete", "owner@localhost"]);
      expect(allowed.code).toBe(0);
      expect((await listJson()).map((user) => [user.email, user.role])).toEqual([["next@example.com", "owner"]]);
    });
  });
});
