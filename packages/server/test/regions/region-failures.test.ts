/**
 * Failures in a multi-region deployment: a region whose store fails answers 503 while the others serve; an
 * account change still reaches every region that can take it, the failing region drops its credential cache
 * and gets the change when it is next reconciled (here: the next start); a failed directory stops account
 * changes only; the failure throttle is the deployment's.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqliteStore } from "@latchkey/store";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { regionStoreFile } from "../../src/runtime/open-region.js";
import { accountPath } from "../support/account-fixtures.js";
import { KEY_SID } from "../support/route-fixtures.js";
import { startTestServer, type TestServer } from "../support/test-server.js";
import { useServer } from "../support/use-server.js";
import {
  createKeyInRegion,
  createSubaccountInRegion,
  expectUnknownCredential,
  fetchAccount,
  HEX_TOKEN,
  MADE_UP_TOKEN,
  ownerIn,
  requestIn,
  STORE_DOWN,
  THREE_REGIONS,
} from "./region-fixtures.js";

describe("a region whose store fails", () => {
  const { server } = useServer({ regions: THREE_REGIONS });

  it("answers 503/20503 while the other regions keep serving", async () => {
    // Warm, then cold: the failing region must go to its store, not answer from memory.
    expect((await fetchAccount(server, "ie1", server.accountSid, ownerIn(server, "ie1"))).status).toBe(200);
    const ie1 = server.regionContext("ie1");
    ie1.authenticator.invalidateAll();
    await ie1.store.close();

    const failing = await fetchAccount(server, "ie1", server.accountSid, ownerIn(server, "ie1"));
    expect({ status: failing.status, body: failing.json }).toEqual({ status: 503, body: STORE_DOWN });
    expect((await fetchAccount(server, "us1", server.accountSid, ownerIn(server, "us1"))).status).toBe(200);
    expect((await fetchAccount(server, "au1", server.accountSid, ownerIn(server, "au1"))).status).toBe(200);
    // The harness closes the server after this test, closing ie1's store a second time: that must not throw.
    await expect(server.close()).resolves.toBeUndefined();
  });
});

describe("failures across regions", () => {
  describe("the failure throttle", () => {
    const { server } = useServer({ regions: THREE_REGIONS, authFailuresPerAddress: 3, fakeClock: true });

    it("is the deployment's: failures spent in us1 leave no fresh budget in ie1", async () => {
      const wrong = { user: server.accountSid, password: MADE_UP_TOKEN };
      for (const region of ["us1", "us1", "au1"]) {
        expectUnknownCredential(await fetchAccount(server, region, server.accountSid, wrong), region);
      }
      const throttled = await fetchAccount(server, "ie1", server.accountSid, wrong);
      expect({ status: throttled.status, body: throttled.json }).toEqual({
        status: 429,
        body: {
          code: 20429,
          message: "Too many failed authentication attempts; retry later",
          more_info: "https://www.twilio.com/docs/errors/20429",
          status: 429,
        },
      });
    });
  });

  describe("a directory that fails", () => {
    const { server } = useServer({ regions: THREE_REGIONS });

    it("answers account changes 503 and changes nothing, while authentication and keys keep working", async () => {
      const sub = await createSubaccountInRegion(server, "ie1", "before");
      await server.deployment.directory.close();

      const created = await requestIn(server, "ie1", "POST", "/2010-04-01/Accounts.json", {
        auth: ownerIn(server, "ie1"),
        form: { FriendlyName: "during" },
      });
      expect({ status: created.status, code: created.json.code }).toEqual({ status: 503, code: 20503 });
      const renamed = await requestIn(server, "us1", "POST", accountPath(sub.sid), {
        auth: ownerIn(server, "us1"),
        form: { FriendlyName: "renamed" },
      });
      expect({ status: renamed.status, code: renamed.json.code }).toEqual({ status: 503, code: 20503 });

      for (const region of THREE_REGIONS) {
        const response = await fetchAccount(server, region, sub.sid, ownerIn(server, region));
        expect({ status: response.status, name: response.json.friendly_name }, region).toEqual({
          status: 200,
          name: "before",
        });
        const list = await requestIn(server, region, "GET", "/2010-04-01/Accounts.json", {
          auth: ownerIn(server, region),
        });
        expect(list.json.accounts.map((account: { sid: string }) => account.sid).sort(), region).toEqual(
          [server.accountSid, sub.sid].sort(),
        );
      }
      const key = await createKeyInRegion(server, "au1", ownerIn(server, "au1"), { FriendlyName: "still works" });
      expect(key.sid).toMatch(KEY_SID);
    });
  });

  describe("a region whose store fails while an account change is copied", () => {
    const { server } = useServer({ regions: THREE_REGIONS });

    it("holds the change in the other regions and never answers the failing region's suspended credential from memory", async () => {
      const sub = await createSubaccountInRegion(server, "us1", "copied");
      const ie1Token: string = (await fetchAccount(server, "ie1", sub.sid, ownerIn(server, "ie1"))).json.auth_token;
      const subIe1 = { user: sub.sid, password: ie1Token };
      // Warm ie1's cache with the subaccount's credential, then break ie1's store.
      expect((await fetchAccount(server, "ie1", sub.sid, subIe1)).status).toBe(200);
      await server.regionContext("ie1").store.close();

      const suspended = await requestIn(server, "us1", "POST", accountPath(sub.sid), {
        auth: ownerIn(server, "us1"),
        form: { Status: "suspended" },
      });
      expect({ status: suspended.status, account: suspended.json.status }).toEqual({
        status: 200,
        account: "suspended",
      });
      expect((await server.deployment.directory.accounts.findBySid(sub.sid))?.status).toBe("suspended");
      const au1 = await fetchAccount(server, "au1", sub.sid, ownerIn(server, "au1"));
      expect(au1.json.status).toBe("suspended");

      const ie1 = await fetchAccount(server, "ie1", sub.sid, subIe1);
      expect({ status: ie1.status, body: ie1.json }).toEqual({ status: 503, body: STORE_DOWN });
    });
  });
});

/**
 * A region's store cannot be reopened in the process that closed it, so the catching up is seen where it
 * is guaranteed: the next start reconciles every region with the directory.
 */
describe("an account change while one region's store is closed", () => {
  let dataDir: string;
  let running: TestServer | undefined;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), "latchkey-regions-down-"));
  });
  afterEach(async () => {
    await running?.close();
    running = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });
  const start = async () => {
    running = await startTestServer({ regions: THREE_REGIONS, dataDir });
    return running;
  };
  const stop = async (server: TestServer) => {
    running = undefined;
    // Closes ie1's store a second time: that must not throw.
    await expect(server.close()).resolves.toBeUndefined();
  };
  /** Whether `region` holds a copy of `sid`, read from its file while no server has it open. */
  const copiedInFile = async (region: string, sid: string) => {
    const store = await openSqliteStore(regionStoreFile(dataDir, region));
    try {
      return (await store.accounts.findBySid(sid)) !== undefined;
    } finally {
      await store.close();
    }
  };
  /** Warms ie1's cache with the owner's ie1 token, then closes ie1's store under it. */
  const breakIe1 = async (server: TestServer) => {
    const ie1 = server.regionContext("ie1");
    const header = server.basic(server.accountSid, ownerIn(server, "ie1").password);
    expect((await fetchAccount(server, "ie1", server.accountSid, ownerIn(server, "ie1"))).status).toBe(200);
    expect(ie1.authenticator.authenticateWarm(header)).toMatchObject({ ok: true });
    await ie1.store.close();
    return { isWarm: () => ie1.authenticator.authenticateWarm(header) !== undefined };
  };

  it("creates the subaccount in the other regions, drops ie1's cache, and ie1 gets its copy at the next start", async () => {
    const server = await start();
    const ownerTokens = { ...server.authTokens };
    const ie1 = await breakIe1(server);

    const created = await createSubaccountInRegion(server, "us1", "while ie1 is down");
    expect((await server.deployment.directory.accounts.findBySid(created.sid))?.status).toBe("active");
    for (const region of ["us1", "au1"]) {
      const response = await fetchAccount(server, region, created.sid, ownerIn(server, region));
      expect({ status: response.status, sid: response.json.sid }, region).toEqual({ status: 200, sid: created.sid });
    }
    // SECURITY: ie1 could not store the change, so it answers nothing from memory: its cache is cold and
    // its checks reach the failing store.
    expect(ie1.isWarm()).toBe(false);
    const failing = await fetchAccount(server, "ie1", server.accountSid, ownerIn(server, "ie1"));
    expect({ status: failing.status, body: failing.json }).toEqual({ status: 503, body: STORE_DOWN });

    await stop(server);
    expect(await copiedInFile("ie1", created.sid)).toBe(false);
    expect(await copiedInFile("au1", created.sid)).toBe(true);
    const restarted = await start();
    expect(restarted.authTokens).toEqual({});
    const copy = await restarted.regionContext("ie1").store.accounts.findBySid(created.sid);
    const inDirectory = await restarted.deployment.directory.accounts.findBySid(created.sid);
    expect({ owner: copy?.ownerAccountSid, name: copy?.friendlyName, version: copy?.version }).toEqual({
      owner: restarted.accountSid,
      name: "while ie1 is down",
      version: inDirectory?.version,
    });
    const ie1Owner = { user: restarted.accountSid, password: ownerTokens.ie1 ?? "" };
    const seen = await fetchAccount(restarted, "ie1", created.sid, ie1Owner);
    expect({ status: seen.status, status_: seen.json.status }).toEqual({ status: 200, status_: "active" });
    const ie1Token: string = seen.json.auth_token;
    expect(ie1Token).toMatch(HEX_TOKEN);
    expect(ie1Token).not.toBe(created.authToken);
    expect((await fetchAccount(restarted, "ie1", created.sid, { user: created.sid, password: ie1Token })).status).toBe(
      200,
    );
    expectUnknownCredential(
      await fetchAccount(restarted, "ie1", created.sid, { user: created.sid, password: created.authToken }),
    );
  });

  it("answers 503 in the failing region that took the request, and the subaccount still exists everywhere else", async () => {
    const server = await start();
    const ownerTokens = { ...server.authTokens };
    await breakIe1(server);

    // The owner's ie1 credential is warm, so the request gets past authentication to the account change.
    const response = await requestIn(server, "ie1", "POST", "/2010-04-01/Accounts.json", {
      auth: ownerIn(server, "ie1"),
      form: { FriendlyName: "asked in ie1" },
    });
    expect({ status: response.status, body: response.json }).toEqual({ status: 503, body: STORE_DOWN });

    const listed = await requestIn(server, "au1", "GET", "/2010-04-01/Accounts.json?FriendlyName=asked%20in%20ie1", {
      auth: ownerIn(server, "au1"),
    });
    expect(listed.status).toBe(200);
    expect(listed.json.accounts).toHaveLength(1);
    const sid: string = listed.json.accounts[0].sid;
    expect((await server.deployment.directory.accounts.findBySid(sid))?.friendlyName).toBe("asked in ie1");
    const inUs1 = await fetchAccount(server, "us1", sid, ownerIn(server, "us1"));
    expect({ status: inUs1.status, name: inUs1.json.friendly_name }).toEqual({ status: 200, name: "asked in ie1" });

    await stop(server);
    const restarted = await start();
    const inIe1 = await fetchAccount(restarted, "ie1", sid, {
      user: restarted.accountSid,
      password: ownerTokens.ie1 ?? "",
    });
    expect({ status: inIe1.status, name: inIe1.json.friendly_name }).toEqual({ status: 200, name: "asked in ie1" });
  });
});
