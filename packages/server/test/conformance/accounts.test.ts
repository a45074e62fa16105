import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ACCOUNT_FIELDS,
  type AccountsConformance,
  assertAccountsResponseMatchesSpec,
  startAccountsConformance,
  withUriMaps,
} from "../support/account-spec.js";
import { restExceptionOf } from "../support/twilio-client.js";

const ACCOUNT_SID = /^AC[0-9a-f]{32}$/;
const AUTH_TOKEN = /^[0-9a-f]{32}$/;

/** The records `each()` yields, collected until the client calls `done`. */
function collect<T>(each: (options: { callback: (item: T) => void; done: (error?: Error) => void }) => void) {
  return new Promise<T[]>((resolve, reject) => {
    const items: T[] = [];
    each({
      callback: (item) => items.push(item),
      done: (error) => (error === undefined || error === null ? resolve(items) : reject(error)),
    });
  });
}

describe("API v2010 Accounts through the official client", () => {
  let ctx: AccountsConformance;
  beforeEach(async () => {
    ctx = await startAccountsConformance();
  });
  afterEach(async () => {
    await ctx.close();
  });

  const accounts = () => ctx.owner.api.v2010.accounts;
  const account = (sid: string) => ctx.owner.api.v2010.accounts(sid);
  const subClient = (sid: string, authToken: string) => ctx.clientFor({ accountSid: sid, authToken });
  const bodyOf = (index = -1) => JSON.parse(ctx.exchanges.at(index)?.body ?? "null");

  describe("create", () => {
    it("creates a subaccount (CreateAccount 201) the client reads field for field", async () => {
      const created = await accounts().create({ friendlyName: "conformance sub" });

      expect(ctx.last()).toMatchObject({ method: "POST", status: 201 });
      expect(Object.keys(bodyOf()).sort()).toEqual(ACCOUNT_FIELDS);
      expect(created.sid).toMatch(ACCOUNT_SID);
      expect(created.authToken).toMatch(AUTH_TOKEN);
      expect(created).toMatchObject({
        friendlyName: "conformance sub",
        ownerAccountSid: ctx.server.accountSid,
        status: "active",
        type: "Full",
        uri: `/2010-04-01/Accounts/${created.sid}.json`,
      });
      // The clock ticks once per reading; initializing the owner account took 09:30:00.
      expect(created.dateCreated).toEqual(new Date(Date.UTC(2025, 0, 6, 9, 30, 1)));
      expect(created.dateUpdated).toEqual(created.dateCreated);
      expect(created.subresourceUris).toMatchObject({
        keys: `/2010-04-01/Accounts/${created.sid}/Keys.json`,
        signing_keys: `/2010-04-01/Accounts/${created.sid}/SigningKeys.json`,
        short_codes: `/2010-04-01/Accounts/${created.sid}/SMS/ShortCodes.json`,
      });
      expect(Object.keys(created.subresourceUris)).toHaveLength(20);
    });

    it("names a subaccount created without a FriendlyName after its creation time", async () => {
      const created = await accounts().create();

      expect(created.friendlyName).toBe("SubAccount Created at 2025-01-06 09:30 am");
    });

    it("lets the new subaccount's own client fetch itself with the returned token", async () => {
      const created = await accounts().create({ friendlyName: "self" });

      const fetched = await subClient(created.sid, created.authToken).api.v2010.accounts(created.sid).fetch();

      expect(fetched.toJSON()).toEqual(created.toJSON());
    });

    it("maps 21101 to a RestException when a subaccount creates a subaccount", async () => {
      const created = await accounts().create();

      const error = await restExceptionOf(subClient(created.sid, created.authToken).api.v2010.accounts.create());

      expect(error).toMatchObject({ status: 400, code: 21101, moreInfo: "https://www.twilio.com/docs/errors/21101" });
    });

    it("maps 21480 to a RestException past the subaccount cap", async () => {
      await ctx.close();
      ctx = await startAccountsConformance({ maxSubaccounts: 2 });
      await accounts().create();
      await accounts().create();

      const error = await restExceptionOf(accounts().create());

      expect(error).toMatchObject({ status: 400, code: 21480 });
    });

    it("maps a 65-character FriendlyName to a 400/20002 RestException", async () => {
      const error = await restExceptionOf(accounts().create({ friendlyName: "x".repeat(65) }));

      expect(error).toMatchObject({ status: 400, code: 20002 });
    });
  });

  describe("list and each", () => {
    it("lists the owner and its subaccounts (ListAccount 200), newest update first", async () => {
      const first = await accounts().create({ friendlyName: "first" });
      const second = await accounts().create({ friendlyName: "second" });

      const listed = await accounts().list();

      expect(listed.map((account) => account.sid)).toEqual([second.sid, first.sid, ctx.server.accountSid]);
      expect(listed[2]).toMatchObject({ ownerAccountSid: ctx.server.accountSid, authToken: ctx.server.authToken });
      expect(bodyOf()).toMatchObject({
        first_page_uri: "/2010-04-01/Accounts.json?PageSize=50&Page=0",
        next_page_uri: null,
        start: 0,
        end: 2,
      });
    });

    it("filters by FriendlyName and Status, which the server echoes in its paging URIs", async () => {
      const target = await accounts().create({ friendlyName: "match" });
      const suspended = await accounts().create({ friendlyName: "match" });
      await accounts().create({ friendlyName: "other" });
      await account(suspended.sid).update({ status: "suspended" });

      const active = await accounts().list({ friendlyName: "match", status: "active" });
      const parked = await accounts().list({ status: "suspended" });

      expect(active.map((account) => account.sid)).toEqual([target.sid]);
      expect(parked.map((account) => account.sid)).toEqual([suspended.sid]);
      expect(bodyOf().uri).toBe("/2010-04-01/Accounts.json?Status=suspended&PageSize=50&Page=0");
    });

    it("walks every page with each(), following next_page_uri, validating every page", async () => {
      const created: string[] = [];
      for (let index = 0; index < 5; index++) created.push((await accounts().create()).sid);
      const before = ctx.exchanges.length;

      const seen = await collect<{ sid: string }>((options) => accounts().each({ pageSize: 2, ...options }));

      expect(seen.map((account) => account.sid)).toEqual([...created].reverse().concat(ctx.server.accountSid));
      const pages = ctx.exchanges.slice(before);
      expect(pages.map((exchange) => [exchange.method, exchange.status])).toEqual([
        ["GET", 200],
        ["GET", 200],
        ["GET", 200],
      ]);
      expect(pages.map((exchange) => exchange.clientUrl.searchParams.get("Page"))).toEqual([null, "1", "2"]);
    });

    it("stops at the limit the caller gives list()", async () => {
      for (let index = 0; index < 3; index++) await accounts().create();

      const listed = await accounts().list({ pageSize: 1, limit: 2 });

      expect(listed).toHaveLength(2);
    });

    it("shows a subaccount's client only its own account", async () => {
      const sub = await accounts().create();
      await accounts().create();

      const listed = await subClient(sub.sid, sub.authToken).api.v2010.accounts.list();

      expect(listed.map((account) => account.sid)).toEqual([sub.sid]);
    });

    it("maps a bad Status filter to a 400/20001 RestException", async () => {
      const error = await restExceptionOf(accounts().list({ status: "paused" as "active" }));

      expect(error).toMatchObject({ status: 400, code: 20001 });
    });
  });

  describe("fetch", () => {
    it("fetches the owner account (FetchAccount 200), which owns itself", async () => {
      const fetched = await account(ctx.server.accountSid).fetch();

      expect(Object.keys(bodyOf()).sort()).toEqual(ACCOUNT_FIELDS);
      expect(fetched).toMatchObject({
        sid: ctx.server.accountSid,
        ownerAccountSid: ctx.server.accountSid,
        friendlyName: "Owner account",
        authToken: ctx.server.authToken,
        status: "active",
      });
    });

    it("gives a restricted key with accounts/read a null auth token", async () => {
      const response = await ctx.server.request("POST", "/v1/Keys", {
        auth: { user: ctx.server.accountSid, password: ctx.server.authToken },
        form: {
          AccountSid: ctx.server.accountSid,
          KeyType: "restricted",
          Policy: JSON.stringify({ allow: ["/twilio/iam/accounts/read"] }),
        },
      });
      const client = ctx.clientFor({
        accountSid: ctx.server.accountSid,
        keySid: response.json.sid,
        keySecret: response.json.secret,
      });

      const fetched = await client.api.v2010.accounts(ctx.server.accountSid).fetch();

      expect(bodyOf().auth_token).toBeNull();
      expect(fetched.authToken).toBeNull();
    });

    it.each([
      ["an unknown account", `AC${"0".repeat(32)}`],
      ["a malformed SID", "AC123"],
    ])("maps %s to a 404/20404 RestException", async (_what, sid) => {
      const error = await restExceptionOf(account(sid).fetch());

      expect(error).toMatchObject({
        status: 404,
        code: 20404,
        message: `The requested resource /2010-04-01/Accounts/${sid}.json was not found`,
      });
    });

    it("maps a subaccount fetching its parent to a 404/20404 RestException", async () => {
      const sub = await accounts().create();

      const error = await restExceptionOf(
        subClient(sub.sid, sub.authToken).api.v2010.accounts(ctx.server.accountSid).fetch(),
      );

      expect(error).toMatchObject({ status: 404, code: 20404 });
    });

    it("maps a wrong auth token to a 401/20003 RestException", async () => {
      const error = await restExceptionOf(subClient(ctx.server.accountSid, "0".repeat(32)).api.v2010.accounts.list());

      expect(error).toMatchObject({ status: 401, code: 20003, message: "Authenticate" });
    });
  });

  describe("update", () => {
    it("renames a subaccount (UpdateAccount 200), moving dateUpdated only", async () => {
      const created = await accounts().create({ friendlyName: "before" });

      const updated = await account(created.sid).update({ friendlyName: "after" });

      expect(Object.keys(bodyOf()).sort()).toEqual(ACCOUNT_FIELDS);
      expect(updated.friendlyName).toBe("after");
      expect(updated.dateCreated).toEqual(created.dateCreated);
      expect(updated.dateUpdated.getTime()).toBeGreaterThan(created.dateUpdated.getTime());
    });

    it("suspends, reactivates and closes a subaccount", async () => {
      const created = await accounts().create();

      expect((await account(created.sid).update({ status: "suspended" })).status).toBe("suspended");
      expect((await account(created.sid).update({ status: "active" })).status).toBe("active");
      expect((await account(created.sid).update({ status: "closed" })).status).toBe("closed");
      expect((await account(created.sid).fetch()).status).toBe("closed");
    });

    it("maps reopening a closed subaccount to a 400/20001 RestException", async () => {
      const created = await accounts().create();
      await account(created.sid).update({ status: "closed" });

      const error = await restExceptionOf(account(created.sid).update({ status: "active" }));

      expect(error).toMatchObject({ status: 400, code: 20001 });
    });

    it("maps suspending the owner account to a 403/20006 RestException", async () => {
      const error = await restExceptionOf(account(ctx.server.accountSid).update({ status: "suspended" }));

      expect(error).toMatchObject({ status: 403, code: 20006 });
    });

    it("maps a subaccount closing itself to a 403/20006 RestException", async () => {
      const sub = await accounts().create();

      const error = await restExceptionOf(
        subClient(sub.sid, sub.authToken).api.v2010.accounts(sub.sid).update({ status: "closed" }),
      );

      expect(error).toMatchObject({ status: 403, code: 20006 });
    });

    it("makes a suspended subaccount's client fail with a 401/20003 RestException until reactivated", async () => {
      const sub = await accounts().create();
      const client = subClient(sub.sid, sub.authToken);
      await client.api.v2010.accounts(sub.sid).fetch();

      await account(sub.sid).update({ status: "suspended" });
      const error = await restExceptionOf(client.api.v2010.accounts(sub.sid).fetch());
      await account(sub.sid).update({ status: "active" });

      expect(error).toMatchObject({ status: 401, code: 20003 });
      expect((await client.api.v2010.accounts(sub.sid).fetch()).sid).toBe(sub.sid);
    });

    it("maps an empty FriendlyName to a 400/20002 RestException and leaves the name alone", async () => {
      const created = await accounts().create({ friendlyName: "kept" });

      const error = await restExceptionOf(account(created.sid).update({ friendlyName: "" }));

      expect(ctx.last().clientUrl.pathname).toBe(`/2010-04-01/Accounts/${created.sid}.json`);
      expect(error).toMatchObject({ status: 400, code: 20002 });
      expect((await account(created.sid).fetch()).friendlyName).toBe("kept");
    });
  });

  describe("the spec validation itself", () => {
    it("rejects an account body whose subresource_uris holds a non-string", () => {
      const body = JSON.stringify({ sid: `AC${"a".repeat(32)}`, status: "active", subresource_uris: { keys: 1 } });

      expect(() => assertAccountsResponseMatchesSpec("twilio_api_v2010", "FetchAccount", 200, body)).toThrow(
        /does not match/,
      );
    });

    it("rejects an account body with an unknown status or a GMT date", () => {
      const badStatus = JSON.stringify({ status: "deleted" });
      const badDate = JSON.stringify({ status: "active", date_created: "Mon, 06 Jan 2025 09:30:00 GMT" });

      expect(() => assertAccountsResponseMatchesSpec("twilio_api_v2010", "FetchAccount", 200, badStatus)).toThrow();
      expect(() => assertAccountsResponseMatchesSpec("twilio_api_v2010", "FetchAccount", 200, badDate)).toThrow();
    });

    it("turns uri-map into an object of URI references", () => {
      expect(withUriMaps({ type: ["object", "null"], format: "uri-map" })).toEqual({
        type: ["object", "null"],
        additionalProperties: { type: "string", format: "uri-reference" },
      });
    });
  });
});
