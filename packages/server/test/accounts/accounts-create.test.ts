import { describe, expect, it } from "vitest";
import {
  ACCOUNT_SID,
  ACCOUNTS_PATH,
  AUTH_TOKEN,
  accountJson,
  accountPath,
  createMainKeyIn,
  createSubaccount,
  expectNothingWritten,
  setStatusThroughApi,
  storedAccounts,
} from "../support/account-fixtures.js";
import {
  createRestrictedKey,
  createStandardKey,
  EXAMPLE_DATE,
  EXAMPLE_INSTANT,
  expectAuthenticate,
  expectTwilioError,
  ownerCredentials,
  RFC_2822,
} from "../support/route-fixtures.js";
import { useServer } from "../support/use-server.js";

const NAME_64 = "n".repeat(64);
const NAME_65 = "n".repeat(65);

describe("2010-04-01 Accounts", () => {
  const { server, owner, clock } = useServer({ fakeClock: true });

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

    it("refuses an empty FriendlyName with 400/20002, as update does", async () => {
      const response = await server.request("POST", ACCOUNTS_PATH, { auth: owner, form: { FriendlyName: "" } });

      expectTwilioError(response, 400, 20002);
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
    const { server: capped } = useServer({ maxSubaccounts: 2 });

    it("creates up to the cap, then answers 400/21480 and writes nothing", async () => {
      await createSubaccount(capped);
      await createSubaccount(capped);

      await expectNothingWritten(capped, async () => {
        const response = await capped.request("POST", ACCOUNTS_PATH, { auth: ownerCredentials(capped) });
        expectTwilioError(response, 400, 21480);
      });
      expect(await storedAccounts(capped)).toHaveLength(3);
    });

    it("counts suspended subaccounts toward the cap, and closed ones no longer", async () => {
      const first = await createSubaccount(capped);
      const second = await createSubaccount(capped);
      await setStatusThroughApi(capped, first.sid, "closed");
      await setStatusThroughApi(capped, second.sid, "suspended");

      expect((await capped.request("POST", ACCOUNTS_PATH, { auth: ownerCredentials(capped) })).status).toBe(201);
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

  it("keeps date strings in RFC 2822 with +0000 across creates and updates", async () => {
    clock.advance(Date.UTC(2031, 2, 4, 5, 6, 7) - clock.now());
    const sub = await createSubaccount(server);

    expect(sub.body.date_created).toBe("Tue, 04 Mar 2031 05:06:07 +0000");
    expect(sub.body.date_updated).toMatch(RFC_2822);
  });
});
