import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ACCOUNT_SID,
  ACCOUNTS_PATH,
  AUTH_TOKEN,
  accountJson,
  accountPath,
  createKeyIn,
  createMainKeyIn,
  createRestrictedKeyIn,
  createSubaccount,
  expectNothingWritten,
  setStatusThroughApi,
  storedAccounts,
} from "../support/account-fixtures.js";
import {
  type Credentials,
  createRestrictedKey,
  createStandardKey,
  EXAMPLE_DATE,
  EXAMPLE_INSTANT,
  expectAuthenticate,
  expectNotFound,
  expectTwilioError,
  FakeClock,
  ownerCredentials,
  RFC_2822,
  storedKeys,
} from "../support/route-fixtures.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

const NAME_64 = "n".repeat(64);
const NAME_65 = "n".repeat(65);

describe("2010-04-01 Accounts", () => {
  let clock: FakeClock;
  let server: TestServer;
  let owner: Credentials;
  beforeEach(async () => {
    clock = new FakeClock();
    server = await startTestServer({ clock });
    owner = ownerCredentials(server);
  });
  afterEach(async () => {
    await server.close();
  });

  const sidsOf = (body: any): string[] => body.accounts.map((account: { sid: string }) => account.sid);

  describe("POST /2010-04-01/Accounts.json", () => {
    it("creates an active Full subaccount of the caller and answers 201 with every account field", async () => {
      const response = await server.request("POST", ACCOUNTS_PATH, { auth: owner, form: { FriendlyName: "team a" } });

      expect(response.status).toBe(201);
      const sid = response.json.sid;
      expect(sid).toMatch(ACCOUNT_SID);
      expect(response.json.auth_token).toMatch(AUTH_TOKEN);
      expect(response.json).toEqual(
        accountJson({
          sid,
          ownerAccountSid: server.accountSid,
          friendlyName: "team a",
          status: "active",
          authToken: response.json.auth_token,
          dateCreated: EXAMPLE_DATE,
          dateUpdated: EXAMPLE_DATE,
        }),
      );
      expect(await server.region.store.accounts.findBySid(sid)).toMatchObject({
        sid,
        ownerAccountSid: server.accountSid,
        friendlyName: "team a",
        status: "active",
        type: "Full",
        region: "us1",
        dateCreated: EXAMPLE_INSTANT,
        dateUpdated: EXAMPLE_INSTANT,
        secondaryAuthTokenVerifier: null,
      });
    });

    it("returns an auth token that authenticates as the new subaccount and differs from the parent's", async () => {
      const sub = await createSubaccount(server);

      expect(sub.authToken).not.toBe(server.authToken);
      const response = await server.request("GET", accountPath(sub.sid), { auth: sub });
      expect(response.status).toBe(200);
      expect(response.json.sid).toBe(sub.sid);
    });

    it.each([
      { at: Date.UTC(2016, 5, 13, 22, 50, 8), name: "SubAccount Created at 2016-06-13 10:50 pm" },
      { at: Date.UTC(2026, 10, 22, 6, 45, 59), name: "SubAccount Created at 2026-11-22 06:45 am" },
      { at: Date.UTC(2024, 0, 1, 0, 5), name: "SubAccount Created at 2024-01-01 12:05 am" },
      { at: Date.UTC(2024, 1, 29, 12, 0), name: "SubAccount Created at 2024-02-29 12:00 pm" },
      { at: Date.UTC(2025, 11, 31, 23, 59), name: "SubAccount Created at 2025-12-31 11:59 pm" },
    ])("names a subaccount created at $at without a FriendlyName '$name' (UTC)", async ({ at, name }) => {
      clock.advance(at - clock.now());

      const response = await server.request("POST", ACCOUNTS_PATH, { auth: owner });

      expect(response.status).toBe(201);
      expect(response.json.friendly_name).toBe(name);
    });

    it("gives the default name when FriendlyName is empty", async () => {
      const response = await server.request("POST", ACCOUNTS_PATH, { auth: owner, form: { FriendlyName: "" } });

      expect(response.status).toBe(201);
      expect(response.json.friendly_name).toBe("SubAccount Created at 2016-06-13 10:50 pm");
    });

    it("accepts a 64-character FriendlyName", async () => {
      const response = await server.request("POST", ACCOUNTS_PATH, { auth: owner, form: { FriendlyName: NAME_64 } });

      expect(response.status).toBe(201);
      expect(response.json.friendly_name).toBe(NAME_64);
    });

    it("lets a Main key create a subaccount of its own account and shows it the new auth token", async () => {
      const main = await server.createMainKey();

      const response = await server.request("POST", ACCOUNTS_PATH, {
        auth: { user: main.sid, password: main.secret },
        form: { FriendlyName: "by main key" },
      });

      expect(response.status).toBe(201);
      expect(response.json.owner_account_sid).toBe(server.accountSid);
      expect(response.json.auth_token).toMatch(AUTH_TOKEN);
      const sub = { user: response.json.sid, password: response.json.auth_token };
      expect((await server.request("GET", accountPath(response.json.sid), { auth: sub })).status).toBe(200);
    });

    it("rejects a 65-character FriendlyName with 400/20002 and writes nothing", async () => {
      await expectNothingWritten(server, async () => {
        const response = await server.request("POST", ACCOUNTS_PATH, { auth: owner, form: { FriendlyName: NAME_65 } });
        expectTwilioError(response, 400, 20002);
      });
    });

    it("rejects FriendlyName given twice with 400/20001 and writes nothing", async () => {
      await expectNothingWritten(server, async () => {
        const response = await server.request("POST", ACCOUNTS_PATH, {
          auth: owner,
          form: { FriendlyName: ["a", "b"] },
        });
        expectTwilioError(response, 400, 20001);
      });
    });

    it("refuses a subaccount creating a subaccount with 400/21101 and writes nothing", async () => {
      const sub = await createSubaccount(server);

      await expectNothingWritten(server, async () => {
        const response = await server.request("POST", ACCOUNTS_PATH, { auth: sub, form: { FriendlyName: "nested" } });
        expectTwilioError(response, 400, 21101);
      });
    });

    it("refuses a subaccount's Main key creating a subaccount with 400/21101", async () => {
      const sub = await createSubaccount(server);
      const subMain = await createMainKeyIn(server, sub.sid);

      const response = await server.request("POST", ACCOUNTS_PATH, { auth: subMain });

      expectTwilioError(response, 400, 21101);
    });

    it("answers 401/20003 to a standard key and writes nothing", async () => {
      const standard = await createStandardKey(server);

      await expectNothingWritten(server, async () => {
        expectAuthenticate(await server.request("POST", ACCOUNTS_PATH, { auth: standard }));
      });
    });

    it("answers 403/70051 to a restricted key even with every accounts permission, and writes nothing", async () => {
      const restricted = await createRestrictedKey(server, ["/twilio/iam/accounts/*"]);

      await expectNothingWritten(server, async () => {
        const response = await server.request("POST", ACCOUNTS_PATH, { auth: restricted });
        expectTwilioError(response, 403, 70051);
      });
    });

    it("answers 401/20003 without credentials and to a wrong auth token", async () => {
      expectAuthenticate(await server.request("POST", ACCOUNTS_PATH));
      expectAuthenticate(
        await server.request("POST", ACCOUNTS_PATH, { auth: { user: server.accountSid, password: "0".repeat(32) } }),
      );
      expect(await storedAccounts(server)).toHaveLength(1);
    });
  });

  describe("subaccount cap", () => {
    let capped: TestServer;
    beforeEach(async () => {
      capped = await startTestServer({ maxSubaccounts: 2 });
    });
    afterEach(async () => {
      await capped.close();
    });

    it("creates up to the cap, then answers 400/21480 and writes nothing", async () => {
      await createSubaccount(capped);
      await createSubaccount(capped);

      await expectNothingWritten(capped, async () => {
        const response = await capped.request("POST", ACCOUNTS_PATH, { auth: ownerCredentials(capped) });
        expectTwilioError(response, 400, 21480);
      });
      expect(await storedAccounts(capped)).toHaveLength(3);
    });

    it("still counts closed and suspended subaccounts toward the cap", async () => {
      const first = await createSubaccount(capped);
      const second = await createSubaccount(capped);
      await setStatusThroughApi(capped, first.sid, "closed");
      await setStatusThroughApi(capped, second.sid, "suspended");

      const response = await capped.request("POST", ACCOUNTS_PATH, { auth: ownerCredentials(capped) });

      expectTwilioError(response, 400, 21480);
    });

    it("counts per parent: another top-level account still has its whole allowance", async () => {
      await createSubaccount(capped);
      await createSubaccount(capped);
      const other = await capped.createOtherAccount();

      const response = await capped.request("POST", ACCOUNTS_PATH, {
        auth: { user: other.accountSid, password: other.authToken },
      });

      expect(response.status).toBe(201);
      expect(response.json.owner_account_sid).toBe(other.accountSid);
    });
  });

  describe("GET /2010-04-01/Accounts.json", () => {
    it("lists the caller and its subaccounts, newest update first, with exact 2010 paging fields", async () => {
      clock.advance(1000);
      const first = await createSubaccount(server, { friendlyName: "first" });
      clock.advance(1000);
      const second = await createSubaccount(server, { friendlyName: "second" });

      const response = await server.request("GET", ACCOUNTS_PATH, { auth: owner });

      expect(response.status).toBe(200);
      expect(Object.keys(response.json).sort()).toEqual([
        "accounts",
        "end",
        "first_page_uri",
        "next_page_uri",
        "page",
        "page_size",
        "previous_page_uri",
        "start",
        "uri",
      ]);
      expect(sidsOf(response.json)).toEqual([second.sid, first.sid, server.accountSid]);
      expect(response.json).toMatchObject({
        first_page_uri: "/2010-04-01/Accounts.json?PageSize=50&Page=0",
        uri: "/2010-04-01/Accounts.json?PageSize=50&Page=0",
        next_page_uri: null,
        previous_page_uri: null,
        page: 0,
        page_size: 50,
        start: 0,
        end: 2,
      });
      expect(response.json.accounts[2]).toEqual(
        accountJson({
          sid: server.accountSid,
          ownerAccountSid: server.accountSid,
          friendlyName: "Owner account",
          status: "active",
          authToken: server.authToken,
          dateCreated: EXAMPLE_DATE,
          dateUpdated: EXAMPLE_DATE,
        }),
      );
      expect(response.json.accounts[0]).toEqual(second.body);
    });

    it("does not list another top-level account or its subaccounts", async () => {
      const mine = await createSubaccount(server);
      const other = await server.createOtherAccount();
      const otherCredentials = { user: other.accountSid, password: other.authToken };
      const theirs = await createSubaccount(server, { auth: otherCredentials });

      const response = await server.request("GET", ACCOUNTS_PATH, { auth: owner });

      expect(sidsOf(response.json).sort()).toEqual([server.accountSid, mine.sid].sort());
      const theirList = await server.request("GET", ACCOUNTS_PATH, { auth: otherCredentials });
      expect(sidsOf(theirList.json).sort()).toEqual([other.accountSid, theirs.sid].sort());
    });

    it("filters by exact FriendlyName and echoes it in the paging URIs", async () => {
      const alpha = await createSubaccount(server, { friendlyName: "alpha team" });
      await createSubaccount(server, { friendlyName: "alpha team 2" });
      await createSubaccount(server, { friendlyName: "Alpha Team" });

      const response = await server.request("GET", `${ACCOUNTS_PATH}?FriendlyName=alpha%20team`, { auth: owner });

      expect(response.status).toBe(200);
      expect(sidsOf(response.json)).toEqual([alpha.sid]);
      expect(response.json.first_page_uri).toBe("/2010-04-01/Accounts.json?FriendlyName=alpha+team&PageSize=50&Page=0");
      expect(response.json.uri).toBe(response.json.first_page_uri);
    });

    it("filters by Status and echoes it in the paging URIs", async () => {
      const suspended = await createSubaccount(server);
      const closed = await createSubaccount(server);
      await createSubaccount(server);
      await setStatusThroughApi(server, suspended.sid, "suspended");
      await setStatusThroughApi(server, closed.sid, "closed");

      const bySuspended = await server.request("GET", `${ACCOUNTS_PATH}?Status=suspended`, { auth: owner });
      const byClosed = await server.request("GET", `${ACCOUNTS_PATH}?Status=closed`, { auth: owner });
      const byActive = await server.request("GET", `${ACCOUNTS_PATH}?Status=active`, { auth: owner });

      expect(sidsOf(bySuspended.json)).toEqual([suspended.sid]);
      expect(bySuspended.json.accounts[0].status).toBe("suspended");
      expect(bySuspended.json.uri).toBe("/2010-04-01/Accounts.json?Status=suspended&PageSize=50&Page=0");
      expect(sidsOf(byClosed.json)).toEqual([closed.sid]);
      expect(byActive.json.accounts.map((account: { status: string }) => account.status)).toEqual(["active", "active"]);
    });

    it("combines FriendlyName and Status filters", async () => {
      const wanted = await createSubaccount(server, { friendlyName: "ops" });
      const suspendedOps = await createSubaccount(server, { friendlyName: "ops" });
      await setStatusThroughApi(server, suspendedOps.sid, "suspended");

      const response = await server.request("GET", `${ACCOUNTS_PATH}?FriendlyName=ops&Status=active`, { auth: owner });

      expect(sidsOf(response.json)).toEqual([wanted.sid]);
      expect(response.json.first_page_uri).toBe(
        "/2010-04-01/Accounts.json?FriendlyName=ops&Status=active&PageSize=50&Page=0",
      );
    });

    it("answers an empty page when no account matches the filters", async () => {
      const response = await server.request("GET", `${ACCOUNTS_PATH}?Status=closed`, { auth: owner });

      expect(response.status).toBe(200);
      expect(response.json).toMatchObject({ accounts: [], start: 0, end: 0, next_page_uri: null });
    });

    it("pages through every account exactly once, forward by next_page_uri and back by previous_page_uri", async () => {
      const created: string[] = [];
      for (let index = 0; index < 4; index++) {
        clock.advance(1000);
        created.push((await createSubaccount(server, { friendlyName: `sub ${index}` })).sid);
      }
      const expectedOrder = [...created].reverse().concat(server.accountSid);

      const pages: any[] = [];
      let uri: string | null = `${ACCOUNTS_PATH}?PageSize=2`;
      while (uri !== null) {
        const response = await server.request("GET", uri, { auth: owner });
        expect(response.status).toBe(200);
        pages.push(response.json);
        uri = response.json.next_page_uri;
      }

      expect(pages.map(sidsOf)).toEqual([expectedOrder.slice(0, 2), expectedOrder.slice(2, 4), expectedOrder.slice(4)]);
      expect(pages.map((page) => [page.page, page.page_size, page.start, page.end])).toEqual([
        [0, 2, 0, 1],
        [1, 2, 2, 3],
        [2, 2, 4, 4],
      ]);
      expect(pages[0].previous_page_uri).toBeNull();
      expect(pages[1].next_page_uri).toMatch(/^\/2010-04-01\/Accounts\.json\?PageSize=2&Page=2&PageToken=[^&]+$/);
      for (const page of pages) expect(page.first_page_uri).toBe("/2010-04-01/Accounts.json?PageSize=2&Page=0");

      const back = await server.request("GET", pages[2].previous_page_uri, { auth: owner });
      expect(sidsOf(back.json)).toEqual(expectedOrder.slice(2, 4));
      expect(back.json.page).toBe(1);
    });

    it("keeps the filters in next_page_uri while paging a filtered list", async () => {
      const named: string[] = [];
      for (let index = 0; index < 3; index++) {
        clock.advance(1000);
        named.push((await createSubaccount(server, { friendlyName: "batch" })).sid);
        await createSubaccount(server, { friendlyName: "other" });
      }

      const first = await server.request("GET", `${ACCOUNTS_PATH}?FriendlyName=batch&PageSize=2`, { auth: owner });
      expect(first.json.next_page_uri).toMatch(
        /^\/2010-04-01\/Accounts\.json\?FriendlyName=batch&PageSize=2&Page=1&PageToken=/,
      );
      const second = await server.request("GET", first.json.next_page_uri, { auth: owner });

      expect([...sidsOf(first.json), ...sidsOf(second.json)]).toEqual([...named].reverse());
      expect(second.json.next_page_uri).toBeNull();
    });

    it("pages a FriendlyName filter holding spaces and symbols through next_page_uri without losing it", async () => {
      const name = "ops & billing team+1";
      const named: string[] = [];
      for (let index = 0; index < 3; index++) {
        clock.advance(1000);
        named.push((await createSubaccount(server, { friendlyName: name })).sid);
      }
      await createSubaccount(server, { friendlyName: "ops" });

      const pages: any[] = [];
      let uri: string | null = `${ACCOUNTS_PATH}?FriendlyName=${encodeURIComponent(name)}&PageSize=2`;
      while (uri !== null) {
        const response = await server.request("GET", uri, { auth: owner });
        expect(response.status).toBe(200);
        pages.push(response.json);
        uri = response.json.next_page_uri;
      }

      expect(pages.flatMap(sidsOf)).toEqual([...named].reverse());
      expect(new URL(pages[0].next_page_uri, server.url).searchParams.get("FriendlyName")).toBe(name);
    });

    it("shows a Main key only its own account, with the auth token", async () => {
      await createSubaccount(server);
      const main = await server.createMainKey();

      const response = await server.request("GET", ACCOUNTS_PATH, { auth: { user: main.sid, password: main.secret } });

      expect(response.status).toBe(200);
      expect(sidsOf(response.json)).toEqual([server.accountSid]);
      expect(response.json.accounts[0].auth_token).toBe(server.authToken);
    });

    it("shows a subaccount only itself", async () => {
      const sub = await createSubaccount(server);
      await createSubaccount(server);

      const response = await server.request("GET", ACCOUNTS_PATH, { auth: sub });

      expect(sidsOf(response.json)).toEqual([sub.sid]);
      expect(response.json.accounts[0].auth_token).toBe(sub.authToken);
    });

    it("shows a restricted key with accounts/list only its own account, with a null auth token", async () => {
      await createSubaccount(server);
      const restricted = await createRestrictedKey(server, ["/twilio/iam/accounts/list"]);

      const response = await server.request("GET", ACCOUNTS_PATH, { auth: restricted });

      expect(response.status).toBe(200);
      expect(sidsOf(response.json)).toEqual([server.accountSid]);
      expect(response.json.accounts[0].auth_token).toBeNull();
    });

    it.each([
      ["Status=open", 20001],
      ["Status=Active", 20001],
      ["FriendlyName=", 20002],
      [`FriendlyName=${NAME_65}`, 20002],
      ["PageSize=0", 20001],
      ["PageSize=1001", 20001],
      ["Page=-1", 20001],
      ["PageToken=PTgarbage", 21481],
    ])("rejects %s with 400/%i", async (query, code) => {
      const response = await server.request("GET", `${ACCOUNTS_PATH}?${query}`, { auth: owner });

      expectTwilioError(response, 400, code);
    });

    it("rejects a PageToken issued by the Keys list with 400/21481", async () => {
      for (let index = 0; index < 2; index++) await createStandardKey(server);
      const keys = await server.request("GET", `/2010-04-01/Accounts/${server.accountSid}/Keys.json?PageSize=1`, {
        auth: owner,
      });
      const token = new URL(keys.json.next_page_uri, server.url).searchParams.get("PageToken");

      const response = await server.request("GET", `${ACCOUNTS_PATH}?PageSize=1&Page=1&PageToken=${token}`, {
        auth: owner,
      });

      expectTwilioError(response, 400, 21481);
    });

    it("answers 401/20003 to a standard key and 403/70051 to a restricted key without accounts/list", async () => {
      const standard = await createStandardKey(server);
      const readOnly = await createRestrictedKey(server, ["/twilio/iam/accounts/read"]);

      expectAuthenticate(await server.request("GET", ACCOUNTS_PATH, { auth: standard }));
      expectTwilioError(await server.request("GET", ACCOUNTS_PATH, { auth: readOnly }), 403, 70051);
    });
  });

  describe("GET /2010-04-01/Accounts/{Sid}.json", () => {
    it("fetches the owner account, which names itself as owner", async () => {
      const response = await server.request("GET", accountPath(server.accountSid), { auth: owner });

      expect(response.status).toBe(200);
      expect(response.json).toEqual(
        accountJson({
          sid: server.accountSid,
          ownerAccountSid: server.accountSid,
          friendlyName: "Owner account",
          status: "active",
          authToken: server.authToken,
          dateCreated: EXAMPLE_DATE,
          dateUpdated: EXAMPLE_DATE,
        }),
      );
    });

    it("lets the parent's auth token fetch a subaccount, auth token included", async () => {
      const sub = await createSubaccount(server, { friendlyName: "child" });

      const response = await server.request("GET", accountPath(sub.sid), { auth: owner });

      expect(response.status).toBe(200);
      expect(response.json).toEqual(sub.body);
      expect(response.json.auth_token).toBe(sub.authToken);
    });

    it("shows a restricted key with accounts/read its own account with a null auth token", async () => {
      const restricted = await createRestrictedKey(server, ["/twilio/iam/accounts/read"]);

      const response = await server.request("GET", accountPath(server.accountSid), { auth: restricted });

      expect(response.status).toBe(200);
      expect(response.json.auth_token).toBeNull();
      expect(response.json.sid).toBe(server.accountSid);
    });

    it("shows a subaccount's restricted key its own account and a null auth token", async () => {
      const sub = await createSubaccount(server);
      const restricted = await createRestrictedKeyIn(server, owner, sub.sid, ["/twilio/iam/accounts/read"]);

      const response = await server.request("GET", accountPath(sub.sid), { auth: restricted });

      expect(response.status).toBe(200);
      expect(response.json).toMatchObject({ sid: sub.sid, owner_account_sid: server.accountSid, auth_token: null });
    });

    it.each([
      ["a malformed SID", "ACnothex"],
      ["a well-formed unknown SID", `AC${"0".repeat(32)}`],
      ["a key SID", `SK${"a".repeat(32)}`],
      ["a SID one character too long", `AC${"a".repeat(33)}`],
    ])("answers 404/20404 for %s", async (_what, sid) => {
      const response = await server.request("GET", accountPath(sid), { auth: owner });

      expectNotFound(response, accountPath(sid));
    });

    it("answers 404/20404 for a real SID written in upper-case hex", async () => {
      const sub = await createSubaccount(server);
      const upper = `AC${sub.sid.slice(2).toUpperCase()}`;

      expectNotFound(await server.request("GET", accountPath(upper), { auth: owner }), accountPath(upper));
    });

    it("answers 404/20404 for another top-level account, exactly as for a missing one", async () => {
      const other = await server.createOtherAccount();

      expectNotFound(
        await server.request("GET", accountPath(other.accountSid), { auth: owner }),
        accountPath(other.accountSid),
      );
    });

    it("answers 401/20003 to a standard key and 403/70051 to a restricted key without accounts/read", async () => {
      const standard = await createStandardKey(server);
      const listOnly = await createRestrictedKey(server, ["/twilio/iam/accounts/list"]);

      expectAuthenticate(await server.request("GET", accountPath(server.accountSid), { auth: standard }));
      expectTwilioError(await server.request("GET", accountPath(server.accountSid), { auth: listOnly }), 403, 70051);
    });
  });

  describe("POST /2010-04-01/Accounts/{Sid}.json", () => {
    it("renames a subaccount for its parent, moving date_updated and keeping date_created", async () => {
      const sub = await createSubaccount(server, { friendlyName: "before" });
      clock.advance(61_000);

      const response = await server.request("POST", accountPath(sub.sid), {
        auth: owner,
        form: { FriendlyName: "after" },
      });

      expect(response.status).toBe(200);
      expect(response.json).toEqual(
        accountJson({
          sid: sub.sid,
          ownerAccountSid: server.accountSid,
          friendlyName: "after",
          status: "active",
          authToken: sub.authToken,
          dateCreated: EXAMPLE_DATE,
          dateUpdated: "Mon, 13 Jun 2016 22:51:09 +0000",
        }),
      );
      expect(await server.region.store.accounts.findBySid(sub.sid)).toMatchObject({
        friendlyName: "after",
        dateCreated: EXAMPLE_INSTANT,
        dateUpdated: EXAMPLE_INSTANT + 61_000,
      });
    });

    it("lets a subaccount rename itself", async () => {
      const sub = await createSubaccount(server, { friendlyName: "before" });

      const response = await server.request("POST", accountPath(sub.sid), {
        auth: sub,
        form: { FriendlyName: "mine" },
      });

      expect(response.status).toBe(200);
      expect(response.json.friendly_name).toBe("mine");
    });

    it("lets a Main key rename its own account and the owner rename itself", async () => {
      const main = await server.createMainKey();

      const byKey = await server.request("POST", accountPath(server.accountSid), {
        auth: { user: main.sid, password: main.secret },
        form: { FriendlyName: "renamed by key" },
      });
      expect(byKey.status).toBe(200);
      expect(byKey.json).toMatchObject({ friendly_name: "renamed by key", auth_token: server.authToken });

      const byOwner = await server.request("POST", accountPath(server.accountSid), {
        auth: owner,
        form: { FriendlyName: NAME_64 },
      });
      expect(byOwner.json.friendly_name).toBe(NAME_64);
      expect((await server.region.store.accounts.findBySid(server.accountSid))?.friendlyName).toBe(NAME_64);
    });

    it.each([
      ["an unknown Status", { Status: "deleted" }, 20001],
      ["a numeric Status", { Status: "1" }, 20001],
      ["an empty Status", { Status: "" }, 20001],
      ["an empty FriendlyName", { FriendlyName: "" }, 20002],
      ["a 65-character FriendlyName", { FriendlyName: NAME_65 }, 20002],
      ["a good FriendlyName with a bad Status", { FriendlyName: "fine", Status: "paused" }, 20001],
    ])("rejects %s with 400/%i and writes nothing", async (_what, form, code) => {
      const sub = await createSubaccount(server, { friendlyName: "unchanged" });

      await expectNothingWritten(server, async () => {
        const response = await server.request("POST", accountPath(sub.sid), { auth: owner, form });
        expectTwilioError(response, 400, code);
      });
    });

    it.each([
      ["a malformed SID", "ACxyz"],
      ["a well-formed unknown SID", `AC${"f".repeat(32)}`],
    ])("answers 404/20404 for %s and writes nothing", async (_what, sid) => {
      await createSubaccount(server);

      await expectNothingWritten(server, async () => {
        const response = await server.request("POST", accountPath(sid), { auth: owner, form: { FriendlyName: "x" } });
        expectNotFound(response, accountPath(sid));
      });
    });

    it("answers 404/20404 to a subaccount renaming its parent or a sibling, and writes nothing", async () => {
      const sub = await createSubaccount(server);
      const sibling = await createSubaccount(server);

      await expectNothingWritten(server, async () => {
        for (const target of [server.accountSid, sibling.sid]) {
          const response = await server.request("POST", accountPath(target), {
            auth: sub,
            form: { FriendlyName: "x" },
          });
          expectNotFound(response, accountPath(target));
        }
      });
    });

    it("answers 401/20003 to a standard key and 403/70051 to a restricted key with accounts/*, writing nothing", async () => {
      const standard = await createStandardKey(server);
      const restricted = await createRestrictedKey(server, ["/twilio/iam/accounts/*", "/twilio/iam/api-keys/*"]);

      await expectNothingWritten(server, async () => {
        const form = { FriendlyName: "hijacked" };
        expectAuthenticate(await server.request("POST", accountPath(server.accountSid), { auth: standard, form }));
        const response = await server.request("POST", accountPath(server.accountSid), { auth: restricted, form });
        expectTwilioError(response, 403, 70051);
      });
    });
  });

  describe("DELETE /2010-04-01/Accounts/{Sid}.json", () => {
    it("answers 405/20004 and leaves the account untouched", async () => {
      const sub = await createSubaccount(server);

      await expectNothingWritten(server, async () => {
        const response = await server.request("DELETE", accountPath(sub.sid), { auth: owner });
        expectTwilioError(response, 405, 20004);
      });
      expect((await server.region.store.accounts.findBySid(sub.sid))?.status).toBe("active");
    });
  });

  describe("keys across the account tree", () => {
    it("answers 404/20404 when a 2010 path pairs a reachable account with another account's key", async () => {
      const sub = await createSubaccount(server);
      const parentKey = await createStandardKey(server);
      const subKey = await createKeyIn(server, owner, sub.sid);

      for (const [accountSid, keySid] of [
        [sub.sid, parentKey.sid],
        [server.accountSid, subKey.sid],
      ] as const) {
        const path = `/2010-04-01/Accounts/${accountSid}/Keys/${keySid}.json`;
        expectNotFound(await server.request("GET", path, { auth: owner }), path);
      }
    });

    it("keeps a parent Main key from creating, renaming or deleting a subaccount's keys, writing nothing", async () => {
      const sub = await createSubaccount(server);
      const subKey = await createKeyIn(server, owner, sub.sid, { FriendlyName: "sub key" });
      const main = await server.createMainKey();
      const auth = { user: main.sid, password: main.secret };

      await expectNothingWritten(server, async () => {
        expectNotFound(await server.request("POST", "/v1/Keys", { auth, form: { AccountSid: sub.sid } }), "/v1/Keys");
        const collection = `/2010-04-01/Accounts/${sub.sid}/Keys.json`;
        expectNotFound(await server.request("POST", collection, { auth }), collection);
        const v1Key = `/v1/Keys/${subKey.sid}`;
        expectNotFound(await server.request("POST", v1Key, { auth, form: { FriendlyName: "x" } }), v1Key);
        expectNotFound(await server.request("DELETE", v1Key, { auth }), v1Key);
        const v2010Key = `/2010-04-01/Accounts/${sub.sid}/SigningKeys/${subKey.sid}.json`;
        expectNotFound(await server.request("POST", v2010Key, { auth, form: { FriendlyName: "x" } }), v2010Key);
        expectNotFound(await server.request("DELETE", v2010Key, { auth }), v2010Key);
      });
    });

    it("lets the parent's auth token create, rename and delete a subaccount's keys", async () => {
      const sub = await createSubaccount(server);

      const created = await server.request("POST", `/2010-04-01/Accounts/${sub.sid}/Keys.json`, { auth: owner });
      expect(created.status).toBe(201);
      const path = `/v1/Keys/${created.json.sid}`;
      expect((await server.request("POST", path, { auth: owner, form: { FriendlyName: "renamed" } })).status).toBe(200);
      expect((await server.request("DELETE", path, { auth: owner })).status).toBe(204);
      expect(await storedKeys(server, sub.sid)).toEqual([]);
    });
  });

  it("keeps date strings in RFC 2822 with +0000 across creates and updates", async () => {
    clock.advance(Date.UTC(2031, 2, 4, 5, 6, 7) - clock.now());
    const sub = await createSubaccount(server);

    expect(sub.body.date_created).toBe("Tue, 04 Mar 2031 05:06:07 +0000");
    expect(sub.body.date_updated).toMatch(RFC_2822);
  });
});
