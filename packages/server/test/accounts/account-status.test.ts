import type { AccountStatus } from "@latchkey/core";
import { describe, expect, it } from "vitest";
import {
  accountPath,
  createMainKeyIn,
  createRestrictedKeyIn,
  createSubaccount,
  expectNothingWritten,
  probe,
  type Subaccount,
  setStatusInStore,
  setStatusThroughApi,
} from "../support/account-fixtures.js";
import { type Credentials, expectAuthenticate, expectNotFound, expectTwilioError } from "../support/route-fixtures.js";
import { useServer } from "../support/use-server.js";

const READ_ACCOUNT_AND_KEYS = ["/twilio/iam/accounts/read", "/twilio/iam/api-keys/list"];

describe("account status", () => {
  const { server, owner, clock } = useServer({ fakeClock: true });

  const updateStatus = (sid: string, status: string, auth: Credentials = owner) =>
    server.request("POST", accountPath(sid), { auth, form: { Status: status } });
  const storedStatus = async (sid: string) => (await server.region.store.accounts.findBySid(sid))?.status;

  describe("transitions", () => {
    it.each<[AccountStatus, AccountStatus]>([
      ["active", "suspended"],
      ["suspended", "active"],
      ["active", "closed"],
      ["suspended", "closed"],
    ])("moves a subaccount from %s to %s for its parent", async (from, to) => {
      const sub = await createSubaccount(server);
      if (from !== "active") await setStatusThroughApi(server, sub.sid, from);
      clock.advance(1000);

      const response = await updateStatus(sub.sid, to);

      expect(response.status).toBe(200);
      expect(response.json).toMatchObject({
        sid: sub.sid,
        status: to,
        date_updated: "Mon, 13 Jun 2016 22:50:09 +0000",
      });
      expect(await storedStatus(sub.sid)).toBe(to);
    });

    it.each<AccountStatus>([
      "active",
      "suspended",
    ])("refuses to move a closed subaccount to %s with 400/20001, writing nothing", async (to) => {
      const sub = await createSubaccount(server);
      await setStatusThroughApi(server, sub.sid, "closed");

      await expectNothingWritten(server, async () => {
        expectTwilioError(await updateStatus(sub.sid, to), 400, 20001);
      });
      expect(await storedStatus(sub.sid)).toBe("closed");
    });

    it("lets the parent change name and status in one request", async () => {
      const sub = await createSubaccount(server, { friendlyName: "old" });

      const response = await server.request("POST", accountPath(sub.sid), {
        auth: owner,
        form: { FriendlyName: "parked", Status: "suspended" },
      });

      expect(response.json).toMatchObject({ friendly_name: "parked", status: "suspended" });
      expect(await server.region.store.accounts.findBySid(sub.sid)).toMatchObject({
        friendlyName: "parked",
        status: "suspended",
      });
    });

    it("keeps a subaccount's status out of the parent's Main key's reach (404/20404), writing nothing", async () => {
      const sub = await createSubaccount(server);
      const main = await server.createMainKey();

      await expectNothingWritten(server, async () => {
        const response = await updateStatus(sub.sid, "suspended", { user: main.sid, password: main.secret });
        expectNotFound(response, accountPath(sub.sid));
      });
    });
  });

  describe("who may change a status", () => {
    it.each<AccountStatus>([
      "suspended",
      "closed",
    ])("refuses to make the owner account %s with 403/20006, for its auth token and its Main key", async (status) => {
      const main = await server.createMainKey();

      await expectNothingWritten(server, async () => {
        expectTwilioError(await updateStatus(server.accountSid, status), 403, 20006);
        expectTwilioError(
          await updateStatus(server.accountSid, status, { user: main.sid, password: main.secret }),
          403,
          20006,
        );
      });
      expect(await storedStatus(server.accountSid)).toBe("active");
      expect((await probe(server, owner, server.accountSid)).status).toBe(200);
    });

    it.each<AccountStatus>([
      "suspended",
      "closed",
    ])("refuses a subaccount making itself %s with 403/20006, writing nothing", async (status) => {
      const sub = await createSubaccount(server);

      await expectNothingWritten(server, async () => {
        expectTwilioError(await updateStatus(sub.sid, status, sub), 403, 20006);
      });
      expect((await probe(server, sub, sub.sid)).status).toBe(200);
    });

    it("refuses a subaccount's Main key changing its own account's status with 403/20006", async () => {
      const sub = await createSubaccount(server);
      const subMain = await createMainKeyIn(server, sub.sid);

      expectTwilioError(await updateStatus(sub.sid, "closed", subMain), 403, 20006);
      expect(await storedStatus(sub.sid)).toBe("active");
    });

    it("refuses a subaccount suspending a sibling with 404/20404", async () => {
      const sub = await createSubaccount(server);
      const sibling = await createSubaccount(server);

      expectNotFound(await updateStatus(sibling.sid, "suspended", sub), accountPath(sibling.sid));
      expect(await storedStatus(sibling.sid)).toBe("active");
    });

    it("refuses another top-level account suspending a subaccount it does not own with 404/20404", async () => {
      const sub = await createSubaccount(server);
      const other = await server.createOtherAccount();

      const response = await updateStatus(sub.sid, "suspended", { user: other.accountSid, password: other.authToken });

      expectNotFound(response, accountPath(sub.sid));
      expect(await storedStatus(sub.sid)).toBe("active");
    });
  });

  describe("credentials of a suspended or closed account", () => {
    interface SubWithKeys {
      readonly sub: Subaccount;
      readonly main: Credentials;
      readonly restricted: Credentials;
    }

    /** A subaccount with a Main and a restricted key, every credential used once so it is cached. */
    const subWithWarmCredentials = async (): Promise<SubWithKeys> => {
      const sub = await createSubaccount(server);
      const main = await createMainKeyIn(server, sub.sid);
      const restricted = await createRestrictedKeyIn(server, owner, sub.sid, READ_ACCOUNT_AND_KEYS);
      for (const credential of [sub, main, restricted])
        expect((await probe(server, credential, sub.sid)).status).toBe(200);
      return { sub, main, restricted };
    };

    const expectAllFail = async ({ sub, main, restricted }: SubWithKeys) => {
      for (const credential of [sub, main, restricted]) expectAuthenticate(await probe(server, credential, sub.sid));
      expectAuthenticate(await server.request("GET", `/v1/Keys?AccountSid=${sub.sid}`, { auth: restricted }));
      expectAuthenticate(await server.request("POST", "/v1/AuthTokens/Secondary", { auth: sub }));
    };

    const expectAllWork = async ({ sub, main, restricted }: SubWithKeys) => {
      for (const credential of [sub, main, restricted])
        expect((await probe(server, credential, sub.sid)).status).toBe(200);
      expect((await server.request("GET", `/v1/Keys?AccountSid=${sub.sid}`, { auth: restricted })).status).toBe(200);
    };

    it("fails the auth token and every key of a suspended subaccount on the very next request", async () => {
      const world = await subWithWarmCredentials();

      await setStatusThroughApi(server, world.sub.sid, "suspended");

      await expectAllFail(world);
    });

    it("accepts the same credentials again as soon as the subaccount is reactivated", async () => {
      const world = await subWithWarmCredentials();
      await setStatusThroughApi(server, world.sub.sid, "suspended");
      await expectAllFail(world);

      await setStatusThroughApi(server, world.sub.sid, "active");

      await expectAllWork(world);
    });

    it("fails every credential of a closed subaccount, for good", async () => {
      const world = await subWithWarmCredentials();

      await setStatusThroughApi(server, world.sub.sid, "closed");

      await expectAllFail(world);
      expectTwilioError(await updateStatus(world.sub.sid, "active"), 400, 20001);
      await expectAllFail(world);
    });

    it("leaves the parent and a sibling working while one subaccount is suspended", async () => {
      const world = await subWithWarmCredentials();
      const sibling = await createSubaccount(server);

      await setStatusThroughApi(server, world.sub.sid, "suspended");

      expect((await probe(server, owner, server.accountSid)).status).toBe(200);
      expect((await probe(server, sibling, sibling.sid)).status).toBe(200);
    });

    it("still lets the parent fetch a suspended or closed subaccount and its keys", async () => {
      const suspended = await subWithWarmCredentials();
      const closed = await subWithWarmCredentials();
      await setStatusThroughApi(server, suspended.sub.sid, "suspended");
      await setStatusThroughApi(server, closed.sub.sid, "closed");

      for (const { sub } of [suspended, closed]) {
        const fetched = await probe(server, owner, sub.sid);
        expect(fetched.status).toBe(200);
        const keys = await server.request("GET", `/v1/Keys?AccountSid=${sub.sid}`, { auth: owner });
        expect(keys.json.keys).toHaveLength(2);
      }
    });

    it("fails a subaccount's credentials while its parent is suspended, and restores them with the parent", async () => {
      const world = await subWithWarmCredentials();
      const parentMain = await server.createMainKey();
      const parentKey = { user: parentMain.sid, password: parentMain.secret };
      expect((await probe(server, parentKey, server.accountSid)).status).toBe(200);

      await setStatusInStore(server, server.accountSid, "suspended");

      await expectAllFail(world);
      expectAuthenticate(await probe(server, owner, server.accountSid));
      expectAuthenticate(await probe(server, parentKey, server.accountSid));

      await setStatusInStore(server, server.accountSid, "active");

      await expectAllWork(world);
      expect((await probe(server, owner, server.accountSid)).status).toBe(200);
      expect((await probe(server, parentKey, server.accountSid)).status).toBe(200);
    });

    it("fails a subaccount's credentials while its parent is closed", async () => {
      const world = await subWithWarmCredentials();

      await setStatusInStore(server, server.accountSid, "closed");

      await expectAllFail(world);
    });

    it("keeps a suspended subaccount's credentials failing when its parent is suspended and reactivated", async () => {
      const world = await subWithWarmCredentials();
      await setStatusThroughApi(server, world.sub.sid, "suspended");
      await setStatusInStore(server, server.accountSid, "suspended");

      await setStatusInStore(server, server.accountSid, "active");

      await expectAllFail(world);
    });
  });
});
