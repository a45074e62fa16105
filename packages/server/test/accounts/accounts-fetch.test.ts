import { describe, expect, it } from "vitest";
import { accountJson, accountPath, createRestrictedKeyIn, createSubaccount } from "../support/account-fixtures.js";
import {
  createRestrictedKey,
  createStandardKey,
  EXAMPLE_DATE,
  expectAuthenticate,
  expectNotFound,
  expectTwilioError,
} from "../support/route-fixtures.js";
import { useServer } from "../support/use-server.js";

describe("2010-04-01 Accounts", () => {
  const { server, owner } = useServer({ fakeClock: true });

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

    it("finds a real SID written in upper-case hex, as Twilio's pattern allows, and answers in lower case", async () => {
      const sub = await createSubaccount(server);
      const upper = `AC${sub.sid.slice(2).toUpperCase()}`;

      const response = await server.request("GET", accountPath(upper), { auth: owner });
      expect([response.status, response.json.sid]).toEqual([200, sub.sid]);
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
});
