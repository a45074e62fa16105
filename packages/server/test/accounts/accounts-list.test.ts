import { describe, expect, it } from "vitest";
import { ACCOUNTS_PATH, accountJson, createSubaccount, setStatusThroughApi } from "../support/account-fixtures.js";
import { ACCOUNT_LIST_FIELDS } from "../support/account-spec.js";
import {
  createRestrictedKey,
  createStandardKey,
  EXAMPLE_DATE,
  expectAuthenticate,
  expectTwilioError,
} from "../support/route-fixtures.js";
import { useServer } from "../support/use-server.js";

const NAME_65 = "n".repeat(65);

describe("2010-04-01 Accounts", () => {
  const { server, owner, clock } = useServer({ fakeClock: true });

  const sidsOf = (body: any): string[] => body.accounts.map((account: { sid: string }) => account.sid);

  describe("GET /2010-04-01/Accounts.json", () => {
    it("lists the caller and its subaccounts, newest update first, with exact 2010 paging fields", async () => {
      clock.advance(1000);
      const first = await createSubaccount(server, { friendlyName: "first" });
      clock.advance(1000);
      const second = await createSubaccount(server, { friendlyName: "second" });

      const response = await server.request("GET", ACCOUNTS_PATH, { auth: owner });

      expect(response.status).toBe(200);
      expect(Object.keys(response.json).sort()).toEqual(ACCOUNT_LIST_FIELDS);
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
});
