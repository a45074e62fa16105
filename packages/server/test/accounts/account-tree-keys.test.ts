import { describe, expect, it } from "vitest";
import { createKeyIn, createSubaccount, expectNothingWritten } from "../support/account-fixtures.js";
import { createStandardKey, expectNotFound, storedKeys } from "../support/route-fixtures.js";
import { useServer } from "../support/use-server.js";

describe("2010-04-01 Accounts", () => {
  const { server, owner } = useServer({ fakeClock: true });

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
});
