import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ENV, initDataDir, removeAllConsoleUsers } from "./console-data-dir.js";
import { runCli, runCliWithInput } from "./run-cli.js";
import { bannerConsoleUser, bannerCredentials, basicAuth, type ServeProcess, startServe } from "./serve-process.js";

const ONE_TIME_PASSWORD = /^[A-Za-z0-9_-]{22}$/;
const PASSWORD = "correct horse battery staple";
const BAD_OWNER_EMAIL =
  "LATCHKEY_OWNER_EMAIL must be an email address such as owner@example.com (one @, no spaces, at most 254 characters)";

/** POST /console/api/session as a browser on the console's own origin would. */
function signIn(url: string, email: string, password: string): Promise<Response> {
  return fetch(`${url}/console/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
}

async function waitForBanner(server: ServeProcess) {
  await vi.waitFor(() => expect(bannerConsoleUser(server.stdout())).toBeDefined());
  const credentials = bannerCredentials(server.stdout());
  const consoleUser = bannerConsoleUser(server.stdout());
  if (credentials === undefined || consoleUser === undefined) throw new Error("no banner");
  return { ...credentials, ...consoleUser };
}

describe("the console's first Owner user", () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), "latchkey-console-start-"));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  describe("latchkey serve", () => {
    it("creates owner@localhost on first start and prints it in the banner, then never again", async () => {
      const first = await startServe(["--port", "0", "--data", dataDir], ENV);
      let banner: Awaited<ReturnType<typeof waitForBanner>>;
      try {
        banner = await waitForBanner(first);
        expect(banner.oneTimePassword).toMatch(ONE_TIME_PASSWORD);
        expect(first.stdout()).toContain(
          [
            "",
            "Latchkey initialized a new data dir. Save these credentials now: they are not shown again.",
            "",
            `  Account SID:      ${banner.accountSid} (the same in every region)`,
            `  Auth Token (us1): ${banner.authToken}`,
            `  API:              ${first.url}`,
            "",
            `  Console:           ${first.url}/console`,
            "  Console email:     owner@localhost",
            `  One-time password: ${banner.oneTimePassword}`,
            "  The one-time password must be changed at first sign-in.",
            "",
            "Try it:",
            `  curl -u ${banner.accountSid}:${banner.authToken} '${first.url}/v1/Keys?AccountSid=${banner.accountSid}'`,
            "",
            "",
          ].join("\n"),
        );
        // Nothing to fix: no warning about a missing console user.
        expect(first.stderr()).not.toContain("no console user");
      } finally {
        expect(await first.stop()).toBe(0);
      }
      // SECURITY: the one-time password is in the banner only, never in a log line.
      const logLines = first
        .stdout()
        .split("\n")
        .filter((line) => line.startsWith("{"));
      expect(logLines.length).toBeGreaterThan(0);
      for (const line of logLines) expect(line).not.toContain(banner.oneTimePassword);

      const second = await startServe(["--port", "0", "--data", dataDir], ENV);
      expect(await second.stop()).toBe(0);
      expect(second.stdout()).not.toContain("Console email");
      expect(second.stdout()).not.toContain("One-time password");
      expect(second.stdout()).not.toContain(banner.oneTimePassword);
      expect(second.stderr()).not.toContain("no console user");

      const listed = await runCli(["users", "list", "--data", dataDir, "--json"], ENV);
      expect(JSON.parse(listed.stdout)).toEqual([
        expect.objectContaining({
          email: "owner@localhost",
          role: "owner",
          account_sid: banner.accountSid,
          must_change_password: true,
        }),
      ]);
    });

    it("names the Owner user after LATCHKEY_OWNER_EMAIL, normalized", async () => {
      const server = await startServe(["--port", "0", "--data", dataDir], {
        ...ENV,
        LATCHKEY_OWNER_EMAIL: " Ops@Example.COM ",
      });
      try {
        const banner = await waitForBanner(server);
        expect(banner.email).toBe("ops@example.com");
        expect(server.stdout()).toContain("\n  Console email:     ops@example.com\n");
      } finally {
        expect(await server.stop()).toBe(0);
      }
      const listed = await runCli(["users", "list", "--data", dataDir, "--json"], ENV);
      expect(JSON.parse(listed.stdout).map((user: { email: string }) => user.email)).toEqual(["ops@example.com"]);
    });

    it("refuses a LATCHKEY_OWNER_EMAIL that is not an email before touching the data dir", async () => {
      const fresh = join(dataDir, "fresh");
      const result = await runCli(["serve", "--port", "0", "--data", fresh], {
        ...ENV,
        LATCHKEY_OWNER_EMAIL: "owner at example.com",
      });
      expect(result).toEqual({ code: 1, stdout: "", stderr: `latchkey serve: ${BAD_OWNER_EMAIL}\n` });
      expect(existsSync(fresh)).toBe(false);
    });

    it("refuses a LATCHKEY_CONSOLE_IDLE_MINUTES out of range", async () => {
      for (const value of ["0", "1441", "ten"]) {
        const result = await runCli(["serve", "--port", "0", "--data", dataDir], {
          ...ENV,
          LATCHKEY_CONSOLE_IDLE_MINUTES: value,
        });
        expect(result).toEqual({
          code: 1,
          stdout: "",
          stderr: "latchkey serve: LATCHKEY_CONSOLE_IDLE_MINUTES must be an integer from 1 to 1440\n",
        });
      }
    });

    it("tells the operator how to make a user when an existing data dir has none", async () => {
      const { accountSid } = await initDataDir(dataDir);
      await removeAllConsoleUsers(dataDir);
      const server = await startServe(["--port", "0", "--data", dataDir], ENV);
      expect(await server.stop()).toBe(0);
      const warning = `Warning: no console user can sign in to ${server.url}/console yet: create an Owner with latchkey users create --email <email> --role owner --data ${dataDir}`;
      expect(
        server
          .stderr()
          .split("\n")
          .filter((line) => line.includes("console user")),
      ).toEqual([warning]);
      expect(server.stdout()).not.toContain(accountSid);

      // Following the advice works, and the next start says nothing more.
      const created = await runCli(
        ["users", "create", "--email", "me@example.com", "--role", "owner", "--data", dataDir],
        ENV,
      );
      expect(created.code).toBe(0);
      const next = await startServe(["--port", "0", "--data", dataDir], ENV);
      expect(await next.stop()).toBe(0);
      expect(next.stderr()).not.toContain("console user");
    });

    it("signs in, at its next sign-in, a user created by the operator command while it runs", async () => {
      const server = await startServe(["--port", "0", "--data", dataDir], ENV);
      try {
        const banner = await waitForBanner(server);
        const owner = await signIn(server.url, banner.email, banner.oneTimePassword);
        expect(owner.status).toBe(200);
        expect(await owner.json()).toMatchObject({
          user: { email: "owner@localhost", role: "owner", account_sid: banner.accountSid },
          must_change_password: true,
        });

        // Unknown until the command runs.
        expect((await signIn(server.url, "dev@example.com", PASSWORD)).status).toBe(401);
        const created = await runCliWithInput(
          [
            "users",
            "create",
            "--email",
            "dev@example.com",
            "--role",
            "developer",
            "--password-stdin",
            "--json",
            "--data",
            dataDir,
          ],
          `${PASSWORD}\n`,
          ENV,
        );
        expect(created).toMatchObject({ code: 0, stderr: "" });
        const developer = JSON.parse(created.stdout);
        const signedIn = await signIn(server.url, "dev@example.com", PASSWORD);
        expect(signedIn.status).toBe(200);
        expect(signedIn.headers.get("set-cookie")).toMatch(/^latchkey_console=/);
        expect(await signedIn.json()).toMatchObject({
          user: { sid: developer.sid, email: "dev@example.com", role: "developer", account_sid: banner.accountSid },
          must_change_password: false,
        });

        // A subaccount made through the API gets its own users the same way.
        const sub = await fetch(`${server.url}/2010-04-01/Accounts.json`, {
          method: "POST",
          headers: {
            authorization: basicAuth(banner.accountSid, banner.authToken),
            "content-type": "application/x-www-form-urlencoded",
          },
          body: "FriendlyName=Staging",
        });
        expect(sub.status).toBe(201);
        const subSid: string = ((await sub.json()) as { sid: string }).sid;
        const subUser = await runCliWithInput(
          [
            "users",
            "create",
            "--email",
            "staging@example.com",
            "--role",
            "read-only",
            "--account",
            subSid,
            "--password-stdin",
            "--json",
            "--data",
            dataDir,
          ],
          PASSWORD,
          ENV,
        );
        expect(subUser.code).toBe(0);
        expect(JSON.parse(subUser.stdout)).toMatchObject({ account_sid: subSid, role: "read-only" });
        const subSignIn = await signIn(server.url, "staging@example.com", PASSWORD);
        expect(subSignIn.status).toBe(200);
        expect(await subSignIn.json()).toMatchObject({ user: { account_sid: subSid, role: "read-only" } });

        // Deleted beside the server: the next sign-in fails.
        const deleted = await runCli(["users", "delete", "dev@example.com", "--data", dataDir], ENV);
        expect(deleted.code).toBe(0);
        expect((await signIn(server.url, "dev@example.com", PASSWORD)).status).toBe(401);
      } finally {
        expect(await server.stop()).toBe(0);
      }
    });
  });

  describe("latchkey init", () => {
    it("prints the Owner user's email and one-time password after the credentials", async () => {
      const result = await runCli(["init", "--data", dataDir], ENV);
      expect(result).toMatchObject({ code: 0, stderr: expect.not.stringContaining("console user") });
      const accountSid = /^Account SID: {6}(AC[0-9a-f]{32})\n/.exec(result.stdout)?.[1];
      const authToken = /\nAuth Token \(us1\): ([0-9a-f]{32})\n/.exec(result.stdout)?.[1];
      const password = /\nOne-time password: ([A-Za-z0-9_-]{22})\n/.exec(result.stdout)?.[1];
      expect(result.stdout).toBe(
        [
          `Account SID:      ${accountSid}`,
          `Auth Token (us1): ${authToken}`,
          "",
          "Console email:     owner@localhost",
          `One-time password: ${password}`,
          "The one-time password must be changed at first sign-in.",
          "",
        ].join("\n"),
      );
      expect(result.stdout).not.toContain("Console:");
    });

    it("prints console_user in its JSON, named after LATCHKEY_OWNER_EMAIL", async () => {
      const result = await runCli(["init", "--data", dataDir, "--json"], {
        ...ENV,
        LATCHKEY_OWNER_EMAIL: "Root@Example.org",
      });
      expect(result.code).toBe(0);
      const printed = JSON.parse(result.stdout);
      expect(Object.keys(printed)).toEqual(["account_sid", "auth_token", "auth_tokens", "console_user"]);
      expect(Object.keys(printed.console_user)).toEqual(["sid", "email", "one_time_password"]);
      expect(printed.console_user.sid).toMatch(/^US[0-9a-f]{32}$/);
      expect(printed.console_user.email).toBe("root@example.org");
      expect(printed.console_user.one_time_password).toMatch(ONE_TIME_PASSWORD);
    });

    it("refuses a bad LATCHKEY_OWNER_EMAIL and creates nothing", async () => {
      const fresh = join(dataDir, "fresh");
      const result = await runCli(["init", "--data", fresh], { ...ENV, LATCHKEY_OWNER_EMAIL: "@" });
      expect(result).toEqual({ code: 1, stdout: "", stderr: `latchkey init: ${BAD_OWNER_EMAIL}\n` });
      expect(existsSync(fresh)).toBe(false);
    });
  });
});
