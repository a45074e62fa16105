/**
 * The small disagreements between code, messages and docs from issue 8: `KeyType=standard` on v1
 * create, the 415 message per route, an empty account FriendlyName, and which subaccounts count
 * toward the cap.
 */
import { describe, expect, it } from "vitest";
import {
  ACCOUNTS_PATH,
  accountPath,
  createSubaccount,
  expectNothingWritten,
  setStatusThroughApi,
} from "../support/account-fixtures.js";
import { expectTwilioError, ownerCredentials, storedKeys } from "../support/route-fixtures.js";
import { GATEWAY_TOKEN } from "../support/test-server.js";
import { useServer } from "../support/use-server.js";

describe("smaller defects", () => {
  describe("KeyType on POST /v1/Keys", () => {
    const { server, owner } = useServer();
    const create = (form: Record<string, string>) =>
      server.request("POST", "/v1/Keys", { auth: owner, form: { AccountSid: server.accountSid, ...form } });

    it("accepts KeyType=standard and makes the same key as omitting it", async () => {
      const explicit = await create({ FriendlyName: "explicit", KeyType: "standard" });
      const omitted = await create({ FriendlyName: "omitted" });

      expect([explicit.status, explicit.json.policy, omitted.status, omitted.json.policy]).toEqual([
        201,
        null,
        201,
        null,
      ]);
      const types = (await storedKeys(server)).map((key) => [key.friendlyName, key.type]).sort();
      expect(types).toEqual([
        ["explicit", "standard"],
        ["omitted", "standard"],
      ]);
    });

    it("names every accepted value when KeyType is unknown", async () => {
      for (const keyType of ["Standard", "full", "RESTRICTED"]) {
        expect(expectTwilioError(await create({ KeyType: keyType }), 400, 20001), keyType).toBe(
          "KeyType must be 'standard' or 'restricted' (or omitted)",
        );
      }
      expect(await storedKeys(server)).toEqual([]);
    });
  });

  describe("415 messages", () => {
    const { server, owner } = useServer();

    it("says form-urlencoded only on the REST routes", async () => {
      const response = await server.request("POST", "/v1/Keys", {
        auth: owner,
        body: JSON.stringify({ AccountSid: server.accountSid }),
        headers: { "content-type": "application/json" },
      });

      expect(expectTwilioError(response, 415, 20001)).toBe("Request body must be application/x-www-form-urlencoded");
    });

    it("names both body types on the decision route, which takes JSON too", async () => {
      const response = await server.request("POST", "/v1/Authorize", {
        auth: `Bearer ${GATEWAY_TOKEN}`,
        body: "<Method>GET</Method>",
        headers: { "content-type": "application/xml" },
      });

      expect(expectTwilioError(response, 415, 20001)).toBe(
        "Request body must be application/x-www-form-urlencoded or application/json",
      );
    });
  });

  describe("an empty account FriendlyName", () => {
    const { server, owner } = useServer();

    it("is refused with 400/20002 on create, as on update, creating nothing", async () => {
      await expectNothingWritten(server, async () => {
        const created = await server.request("POST", ACCOUNTS_PATH, { auth: owner, form: { FriendlyName: "" } });
        expect(expectTwilioError(created, 400, 20002)).toBe("FriendlyName must be 1 to 64 characters");
      });
      const sub = await createSubaccount(server, { friendlyName: "kept" });
      await expectNothingWritten(server, async () => {
        const updated = await server.request("POST", accountPath(sub.sid), { auth: owner, form: { FriendlyName: "" } });
        expect(expectTwilioError(updated, 400, 20002)).toBe("FriendlyName must be 1 to 64 characters");
      });
      expect((await server.region.store.accounts.findBySid(sub.sid))?.friendlyName).toBe("kept");
    });

    it("still gives the default name when FriendlyName is omitted", async () => {
      const created = await server.request("POST", ACCOUNTS_PATH, { auth: owner });

      expect(created.status).toBe(201);
      expect(created.json.friendly_name).toMatch(/^SubAccount Created at \d{4}-\d{2}-\d{2} \d{2}:\d{2} [ap]m$/);
    });
  });

  describe("the subaccount cap", () => {
    const { server } = useServer({ maxSubaccounts: 2 });

    it("does not count closed subaccounts, which stay closed and keep their SIDs", async () => {
      const owner = ownerCredentials(server);
      const closed = await createSubaccount(server);
      await createSubaccount(server);
      await setStatusThroughApi(server, closed.sid, "closed");

      const replacement = await server.request("POST", ACCOUNTS_PATH, { auth: owner });

      expect(replacement.status).toBe(201);
      expect(replacement.json.sid).not.toBe(closed.sid);
      expect(expectTwilioError(await server.request("POST", ACCOUNTS_PATH, { auth: owner }), 400, 21480)).toBe(
        "Reached maximum number of subaccounts (2)",
      );
      expect((await server.region.store.accounts.findBySid(closed.sid))?.status).toBe("closed");
    });

    it("counts suspended subaccounts, which may become active again", async () => {
      const owner = ownerCredentials(server);
      const suspended = await createSubaccount(server);
      await createSubaccount(server);
      await setStatusThroughApi(server, suspended.sid, "suspended");

      expectTwilioError(await server.request("POST", ACCOUNTS_PATH, { auth: owner }), 400, 21480);
    });
  });
});
