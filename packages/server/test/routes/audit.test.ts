import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { StoredAuditEntry } from "@latchkey/core";
import { describe, expect, it } from "vitest";
import { auditRows, createRestrictedKey, createStandardKey, EXAMPLE_INSTANT } from "../support/route-fixtures.js";
import { useServer } from "../support/use-server.js";

const MESSAGES_READ = "/twilio/messaging/messages/read";

describe("audit log", () => {
  const { server, owner, clock } = useServer({ fakeClock: true });

  /** Runs `mutation` and returns the audit rows it added, oldest first. */
  const rowsWrittenBy = async (mutation: () => Promise<unknown>): Promise<StoredAuditEntry[]> => {
    const before = await auditRows(server);
    await mutation();
    const after = await auditRows(server);
    return after.slice(0, after.length - before.length).reverse();
  };

  describe("succeeds", () => {
    it("writes exactly one key.created row per create, with actor, address, region, account and changes", async () => {
      clock.advance(5000);
      let sid = "";
      const rows = await rowsWrittenBy(async () => {
        const response = await server.request("POST", "/v1/Keys", {
          auth: owner,
          form: {
            AccountSid: server.accountSid,
            FriendlyName: "ci",
            KeyType: "restricted",
            Policy: `{"allow":["${MESSAGES_READ}"]}`,
          },
        });
        expect(response.status).toBe(201);
        sid = response.json.sid;
      });
      expect(rows).toEqual([
        {
          id: expect.any(Number),
          action: "key.created",
          actorSid: server.accountSid,
          address: "127.0.0.1",
          region: "us1",
          accountSid: server.accountSid,
          targetSid: sid,
          changes: { friendly_name: "ci", type: "restricted", policy: { allow: [MESSAGES_READ] } },
          at: EXAMPLE_INSTANT + 5000,
        },
      ]);
    });

    it("writes one row for a v2010 Keys and one for a SigningKeys create", async () => {
      for (const segment of ["Keys", "SigningKeys"]) {
        const rows = await rowsWrittenBy(() =>
          server.request("POST", `/2010-04-01/Accounts/${server.accountSid}/${segment}.json`, {
            auth: owner,
            form: { FriendlyName: segment },
          }),
        );
        expect(rows).toEqual([
          expect.objectContaining({
            action: "key.created",
            actorSid: server.accountSid,
            changes: { friendly_name: segment, type: "standard", policy: null },
          }),
        ]);
      }
    });

    it("names the key that acted when a key makes the change", async () => {
      const main = await server.createMainKey();
      const rows = await rowsWrittenBy(() =>
        server.request("POST", "/v1/Keys", {
          auth: { user: main.sid, password: main.secret },
          form: { AccountSid: server.accountSid },
        }),
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ action: "key.created", actorSid: main.sid, accountSid: server.accountSid });
    });

    it("writes exactly one key.updated row holding only the changed fields", async () => {
      const key = await createRestrictedKey(server, [MESSAGES_READ]);
      clock.advance(1000);
      const renamed = await rowsWrittenBy(() =>
        server.request("POST", `/v1/Keys/${key.sid}`, { auth: owner, form: { FriendlyName: "renamed" } }),
      );
      expect(renamed).toEqual([
        {
          id: expect.any(Number),
          action: "key.updated",
          actorSid: server.accountSid,
          address: "127.0.0.1",
          region: "us1",
          accountSid: server.accountSid,
          targetSid: key.sid,
          changes: { friendly_name: "renamed" },
          at: EXAMPLE_INSTANT + 1000,
        },
      ]);
      const repoliced = await rowsWrittenBy(() =>
        server.request("POST", `/v1/Keys/${key.sid}`, {
          auth: owner,
          form: { Policy: JSON.stringify({ allow: ["/twilio/voice/calls/read"] }) },
        }),
      );
      expect(repoliced).toHaveLength(1);
      expect(repoliced[0]?.changes).toEqual({ policy: { allow: ["/twilio/voice/calls/read"] } });
    });

    it("writes exactly one key.deleted row describing the deleted key", async () => {
      const key = await createStandardKey(server, "doomed");
      const main = await server.createMainKey();
      const rows = await rowsWrittenBy(() =>
        server.request("DELETE", `/2010-04-01/Accounts/${server.accountSid}/SigningKeys/${key.sid}.json`, {
          auth: { user: main.sid, password: main.secret },
        }),
      );
      expect(rows).toEqual([
        {
          id: expect.any(Number),
          action: "key.deleted",
          actorSid: main.sid,
          address: "127.0.0.1",
          region: "us1",
          accountSid: server.accountSid,
          targetSid: key.sid,
          changes: { friendly_name: "doomed", type: "standard", policy: null },
          at: EXAMPLE_INSTANT,
        },
      ]);
    });

    it("writes no row for fetches and lists", async () => {
      const key = await createStandardKey(server);
      const rows = await rowsWrittenBy(async () => {
        await server.request("GET", `/v1/Keys/${key.sid}`, { auth: owner });
        await server.request("GET", `/v1/Keys?AccountSid=${server.accountSid}`, { auth: owner });
        await server.request("GET", `/2010-04-01/Accounts/${server.accountSid}/Keys.json`, { auth: owner });
      });
      expect(rows).toEqual([]);
    });
  });

  describe("rejects bad input", () => {
    it("writes no row for a refused or unauthorized mutation", async () => {
      const key = await createStandardKey(server);
      const rows = await rowsWrittenBy(async () => {
        await server.request("POST", `/v1/Keys/${key.sid}`, { auth: owner, form: { FriendlyName: "x".repeat(65) } });
        await server.request("POST", `/v1/Keys/${key.sid}`, { auth: owner, form: { Policy: '{"allow":[]}' } });
        await server.request("DELETE", `/v1/Keys/${key.sid}`, { auth: key });
        await server.request("POST", "/v1/Keys", { form: { AccountSid: server.accountSid } });
      });
      expect(rows).toEqual([]);
    });
  });

  describe("authorization", () => {
    it("never holds a key secret or an auth token", async () => {
      const other = await server.createOtherAccount();
      const main = await server.createMainKey();
      const secrets = [server.authToken, other.authToken, main.secret];
      const standard = await createStandardKey(server, "standard");
      const restricted = await createRestrictedKey(server, ["/twilio/iam/api-keys/*"]);
      secrets.push(standard.password, restricted.password);
      const v2010 = await server.request("POST", `/2010-04-01/Accounts/${server.accountSid}/SigningKeys.json`, {
        auth: { user: main.sid, password: main.secret },
        form: { FriendlyName: "by main" },
      });
      secrets.push(v2010.json.secret);
      await server.request("POST", `/v1/Keys/${standard.sid}`, { auth: restricted, form: { FriendlyName: "renamed" } });
      await server.request("DELETE", `/v1/Keys/${standard.sid}`, { auth: { user: main.sid, password: main.secret } });
      await server.request("DELETE", `/v1/Keys/${restricted.sid}`, { auth: owner });

      const rows = await auditRows(server);
      expect(rows.map((row) => row.action).sort()).toEqual([
        // The operator's second top-level account.
        "account.created",
        "account.initialized",
        "key.created",
        "key.created",
        "key.created",
        "key.created",
        "key.deleted",
        "key.deleted",
        "key.updated",
      ]);
      const text = JSON.stringify(rows);
      for (const secret of secrets) {
        expect(secret).toMatch(/^[0-9A-Za-z]{32}$/);
        expect(text).not.toContain(secret);
      }
      // Nor does any file of the data dir (database, WAL, master key) hold one in plaintext.
      const files = readdirSync(server.dataDir, { recursive: true, withFileTypes: true }).filter((entry) =>
        entry.isFile(),
      );
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) {
        const bytes = readFileSync(join(file.parentPath, file.name));
        for (const secret of secrets) expect(bytes.includes(secret), file.name).toBe(false);
      }
    });
  });
});
