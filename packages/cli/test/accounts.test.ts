import { beforeEach, describe, expect, it } from "vitest";
import { useServer } from "../../server/test/support/use-server.js";
import { runCli } from "./run-cli.js";

/** The variables the commands read, emptied so the developer's own shell cannot leak into a test. */
const NO_REMOTE_ENV = {
  LATCHKEY_URL: "",
  TWILIO_ACCOUNT_SID: "",
  TWILIO_AUTH_TOKEN: "",
  TWILIO_API_KEY: "",
  TWILIO_API_SECRET: "",
};

const HEADER = /^SID {2,}FRIENDLY NAME {2,}STATUS {2,}OWNER {2,}CREATED$/;
const CREATED = /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/;

describe("latchkey accounts against a running server", () => {
  const { server } = useServer();
  /** --url and the owner's credentials as flags. */
  let asOwner: string[];

  beforeEach(async () => {
    asOwner = ["--url", server.url, "--account-sid", server.accountSid, "--auth-token", server.authToken];
  });

  const run = (args: readonly string[], env: NodeJS.ProcessEnv = {}) =>
    runCli(["accounts", ...args], { ...NO_REMOTE_ENV, ...env });

  /** Creates a subaccount through the API itself; returns its JSON, Auth Token included. */
  async function createSubaccount(friendlyName: string): Promise<Record<string, string>> {
    const response = await server.request("POST", "/2010-04-01/Accounts.json", {
      auth: { user: server.accountSid, password: server.authToken },
      form: { FriendlyName: friendlyName },
    });
    expect(response.status).toBe(201);
    return response.json;
  }

  describe("succeeds", () => {
    it("lists the caller and its subaccounts as an aligned table without Auth Tokens", async () => {
      const subs = [await createSubaccount("Acme staging"), await createSubaccount("Beta")];

      const result = await run(["list", ...asOwner]);

      expect(result).toMatchObject({ code: 0, stderr: "" });
      const [header, ...rows] = result.stdout.trimEnd().split("\n");
      expect(header).toMatch(HEADER);
      expect(rows).toHaveLength(3);
      const nameColumn = header?.indexOf("FRIENDLY NAME");
      for (const sub of subs) {
        const row = rows.find((line) => line.startsWith(sub.sid ?? "?")) ?? "";
        expect(row.indexOf(sub.friendly_name ?? "?")).toBe(nameColumn);
        expect(row).toContain(`  active  ${server.accountSid}  `);
        expect(row).toMatch(CREATED);
        // SECURITY: a table never shows an Auth Token.
        expect(result.stdout).not.toContain(sub.auth_token);
      }
      expect(result.stdout).not.toContain(server.authToken);
    });

    it("creates a subaccount, printing one row and where to read its Auth Token", async () => {
      const result = await run(["create", "--friendly-name", "Acme staging", ...asOwner]);

      expect(result.code).toBe(0);
      const [header, row] = result.stdout.trimEnd().split("\n");
      expect(header).toMatch(HEADER);
      const sid = row?.split(" ", 1)[0] ?? "";
      expect(sid).toMatch(/^AC[0-9a-f]{32}$/);
      expect(row).toContain("Acme staging");
      expect(result.stderr).toContain(`latchkey accounts fetch ${sid} --json`);
      const stored = await server.request("GET", `/2010-04-01/Accounts/${sid}.json`, {
        auth: { user: server.accountSid, password: server.authToken },
      });
      expect(stored.json).toMatchObject({ friendly_name: "Acme staging", owner_account_sid: server.accountSid });
      expect(result.stdout).not.toContain(stored.json.auth_token);
    });

    it("prints with --json the account exactly as the API returns it, Auth Token included", async () => {
      const sub = await createSubaccount("Acme");

      const fetched = await run(["fetch", sub.sid ?? "", "--json", ...asOwner]);

      expect(fetched.code).toBe(0);
      expect(JSON.parse(fetched.stdout)).toEqual(sub);
      expect(JSON.parse(fetched.stdout).auth_token).toMatch(/^[0-9a-f]{32}$/);
    });

    it("prints with --json the whole list as an array of the API's objects", async () => {
      const sub = await createSubaccount("Acme");

      const listed = await run(["list", "--json", ...asOwner]);

      expect(listed.code).toBe(0);
      const accounts = JSON.parse(listed.stdout) as Record<string, unknown>[];
      expect(accounts.map((account) => account.sid).sort()).toEqual([server.accountSid, sub.sid].sort());
      expect(accounts.find((account) => account.sid === sub.sid)).toEqual(sub);
    });

    it("renames and suspends an account, then finds it by status", async () => {
      const sub = await createSubaccount("Acme");

      const updated = await run([
        "update",
        sub.sid ?? "",
        "--friendly-name",
        "Acme (paused)",
        "--status",
        "suspended",
        "--json",
        ...asOwner,
      ]);

      expect(updated.code).toBe(0);
      expect(JSON.parse(updated.stdout)).toMatchObject({
        sid: sub.sid,
        friendly_name: "Acme (paused)",
        status: "suspended",
      });
      const suspended = await run(["list", "--status", "suspended", ...asOwner]);
      const rows = suspended.stdout.trimEnd().split("\n").slice(1);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatch(new RegExp(`^${sub.sid} +Acme \\(paused\\) +suspended `));
    });

    it("reads the URL and an Account SID pair from the environment", async () => {
      const result = await run(["fetch", server.accountSid, "--json"], {
        LATCHKEY_URL: server.url,
        TWILIO_ACCOUNT_SID: server.accountSid,
        TWILIO_AUTH_TOKEN: server.authToken,
      });
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ sid: server.accountSid });
    });

    it("reads an API key pair from the environment", async () => {
      const key = await server.createMainKey();
      const result = await run(["list"], {
        LATCHKEY_URL: server.url,
        TWILIO_API_KEY: key.sid,
        TWILIO_API_SECRET: key.secret,
      });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(server.accountSid);
    });

    it("lets credential flags win over the environment", async () => {
      const result = await run(["list", ...asOwner], {
        TWILIO_ACCOUNT_SID: server.accountSid,
        TWILIO_AUTH_TOKEN: "0".repeat(32),
      });
      expect(result).toMatchObject({ code: 0, stderr: "" });
    });
  });

  describe("rejects", () => {
    it("a command without credentials, naming both ways to give them", async () => {
      const result = await run(["list", "--url", server.url]);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain(
        "latchkey accounts list: no credentials: pass --account-sid and --auth-token (or --api-key and --api-secret), " +
          "or set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (or TWILIO_API_KEY and TWILIO_API_SECRET)",
      );
    });

    it("an account that does not exist, with the API's message and code", async () => {
      const sid = `AC${"0".repeat(32)}`;
      const result = await run(["fetch", sid, ...asOwner]);
      expect(result).toEqual({
        code: 1,
        stdout: "",
        stderr: `latchkey accounts fetch: The requested resource /2010-04-01/Accounts/${sid}.json was not found (code 20404)\n`,
      });
    });

    it("half a pair of credential flags, rather than completing it from the environment", async () => {
      const result = await run(["list", "--url", server.url, "--account-sid", server.accountSid], {
        TWILIO_AUTH_TOKEN: server.authToken,
      });
      expect(result).toMatchObject({
        code: 1,
        stdout: "",
        stderr: "latchkey accounts list: --account-sid is given without --auth-token\n",
      });
    });

    it("a wrong Auth Token, with the API's 401 code", async () => {
      const wrong = await run(["update", server.accountSid, "--friendly-name", "x"], {
        LATCHKEY_URL: server.url,
        TWILIO_ACCOUNT_SID: server.accountSid,
        TWILIO_AUTH_TOKEN: "0".repeat(32),
      });
      expect(wrong).toMatchObject({
        code: 1,
        stdout: "",
        stderr: "latchkey accounts update: Authenticate (code 20003)\n",
      });
    });

    it("a friendly name the server refuses", async () => {
      const result = await run(["create", "--friendly-name", "x".repeat(65), ...asOwner]);
      expect(result).toMatchObject({
        code: 1,
        stderr: "latchkey accounts create: FriendlyName must be 1 to 64 characters (code 20002)\n",
      });
    });

    it("an update with nothing to change, and a status that does not exist", async () => {
      const nothing = await run(["update", server.accountSid, ...asOwner]);
      expect(nothing.code).toBe(1);
      expect(nothing.stderr).toContain("nothing to change; give --friendly-name or --status");
      const unknown = await run(["update", server.accountSid, "--status", "paused", ...asOwner]);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain("Allowed choices are active, suspended, closed");
    });

    it("a server that is not running", async () => {
      const url = server.url;
      const credentials = ["--account-sid", server.accountSid, "--auth-token", server.authToken];
      await server.close();
      const result = await run(["list", "--url", url, ...credentials]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `latchkey accounts list: Could not reach Latchkey at ${url}: connect ECONNREFUSED`,
      );
    });
  });
});
