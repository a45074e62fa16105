/**
 * SIDs in upper-case hex, which Twilio's spec patterns allow (`^SK[0-9a-fA-F]{32}$`), are the same SIDs
 * everywhere one arrives: path params, form and query fields, the username of Basic credentials and
 * the target paths of the decision API. Answers carry the canonical lower-case form.
 */
import { describe, expect, it } from "vitest";
import { accountPath, createSubaccount } from "../support/account-fixtures.js";
import { createRestrictedKey, createStandardKey, expectTwilioError, onOrigin } from "../support/route-fixtures.js";
import { GATEWAY_TOKEN } from "../support/test-server.js";
import { useServer } from "../support/use-server.js";

/** `SKabc…` → `SKABC…`: the prefix as Twilio writes it, the hex digits upper-cased. */
const upper = (sid: string) => `${sid.slice(0, 2)}${sid.slice(2).toUpperCase()}`;
/** Alternating case, a second spelling of the same SID. */
const mixed = (sid: string) =>
  `${sid.slice(0, 2)}${[...sid.slice(2)].map((char, index) => (index % 2 === 0 ? char.toUpperCase() : char)).join("")}`;

describe("SIDs in upper-case hex", () => {
  const { server, owner } = useServer();

  describe("in paths", () => {
    it("fetches, updates and deletes a v1 key, answering with the lower-case SID", async () => {
      const key = await createStandardKey(server);

      const fetched = await server.request("GET", `/v1/Keys/${upper(key.sid)}`, { auth: owner });
      expect([fetched.status, fetched.json.sid]).toEqual([200, key.sid]);
      const updated = await server.request("POST", `/v1/Keys/${mixed(key.sid)}`, {
        auth: owner,
        form: { FriendlyName: "renamed" },
      });
      expect([updated.status, updated.json.sid, updated.json.friendly_name]).toEqual([200, key.sid, "renamed"]);
      expect((await server.request("DELETE", `/v1/Keys/${upper(key.sid)}`, { auth: owner })).status).toBe(204);
      expect(await server.region.store.keys.findBySid(key.sid)).toBeUndefined();
    });

    it("serves the 2010 Keys of an account named in upper case, with lower-case links", async () => {
      const key = await createStandardKey(server);
      const collection = `/2010-04-01/Accounts/${upper(server.accountSid)}/Keys.json`;

      const listed = await server.request("GET", collection, { auth: owner });
      expect(listed.status).toBe(200);
      expect(listed.json.keys.map((item: { sid: string }) => item.sid)).toEqual([key.sid]);
      expect(listed.json.uri).toBe(`/2010-04-01/Accounts/${server.accountSid}/Keys.json?PageSize=50&Page=0`);
      const created = await server.request("POST", collection, { auth: owner, form: { FriendlyName: "via upper" } });
      expect(created.status).toBe(201);
      const instance = `/2010-04-01/Accounts/${upper(server.accountSid)}/Keys/${upper(key.sid)}.json`;
      const fetched = await server.request("GET", instance, { auth: owner });
      expect([fetched.status, fetched.json.sid]).toEqual([200, key.sid]);
    });

    it("fetches and updates an account named in upper case", async () => {
      const sub = await createSubaccount(server);

      const fetched = await server.request("GET", accountPath(upper(sub.sid)), { auth: owner });
      expect([fetched.status, fetched.json.sid]).toEqual([200, sub.sid]);
      const updated = await server.request("POST", accountPath(mixed(sub.sid)), {
        auth: owner,
        form: { FriendlyName: "renamed" },
      });
      expect([updated.status, updated.json.sid, updated.json.friendly_name]).toEqual([200, sub.sid, "renamed"]);
    });

    it("still answers 404 for a SID whose prefix is lower case", async () => {
      const key = await createStandardKey(server);
      const path = `/v1/Keys/sk${key.sid.slice(2)}`;

      expect((await server.request("GET", path, { auth: owner })).status).toBe(404);
    });
  });

  describe("in form and query fields", () => {
    it("creates and lists v1 keys for an AccountSid in upper case, with lower-case links", async () => {
      const created = await server.request("POST", "/v1/Keys", {
        auth: owner,
        form: { AccountSid: upper(server.accountSid), FriendlyName: "upper" },
      });
      expect(created.status).toBe(201);

      const listed = await server.request("GET", `/v1/Keys?AccountSid=${upper(server.accountSid)}`, { auth: owner });
      expect(listed.status).toBe(200);
      expect(listed.json.keys.map((item: { sid: string }) => item.sid)).toEqual([created.json.sid]);
      expect(onOrigin(server, listed.json.meta.url)).toBe(
        `/v1/Keys?AccountSid=${server.accountSid}&PageSize=50&Page=0`,
      );
    });
  });

  describe("as the username of Basic credentials", () => {
    it("authenticates an Auth Token and an API key given with upper-case SIDs, cold and warm", async () => {
      const key = await createRestrictedKey(server, ["/twilio/iam/api-keys/list"]);
      const list = `/2010-04-01/Accounts/${server.accountSid}/Keys.json`;
      server.region.authenticator.invalidateAll();

      for (let round = 0; round < 2; round += 1) {
        const asAccount = await server.request("GET", list, {
          auth: { user: upper(server.accountSid), password: server.authToken },
        });
        expect(asAccount.status, `account, round ${round}`).toBe(200);
        const asKey = await server.request("GET", list, { auth: { user: mixed(key.sid), password: key.password } });
        expect(asKey.status, `key, round ${round}`).toBe(200);
      }
    });
  });

  describe("in decision API target paths and credentials", () => {
    it("allows a request on an account path written in upper case, naming the lower-case SIDs", async () => {
      const key = await createStandardKey(server);
      const url = `https://api.twilio.com/2010-04-01/Accounts/${upper(server.accountSid)}/Messages.json`;

      const response = await server.request("POST", "/v1/Authorize", {
        auth: `Bearer ${GATEWAY_TOKEN}`,
        form: { Method: "GET", Url: url, Authorization: server.basic(upper(key.sid), key.password) },
      });

      expect(response.json).toMatchObject({
        allowed: true,
        reason: "allowed",
        account_sid: server.accountSid,
        credential_sid: key.sid,
        credential_type: "standard",
      });
    });

    it("allows the same through GET /v1/Authorize/Request, on a path of the catalog and one it does not know", async () => {
      for (const uri of [
        `/2010-04-01/Accounts/${upper(server.accountSid)}/Calls.json`,
        `/2010-04-01/Accounts/${upper(server.accountSid)}/NotACatalogResource.json`,
      ]) {
        const response = await server.request("GET", "/v1/Authorize/Request", {
          headers: {
            "x-latchkey-gateway": `Bearer ${GATEWAY_TOKEN}`,
            "x-original-method": "GET",
            "x-original-uri": uri,
            "x-original-host": "api.twilio.com",
            authorization: server.basic(server.accountSid, server.authToken),
          },
        });
        expect([response.status, response.headers.get("x-latchkey-reason")], uri).toEqual([204, "allowed"]);
      }
    });
  });
});

describe("SID case and throttling", () => {
  const { server } = useServer({ authFailuresPerSid: 2 });

  it("counts failures against every spelling of a SID as failures against that one SID", async () => {
    const list = `/2010-04-01/Accounts/${server.accountSid}/Keys.json`;
    const wrong = (user: string) => server.request("GET", list, { auth: { user, password: "0".repeat(32) } });

    for (const user of [server.accountSid, upper(server.accountSid), mixed(server.accountSid)]) await wrong(user);

    expectTwilioError(await wrong(upper(server.accountSid)), 429, 20429);
  });
});
