/**
 * Several regions in one process, over real SQLite files and real HTTP: one Account SID everywhere with an
 * Auth Token per region; keys and Auth Token rotation that stay in their region; account changes (create,
 * rename, suspend, reactivate, close) that hold in every region; the Host picking the region; audit rows in
 * the region asked; and a region whose store fails answering 503 while the others serve.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { latchkeyHttpClient } from "@latchkey/sdk";
import { openSqliteStore } from "@latchkey/store";
import twilio from "twilio";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { asRequestClient } from "../../../sdk/test/twilio/as-request-client.js";
import { regionStoreFile } from "../../src/runtime/open-region.js";
import { AUTHENTICATE, allowedBody, ask, deniedBody, expectDecision } from "../decisions/decision-fixtures.js";
import { accountJson, accountPath } from "../support/account-fixtures.js";
import { EXAMPLE_DATE, EXAMPLE_INSTANT, expectNotFound, KEY_SECRET, KEY_SID } from "../support/route-fixtures.js";
import { startTestServer, type TestServer } from "../support/test-server.js";
import { useServer } from "../support/use-server.js";
import {
  auditIn,
  createKeyInRegion,
  createSubaccountInRegion,
  crossRegionPairs,
  expectUnknownCredential,
  MADE_UP_TOKEN,
  ownerIn,
  regionNotServed,
  requestIn,
  STORE_DOWN,
  THREE_REGIONS,
} from "./region-fixtures.js";

const HEX_TOKEN = /^[0-9a-f]{32}$/;
const A_MINUTE = 60_000;
const rfc2822 = (epochMs: number) => new Date(epochMs).toUTCString().replace("GMT", "+0000");

/** GET of the account `sid` in `region` as `auth`. */
const fetchAccount = (server: TestServer, region: string, sid: string, auth: { user: string; password: string }) =>
  requestIn(server, region, "GET", accountPath(sid), { auth });

describe("two regions in one process", () => {
  const { server } = useServer({ regions: ["us1", "ie1"] });

  it("gives the owner one SID and a distinct Auth Token per region, each working only with its own Host", async () => {
    expect(Object.keys(server.authTokens).sort()).toEqual(["ie1", "us1"]);
    const us1 = ownerIn(server, "us1");
    const ie1 = ownerIn(server, "ie1");
    expect(us1.password).toMatch(HEX_TOKEN);
    expect(ie1.password).toMatch(HEX_TOKEN);
    expect(us1.password).not.toBe(ie1.password);
    expect(server.authToken).toBe(us1.password);

    expect((await fetchAccount(server, "us1", server.accountSid, us1)).status).toBe(200);
    expect((await fetchAccount(server, "ie1", server.accountSid, ie1)).status).toBe(200);
    // 127.0.0.1 is the default region, us1.
    expect((await server.request("GET", accountPath(server.accountSid), { auth: us1 })).status).toBe(200);
    expectUnknownCredential(await server.request("GET", accountPath(server.accountSid), { auth: ie1 }));
    expectUnknownCredential(await fetchAccount(server, "us1", server.accountSid, ie1));
    expectUnknownCredential(await fetchAccount(server, "ie1", server.accountSid, us1));
  });
});

describe("three regions in one process", () => {
  const { server, clock } = useServer({ regions: THREE_REGIONS, fakeClock: true });

  describe("the owner account", () => {
    it("has the same SID in every region and a different 32-hex Auth Token in each", async () => {
      expect(Object.keys(server.authTokens).sort()).toEqual(["au1", "ie1", "us1"]);
      const tokens = THREE_REGIONS.map((region) => ownerIn(server, region).password);
      for (const token of tokens) expect(token).toMatch(HEX_TOKEN);
      expect(new Set(tokens).size).toBe(3);
      for (const region of THREE_REGIONS) {
        const response = await fetchAccount(server, region, server.accountSid, ownerIn(server, region));
        expect({ status: response.status, sid: response.json.sid, token: response.json.auth_token }, region).toEqual({
          status: 200,
          sid: server.accountSid,
          token: ownerIn(server, region).password,
        });
      }
    });

    it.each(
      crossRegionPairs(THREE_REGIONS),
    )("refuses the $made token with the $presented Host byte for byte as a made-up token", async ({
      made,
      presented,
    }) => {
      const wrongRegion = await fetchAccount(server, presented, server.accountSid, ownerIn(server, made));
      const madeUp = await fetchAccount(server, presented, server.accountSid, {
        user: server.accountSid,
        password: MADE_UP_TOKEN,
      });
      expectUnknownCredential(wrongRegion);
      expectUnknownCredential(madeUp);
      expect(wrongRegion.text).toBe(madeUp.text);
    });
  });

  describe("keys", () => {
    it("keeps a key made in ie1 in ie1: listed and fetched there, absent from us1, unknown as a credential elsewhere", async () => {
      const ie1 = ownerIn(server, "ie1");
      const created = await createKeyInRegion(server, "ie1", ie1, { FriendlyName: "dublin" });
      expect(created.sid).toMatch(KEY_SID);
      expect(created.password).toMatch(KEY_SECRET);
      // A restricted key made in ie1 too: a key that can itself call the Keys API, so it shows working and failing.
      const lister = await createKeyInRegion(server, "ie1", ie1, {
        FriendlyName: "lister",
        KeyType: "restricted",
        Policy: JSON.stringify({ allow: ["/twilio/iam/api-keys/*"] }),
      });
      const listPath = `/v1/Keys?AccountSid=${server.accountSid}`;

      const listedInIe1 = await requestIn(server, "ie1", "GET", listPath, { product: "iam", auth: ie1 });
      expect(listedInIe1.status).toBe(200);
      expect(listedInIe1.json.keys.map((key: { sid: string }) => key.sid).sort()).toEqual(
        [created.sid, lister.sid].sort(),
      );
      const fetchedInIe1 = await requestIn(server, "ie1", "GET", `/v1/Keys/${created.sid}`, {
        product: "iam",
        auth: ie1,
      });
      expect({ status: fetchedInIe1.status, body: fetchedInIe1.json }).toEqual({
        status: 200,
        body: {
          sid: created.sid,
          friendly_name: "dublin",
          date_created: EXAMPLE_DATE,
          date_updated: EXAMPLE_DATE,
          policy: null,
        },
      });
      const byLister = await requestIn(server, "ie1", "GET", listPath, { product: "iam", auth: lister });
      expect(byLister.status).toBe(200);
      expect(byLister.json.keys).toHaveLength(2);

      const listedInUs1 = await requestIn(server, "us1", "GET", listPath, {
        product: "iam",
        auth: ownerIn(server, "us1"),
      });
      expect({ status: listedInUs1.status, keys: listedInUs1.json.keys }).toEqual({ status: 200, keys: [] });
      expectNotFound(
        await requestIn(server, "us1", "GET", `/v1/Keys/${created.sid}`, {
          product: "iam",
          auth: ownerIn(server, "us1"),
        }),
        `/v1/Keys/${created.sid}`,
      );
      for (const region of ["us1", "au1"]) {
        expectUnknownCredential(
          await requestIn(server, region, "GET", listPath, { product: "iam", auth: lister }),
          `restricted key in ${region}`,
        );
      }
      // A standard key may not call the Keys API in any region, so its region shows in a decision: allowed
      // for an ie1 target, unknown for a target in us1 or au1.
      const messagesIn = (region: string) =>
        `https://api.${region}.twilio.com/2010-04-01/Accounts/${server.accountSid}/Messages.json`;
      expectDecision(
        await ask(server, created, "GET", messagesIn("ie1")),
        allowedBody(
          { accountSid: server.accountSid, credentialSid: created.sid, credentialType: "standard" },
          "/twilio/messaging/messages/list",
        ),
      );
      for (const region of ["us1", "au1"]) {
        expectDecision(
          await ask(server, created, "GET", messagesIn(region)),
          deniedBody(null, "authentication_failed", AUTHENTICATE),
          `standard key for a ${region} target`,
        );
      }
    });

    it("audits a key made in ie1 in ie1 only, with region ie1", async () => {
      const before = { us1: await auditIn(server, "us1"), au1: await auditIn(server, "au1") };
      const created = await createKeyInRegion(server, "ie1", ownerIn(server, "ie1"), { FriendlyName: "dublin" });

      const rows = (await auditIn(server, "ie1")).filter((row) => row.targetSid === created.sid);
      expect(rows.map(({ id: _id, ...row }) => row)).toEqual([
        {
          action: "key.created",
          actorSid: server.accountSid,
          address: "127.0.0.1",
          region: "ie1",
          accountSid: server.accountSid,
          targetSid: created.sid,
          changes: { friendly_name: "dublin", type: "standard", policy: null },
          at: EXAMPLE_INSTANT,
        },
      ]);
      expect(await auditIn(server, "us1")).toEqual(before.us1);
      expect(await auditIn(server, "au1")).toEqual(before.au1);
    });
  });

  describe("a subaccount", () => {
    it("created in au1 exists in us1 and ie1 with the same SID and its own Auth Token in each", async () => {
      const created = await createSubaccountInRegion(server, "au1", "sydney team");
      expect(created.authToken).toMatch(HEX_TOKEN);

      const tokens: Record<string, string> = {};
      for (const region of THREE_REGIONS) {
        const response = await fetchAccount(server, region, created.sid, ownerIn(server, region));
        tokens[region] = response.json?.auth_token;
        expect({ status: response.status, body: response.json }, region).toEqual({
          status: 200,
          body: accountJson({
            sid: created.sid,
            ownerAccountSid: server.accountSid,
            friendlyName: "sydney team",
            status: "active",
            authToken: tokens[region] ?? "",
            dateCreated: EXAMPLE_DATE,
            dateUpdated: EXAMPLE_DATE,
          }),
        });
        expect(tokens[region], region).toMatch(HEX_TOKEN);
      }
      expect(tokens.au1).toBe(created.authToken);
      expect(new Set(Object.values(tokens)).size).toBe(3);

      for (const made of THREE_REGIONS) {
        const auth = { user: created.sid, password: tokens[made] ?? "" };
        for (const presented of THREE_REGIONS) {
          const response = await fetchAccount(server, presented, created.sid, auth);
          if (made === presented) expect(response.status, `${made} token in ${presented}`).toBe(200);
          else expectUnknownCredential(response, `${made} token in ${presented}`);
        }
      }
    });

    it("created in au1 has its account.created audit row in au1 only", async () => {
      const created = await createSubaccountInRegion(server, "au1", "sydney team");

      const rowsOf = async (region: string) =>
        (await auditIn(server, region)).filter(
          (row) => row.targetSid === created.sid || row.accountSid === created.sid,
        );
      expect((await rowsOf("au1")).map(({ id: _id, ...row }) => row)).toEqual([
        {
          action: "account.created",
          actorSid: server.accountSid,
          address: "127.0.0.1",
          region: "au1",
          accountSid: created.sid,
          targetSid: created.sid,
          changes: { friendly_name: "sydney team", owner_account_sid: server.accountSid, status: "active" },
          at: EXAMPLE_INSTANT,
        },
      ]);
      expect(await rowsOf("us1")).toEqual([]);
      expect(await rowsOf("ie1")).toEqual([]);
    });

    it("suspended in ie1, reactivated in au1 and closed in us1: each status holds in every region and the directory", async () => {
      const created = await createSubaccountInRegion(server, "au1", "sydney team");
      const tokens: Record<string, string> = {};
      for (const region of THREE_REGIONS) {
        tokens[region] = (await fetchAccount(server, region, created.sid, ownerIn(server, region))).json.auth_token;
      }
      const subIn = (region: string) => ({ user: created.sid, password: tokens[region] ?? "" });
      /** Each region's own token of the subaccount, presented there: warms every credential cache. */
      const subaccountWorks = async () => {
        const statuses: Record<string, number> = {};
        for (const region of THREE_REGIONS) {
          statuses[region] = (await fetchAccount(server, region, created.sid, subIn(region))).status;
        }
        return statuses;
      };
      const statusSeenByParent = async () => {
        const seen: Record<string, unknown> = {};
        for (const region of THREE_REGIONS) {
          const response = await fetchAccount(server, region, created.sid, ownerIn(server, region));
          seen[region] = {
            status: response.status,
            account: response.json.status,
            updated: response.json.date_updated,
          };
        }
        return seen;
      };
      const everywhere = (value: unknown) => ({ us1: value, ie1: value, au1: value });
      expect(await subaccountWorks()).toEqual(everywhere(200));
      const initial = await server.deployment.directory.accounts.findBySid(created.sid);
      expect(initial?.status).toBe("active");

      const change = async (region: string, status: string) => {
        clock.advance(A_MINUTE);
        const response = await requestIn(server, region, "POST", accountPath(created.sid), {
          auth: ownerIn(server, region),
          form: { Status: status },
        });
        expect({ status: response.status, account: response.json.status }, `${status} in ${region}`).toEqual({
          status: 200,
          account: status,
        });
      };

      await change("ie1", "suspended");
      for (const region of THREE_REGIONS)
        expectUnknownCredential(await fetchAccount(server, region, created.sid, subIn(region)), region);
      expect(await statusSeenByParent()).toEqual(
        everywhere({ status: 200, account: "suspended", updated: rfc2822(EXAMPLE_INSTANT + A_MINUTE) }),
      );
      const suspended = await server.deployment.directory.accounts.findBySid(created.sid);
      expect(suspended?.status).toBe("suspended");
      expect(suspended?.version).toBeGreaterThan(initial?.version ?? Number.POSITIVE_INFINITY);

      await change("au1", "active");
      expect(await subaccountWorks()).toEqual(everywhere(200));
      expect(await statusSeenByParent()).toEqual(
        everywhere({ status: 200, account: "active", updated: rfc2822(EXAMPLE_INSTANT + 2 * A_MINUTE) }),
      );
      const reactivated = await server.deployment.directory.accounts.findBySid(created.sid);
      expect(reactivated?.status).toBe("active");
      expect(reactivated?.version).toBeGreaterThan(suspended?.version ?? Number.POSITIVE_INFINITY);

      await change("us1", "closed");
      for (const region of THREE_REGIONS)
        expectUnknownCredential(await fetchAccount(server, region, created.sid, subIn(region)), region);
      expect(await statusSeenByParent()).toEqual(
        everywhere({ status: 200, account: "closed", updated: rfc2822(EXAMPLE_INSTANT + 3 * A_MINUTE) }),
      );
      const closed = await server.deployment.directory.accounts.findBySid(created.sid);
      expect(closed?.status).toBe("closed");
      expect(closed?.version).toBeGreaterThan(reactivated?.version ?? Number.POSITIVE_INFINITY);
    });

    it("renamed in us1 carries its new name in every region and the directory", async () => {
      const created = await createSubaccountInRegion(server, "ie1", "first name");
      const before = await server.deployment.directory.accounts.findBySid(created.sid);

      const renamed = await requestIn(server, "us1", "POST", accountPath(created.sid), {
        auth: ownerIn(server, "us1"),
        form: { FriendlyName: "second name" },
      });
      expect({ status: renamed.status, name: renamed.json.friendly_name }).toEqual({
        status: 200,
        name: "second name",
      });

      for (const region of THREE_REGIONS) {
        const response = await fetchAccount(server, region, created.sid, ownerIn(server, region));
        expect({ status: response.status, name: response.json.friendly_name }, region).toEqual({
          status: 200,
          name: "second name",
        });
      }
      const after = await server.deployment.directory.accounts.findBySid(created.sid);
      expect(after?.friendlyName).toBe("second name");
      expect(after?.version).toBe((before?.version ?? 0) + 1);
    });
  });

  describe("Auth Token rotation", () => {
    it("in ie1 changes only ie1's token", async () => {
      const oldIe1 = ownerIn(server, "ie1");
      const secondary = await requestIn(server, "ie1", "POST", "/v1/AuthTokens/Secondary", {
        product: "accounts",
        auth: oldIe1,
      });
      expect(secondary.status).toBe(201);
      const newToken: string = secondary.json.secondary_auth_token;
      expect(newToken).toMatch(HEX_TOKEN);
      const promoted = await requestIn(server, "ie1", "POST", "/v1/AuthTokens/Promote", {
        product: "accounts",
        auth: oldIe1,
      });
      expect({ status: promoted.status, token: promoted.json.auth_token }).toEqual({ status: 200, token: newToken });

      const newIe1 = { user: server.accountSid, password: newToken };
      expectUnknownCredential(await fetchAccount(server, "ie1", server.accountSid, oldIe1));
      expect((await fetchAccount(server, "ie1", server.accountSid, newIe1)).status).toBe(200);
      expect((await fetchAccount(server, "us1", server.accountSid, ownerIn(server, "us1"))).status).toBe(200);
      expect((await fetchAccount(server, "au1", server.accountSid, ownerIn(server, "au1"))).status).toBe(200);
      expectUnknownCredential(await fetchAccount(server, "us1", server.accountSid, newIe1));
      expectUnknownCredential(await fetchAccount(server, "au1", server.accountSid, newIe1));
    });
  });

  describe("which region a Host names", () => {
    it.each([
      ["api.jp1.twilio.com", "jp1"],
      ["api.dublin.xx9.twilio.com", "xx9"],
    ])("answers %s with 404 naming %s, with credentials or without", async (host, region) => {
      for (const auth of [ownerIn(server, "us1"), undefined]) {
        const response = await server.request("GET", "/2010-04-01/Accounts.json", {
          host,
          ...(auth !== undefined && { auth }),
        });
        expect({ status: response.status, body: response.json }).toEqual({
          status: 404,
          body: regionNotServed(region),
        });
      }
    });

    it("reads the edge form api.dublin.ie1.twilio.com as ie1", async () => {
      const response = await server.request("GET", accountPath(server.accountSid), {
        host: "api.dublin.ie1.twilio.com",
        auth: ownerIn(server, "ie1"),
      });
      expect(response.status).toBe(200);
      expectUnknownCredential(
        await server.request("GET", accountPath(server.accountSid), {
          host: "api.dublin.ie1.twilio.com",
          auth: ownerIn(server, "us1"),
        }),
      );
    });
  });

  describe("a region whose store fails", () => {
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

  describe("the official twilio client in ie1 through latchkeyHttpClient", () => {
    const ie1Client = (username: string, password: string) =>
      twilio(username, password, {
        accountSid: server.accountSid,
        region: "ie1",
        edge: "dublin",
        httpClient: asRequestClient(latchkeyHttpClient(server.url)),
      });
    const CREATED = new Date(EXAMPLE_INSTANT);
    const LATER = new Date(EXAMPLE_INSTANT + A_MINUTE);
    /** The key as ie1 and us1 report it to the owner, read past the client. */
    const keyStatusIn = async (region: string, sid: string) =>
      (
        await requestIn(server, region, "GET", `/2010-04-01/Accounts/${server.accountSid}/Keys/${sid}.json`, {
          auth: ownerIn(server, region),
        })
      ).status;

    it("creates, lists, fetches, updates and deletes keys through IAM v1 with an ie1 Main key", async () => {
      const main = await server.createMainKey("ie1 main", "ie1");
      const client = ie1Client(main.sid, main.secret);

      const created = await client.iam.v1.newApiKey.create({ accountSid: server.accountSid, friendlyName: "ci" });
      expect(created.toJSON()).toEqual({
        sid: expect.stringMatching(KEY_SID),
        friendlyName: "ci",
        dateCreated: CREATED,
        dateUpdated: CREATED,
        secret: expect.stringMatching(KEY_SECRET),
        policy: null,
      });
      expect({ ie1: await keyStatusIn("ie1", created.sid), us1: await keyStatusIn("us1", created.sid) }).toEqual({
        ie1: 200,
        us1: 404,
      });

      const mainEntry = {
        sid: main.sid,
        friendlyName: "ie1 main",
        dateCreated: CREATED,
        dateUpdated: CREATED,
        flags: ["rest_api", "signing", "manage_accounts", "manage_keys"],
      };
      const keyEntry = {
        sid: created.sid,
        friendlyName: "ci",
        dateCreated: CREATED,
        dateUpdated: CREATED,
        flags: ["rest_api", "signing"],
      };
      const bySid = (a: { sid: string }, b: { sid: string }) => a.sid.localeCompare(b.sid);
      const listed = await client.iam.v1.getApiKeys.list({ accountSid: server.accountSid });
      expect(listed.map((key) => key.toJSON()).sort(bySid)).toEqual([mainEntry, keyEntry].sort(bySid));
      expect((await client.iam.v1.apiKey(created.sid).fetch()).toJSON()).toEqual({
        sid: created.sid,
        friendlyName: "ci",
        dateCreated: CREATED,
        dateUpdated: CREATED,
        policy: null,
      });
      clock.advance(A_MINUTE);
      expect((await client.iam.v1.apiKey(created.sid).update({ friendlyName: "ci release" })).toJSON()).toEqual({
        sid: created.sid,
        friendlyName: "ci release",
        dateCreated: CREATED,
        dateUpdated: LATER,
        policy: null,
      });
      expect(await client.iam.v1.apiKey(created.sid).remove()).toBe(true);
      expect(await keyStatusIn("ie1", created.sid)).toBe(404);
      expect(
        (await client.iam.v1.getApiKeys.list({ accountSid: server.accountSid })).map((key) => key.toJSON()),
      ).toEqual([mainEntry]);
    });

    it("creates, lists, fetches, updates and deletes keys through API v2010 Keys with an ie1 Main key", async () => {
      const main = await server.createMainKey("ie1 main", "ie1");
      const account = ie1Client(main.sid, main.secret).api.v2010.accounts(server.accountSid);

      const created = await account.newKeys.create({ friendlyName: "billing" });
      expect(created.toJSON()).toEqual({
        sid: expect.stringMatching(KEY_SID),
        friendlyName: "billing",
        dateCreated: CREATED,
        dateUpdated: CREATED,
        secret: expect.stringMatching(KEY_SECRET),
      });
      expect({ ie1: await keyStatusIn("ie1", created.sid), us1: await keyStatusIn("us1", created.sid) }).toEqual({
        ie1: 200,
        us1: 404,
      });
      const listed = await account.keys.list();
      const mainEntry = { sid: main.sid, friendlyName: "ie1 main", dateCreated: CREATED, dateUpdated: CREATED };
      const keyEntry = { sid: created.sid, friendlyName: "billing", dateCreated: CREATED, dateUpdated: CREATED };
      expect(listed.map((key) => key.toJSON()).sort((a, b) => a.sid.localeCompare(b.sid))).toEqual(
        [mainEntry, keyEntry].sort((a, b) => a.sid.localeCompare(b.sid)),
      );
      expect((await account.keys(created.sid).fetch()).toJSON()).toEqual(keyEntry);
      clock.advance(A_MINUTE);
      expect((await account.keys(created.sid).update({ friendlyName: "billing nightly" })).toJSON()).toEqual({
        ...keyEntry,
        friendlyName: "billing nightly",
        dateUpdated: LATER,
      });
      expect(await account.keys(created.sid).remove()).toBe(true);
      expect(await keyStatusIn("ie1", created.sid)).toBe(404);
    });

    it("creates, promotes and deletes a secondary Auth Token in ie1 only, with the owner's ie1 token", async () => {
      const oldIe1 = ownerIn(server, "ie1");
      const client = ie1Client(server.accountSid, oldIe1.password);
      const url = (path: string) => `http://accounts.dublin.ie1.twilio.com${path}`;

      const secondary = await client.accounts.v1.secondaryAuthToken().create();
      expect(secondary.toJSON()).toEqual({
        accountSid: server.accountSid,
        dateCreated: CREATED,
        dateUpdated: CREATED,
        secondaryAuthToken: expect.stringMatching(HEX_TOKEN),
        url: url("/v1/AuthTokens/Secondary"),
      });
      clock.advance(A_MINUTE);
      const promotion = await client.accounts.v1.authTokenPromotion().update();
      expect(promotion.toJSON()).toEqual({
        accountSid: server.accountSid,
        authToken: secondary.secondaryAuthToken,
        dateCreated: CREATED,
        dateUpdated: LATER,
        url: url("/v1/AuthTokens/Promote"),
      });

      expectUnknownCredential(await fetchAccount(server, "ie1", server.accountSid, oldIe1));
      const newIe1 = { user: server.accountSid, password: secondary.secondaryAuthToken };
      expect((await fetchAccount(server, "ie1", server.accountSid, newIe1)).status).toBe(200);
      expect((await fetchAccount(server, "us1", server.accountSid, ownerIn(server, "us1"))).status).toBe(200);
      expectUnknownCredential(await fetchAccount(server, "us1", server.accountSid, newIe1));

      const promotedClient = ie1Client(server.accountSid, secondary.secondaryAuthToken);
      const another = await promotedClient.accounts.v1.secondaryAuthToken().create();
      const anotherIe1 = { user: server.accountSid, password: another.secondaryAuthToken };
      expect((await fetchAccount(server, "ie1", server.accountSid, anotherIe1)).status).toBe(200);
      expect(await promotedClient.accounts.v1.secondaryAuthToken().remove()).toBe(true);
      expectUnknownCredential(await fetchAccount(server, "ie1", server.accountSid, anotherIe1));
      expect((await fetchAccount(server, "ie1", server.accountSid, newIe1)).status).toBe(200);
    });
  });
});

describe("LATCHKEY_DOMAINS", () => {
  const { server } = useServer({ regions: THREE_REGIONS, domains: ["latchkey.example.com"] });

  it("makes iam.ie1.latchkey.example.com reach ie1", async () => {
    const path = `/v1/Keys?AccountSid=${server.accountSid}`;
    const host = "iam.ie1.latchkey.example.com";
    const inIe1 = await server.request("GET", path, { host, auth: ownerIn(server, "ie1") });
    expect({ status: inIe1.status, keys: inIe1.json.keys }).toEqual({ status: 200, keys: [] });
    expectUnknownCredential(await server.request("GET", path, { host, auth: ownerIn(server, "us1") }));
    // The bare product host under the domain is the default region.
    const bare = await server.request("GET", path, { host: "iam.latchkey.example.com", auth: ownerIn(server, "us1") });
    expect(bare.status).toBe(200);
    const unknown = await server.request("GET", path, { host: "iam.jp1.latchkey.example.com" });
    expect({ status: unknown.status, body: unknown.json }).toEqual({ status: 404, body: regionNotServed("jp1") });
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
