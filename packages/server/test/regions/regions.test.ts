/**
 * Several regions in one process, over real SQLite files and real HTTP: one Account SID everywhere with an
 * Auth Token per region; keys and Auth Token rotation that stay in their region; account changes (create,
 * rename, suspend, reactivate, close) that hold in every region; the Host picking the region; audit rows in
 * the region asked. Failures are in region-failures.test.ts, the official client in twilio-client-regions.test.ts.
 */
import { describe, expect, it } from "vitest";
import { AUTHENTICATE, allowedBody, ask, deniedBody, expectDecision } from "../decisions/decision-fixtures.js";
import { accountJson, accountPath } from "../support/account-fixtures.js";
import { EXAMPLE_DATE, EXAMPLE_INSTANT, expectNotFound, KEY_SECRET, KEY_SID } from "../support/route-fixtures.js";
import { useServer } from "../support/use-server.js";
import {
  auditIn,
  createKeyInRegion,
  createSubaccountInRegion,
  crossRegionPairs,
  expectUnknownCredential,
  fetchAccount,
  HEX_TOKEN,
  MADE_UP_TOKEN,
  ownerIn,
  regionNotServed,
  requestIn,
  THREE_REGIONS,
} from "./region-fixtures.js";

const A_MINUTE = 60_000;
const rfc2822 = (epochMs: number) => new Date(epochMs).toUTCString().replace("GMT", "+0000");

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
