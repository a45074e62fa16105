import {
  type Account,
  accountToJson,
  LatchkeyApiError,
  LatchkeyClient,
  type LatchkeyClientOptions,
  LatchkeyConnectionError,
} from "@latchkey/sdk";
import { beforeEach, describe, expect, it } from "vitest";
import { createRestrictedKey, createStandardKey, RFC_2822 } from "../../server/test/support/route-fixtures.js";
import { useServer } from "../../server/test/support/use-server.js";

const ACCOUNT_SID = /^AC[0-9a-f]{32}$/;

/** A fetch that counts the requests it sends and remembers their paths. */
function countingFetch(): { fetch: typeof globalThis.fetch; paths: string[] } {
  const paths: string[] = [];
  return {
    paths,
    fetch: (input, init) => {
      const url = new URL(input instanceof Request ? input.url : input);
      paths.push(`${url.pathname}${url.search}`);
      return globalThis.fetch(input, init);
    },
  };
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to throw");
}

describe("LatchkeyClient accounts against a real server", () => {
  const { server } = useServer();
  let client: LatchkeyClient;
  const clientAs = (username: string, password: string, extra: Partial<LatchkeyClientOptions> = {}) =>
    new LatchkeyClient({ baseUrl: server.url, username, password, ...extra });

  beforeEach(() => {
    client = clientAs(server.accountSid, server.authToken);
  });

  describe("succeeds", () => {
    it("creates a subaccount and returns it in camelCase with real dates", async () => {
      const before = Date.now();
      const account = await client.accounts.create({ friendlyName: "Acme staging" });
      expect(account).toMatchObject({
        friendlyName: "Acme staging",
        status: "active",
        ownerAccountSid: server.accountSid,
        type: "Full",
        uri: `/2010-04-01/Accounts/${account.sid}.json`,
      });
      expect(account.sid).toMatch(ACCOUNT_SID);
      expect(account.sid).not.toBe(server.accountSid);
      expect(account.authToken).toMatch(/^[0-9a-f]{32}$/);
      expect(account.dateCreated).toBeInstanceOf(Date);
      // RFC 2822 carries whole seconds.
      expect(account.dateCreated.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
      expect(account.dateUpdated.getTime()).toBe(account.dateCreated.getTime());
      expect(account.subresourceUris.keys).toBe(`/2010-04-01/Accounts/${account.sid}/Keys.json`);
    });

    it("lets the server name a subaccount created without a friendly name", async () => {
      const account = await client.accounts.create();
      expect(account.friendlyName).toEqual(expect.any(String));
      expect(account.friendlyName).not.toBe("");
    });

    it("fetches an account exactly as the server wrote it", async () => {
      const created = await client.accounts.create({ friendlyName: "Acme" });
      const fetched = await client.accounts.fetch(created.sid);
      expect(fetched).toEqual(created);
      const raw = await server.request("GET", `/2010-04-01/Accounts/${created.sid}.json`, {
        auth: { user: server.accountSid, password: server.authToken },
      });
      expect(accountToJson(fetched)).toEqual(raw.json);
      expect(raw.json.date_created).toMatch(RFC_2822);
    });

    it("renames an account and changes its status, keeping what is left out", async () => {
      const created = await client.accounts.create({ friendlyName: "Acme" });
      const renamed = await client.accounts.update(created.sid, { friendlyName: "Acme (old)" });
      expect(renamed).toMatchObject({ sid: created.sid, friendlyName: "Acme (old)", status: "active" });
      const suspended = await client.accounts.update(created.sid, { status: "suspended" });
      expect(suspended).toMatchObject({ friendlyName: "Acme (old)", status: "suspended" });
      expect((await client.accounts.fetch(created.sid)).status).toBe("suspended");
    });

    it("lists every account across several pages, following next_page_uri", async () => {
      const created: Account[] = [];
      for (let i = 0; i < 5; i++) created.push(await client.accounts.create({ friendlyName: `sub ${i}` }));
      const counter = countingFetch();
      const paged = clientAs(server.accountSid, server.authToken, { fetch: counter.fetch });

      const accounts = await paged.accounts.list({ pageSize: 2 });

      const sids = accounts.map((account) => account.sid);
      expect(new Set(sids).size).toBe(sids.length);
      expect([...sids].sort()).toEqual([server.accountSid, ...created.map((account) => account.sid)].sort());
      // Six accounts at two a page: three full pages, and possibly an empty fourth.
      expect(counter.paths.length).toBeGreaterThanOrEqual(3);
      expect(counter.paths[0]).toBe("/2010-04-01/Accounts.json?PageSize=2");
      for (const path of counter.paths.slice(1)) expect(path).toContain("PageToken=");
    });

    it("keeps the filters on every page", async () => {
      for (const name of ["match", "other", "match", "match"]) await client.accounts.create({ friendlyName: name });
      const suspended = await client.accounts.create({ friendlyName: "match" });
      await client.accounts.update(suspended.sid, { status: "suspended" });

      const active = await client.accounts.list({ friendlyName: "match", status: "active", pageSize: 1 });
      expect(active.map((account) => account.friendlyName)).toEqual(["match", "match", "match"]);
      expect(active.every((account) => account.status === "active")).toBe(true);
      expect((await client.accounts.list({ status: "suspended" })).map((account) => account.sid)).toEqual([
        suspended.sid,
      ]);
    });

    it("reads no further pages when an iteration stops early", async () => {
      for (let i = 0; i < 3; i++) await client.accounts.create();
      const counter = countingFetch();
      const paged = clientAs(server.accountSid, server.authToken, { fetch: counter.fetch });
      for await (const account of paged.accounts.iterate({ pageSize: 1 })) {
        expect(account.sid).toMatch(ACCOUNT_SID);
        break;
      }
      expect(counter.paths).toHaveLength(1);
    });

    it("works with a Main API key, which sees Auth Tokens", async () => {
      const key = await server.createMainKey();
      const account = await clientAs(key.sid, key.secret).accounts.create({ friendlyName: "by key" });
      expect(account.authToken).toMatch(/^[0-9a-f]{32}$/);
    });

    it("shows a restricted key with accounts/read a null Auth Token", async () => {
      const key = await createRestrictedKey(server, ["/twilio/iam/accounts/read"]);
      const account = await clientAs(key.user, key.password).accounts.fetch(server.accountSid);
      expect(account).toMatchObject({ sid: server.accountSid, authToken: null });
    });
  });

  describe("maps API errors", () => {
    it("throws 404/20404 for an account that does not exist", async () => {
      const sid = `AC${"0".repeat(32)}`;
      const error = await caught(client.accounts.fetch(sid));
      expect(error).toBeInstanceOf(LatchkeyApiError);
      expect({ ...(error as LatchkeyApiError), message: (error as Error).message }).toEqual({
        name: "LatchkeyApiError",
        status: 404,
        code: 20404,
        message: `The requested resource /2010-04-01/Accounts/${sid}.json was not found`,
        moreInfo: "https://www.twilio.com/docs/errors/20404",
      });
    });

    it("throws 404/20404 for another top-level account", async () => {
      const other = await server.createOtherAccount();
      const error = await caught(client.accounts.update(other.accountSid, { friendlyName: "mine now" }));
      expect(error).toMatchObject({ status: 404, code: 20404 });
    });

    it("throws 401/20003 for a wrong Auth Token", async () => {
      const error = await caught(clientAs(server.accountSid, "0".repeat(32)).accounts.list());
      expect(error).toBeInstanceOf(LatchkeyApiError);
      expect(error).toMatchObject({
        status: 401,
        code: 20003,
        message: "Authenticate",
        moreInfo: "https://www.twilio.com/docs/errors/20003",
      });
    });

    it("throws 401/20003 for a standard key, which Twilio keeps off the Accounts API", async () => {
      const key = await createStandardKey(server);
      const error = await caught(clientAs(key.user, key.password).accounts.create());
      expect(error).toMatchObject({ status: 401, code: 20003 });
    });

    it("throws 403/70051 for a restricted key without the permission", async () => {
      const key = await createRestrictedKey(server, ["/twilio/iam/accounts/read"]);
      const error = await caught(clientAs(key.user, key.password).accounts.list());
      expect(error).toBeInstanceOf(LatchkeyApiError);
      expect(error).toMatchObject({ status: 403, code: 70051 });
      expect((error as Error).message).toContain("/twilio/iam/accounts/list");
    });

    it("throws 400 naming the field for a friendly name that is too long", async () => {
      const error = await caught(client.accounts.create({ friendlyName: "x".repeat(65) }));
      expect(error).toMatchObject({ status: 400, code: 20002, message: "FriendlyName must be 1 to 64 characters" });
    });

    it("throws a connection error when nothing listens", async () => {
      const url = server.url;
      await server.close();
      const error = await caught(
        new LatchkeyClient({ baseUrl: url, username: server.accountSid, password: server.authToken }).accounts.list(),
      );
      expect(error).toBeInstanceOf(LatchkeyConnectionError);
      expect((error as Error).message).toContain(`Could not reach Latchkey at ${url}: connect ECONNREFUSED`);
    });
  });
});
