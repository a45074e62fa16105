/**
 * Every console mutation writes the same regional audit rows as the REST APIs, with the console user's US
 * SID as the actor, in the region the console path names; no row ever holds a secret (a key's secret, an
 * Auth Token, the session token, the CSRF token or a password).
 */
import type { StoredAuditEntry } from "@latchkey/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONSOLE_TEST_PASSWORD, type ConsoleSignIn, startTestServer, type TestServer } from "../support/test-server.js";
import { consoleRequest, MESSAGES_READ, regionPath, signedInAs } from "./console-fixtures.js";

const KEYS_LIST = "/twilio/iam/api-keys/list";

describe("console audit rows", () => {
  let server: TestServer;
  let admin: ConsoleSignIn & { readonly sid: string };
  /** Every secret a test saw, to look for in every audit row at the end. */
  const secrets: string[] = [];
  beforeAll(async () => {
    server = await startTestServer({ regions: ["us1", "ie1"] });
    admin = await signedInAs(server, "administrator");
    secrets.push(
      CONSOLE_TEST_PASSWORD,
      admin.csrfToken,
      admin.cookie.split("=")[1] ?? "",
      ...Object.values(server.authTokens),
    );
  });
  afterAll(() => server.close());

  const rows = (region: string) => server.regionContext(region).store.audit.listRecent(100_000);

  /**
   * Runs `act` and answers the audit rows it added in `region` (oldest first); unless `elsewhere`, asserts
   * it added none in the other region.
   */
  const auditedBy = async (
    region: string,
    act: () => Promise<void>,
    elsewhere = false,
  ): Promise<Omit<StoredAuditEntry, "id">[]> => {
    const other = region === "us1" ? "ie1" : "us1";
    const [before, otherBefore] = [await rows(region), await rows(other)];
    const lastId = Math.max(0, ...before.map((row) => row.id));
    await act();
    if (!elsewhere) expect(await rows(other)).toEqual(otherBefore);
    return (await rows(region))
      .filter((row) => row.id > lastId)
      .reverse()
      .map(({ id: _id, ...row }) => row);
  };

  const send = async (method: string, path: string, body: unknown, status: number) => {
    const response = await consoleRequest(server, admin, method, path, body);
    expect({ path, status: response.status }).toEqual({ path, status });
    return response.json;
  };

  const row = (region: string, action: string, accountSid: string, targetSid: string, changes: unknown) => ({
    action,
    actorSid: admin.sid,
    address: "127.0.0.1",
    region,
    accountSid,
    targetSid,
    changes,
    at: expect.any(Number),
  });

  it.each(["us1", "ie1"])("audits key create, update and delete in %s with the user's US SID", async (region) => {
    expect(admin.sid).toMatch(/^US[0-9a-f]{32}$/);
    let standard = "";
    let restricted = "";
    let main = "";
    const created = await auditedBy(region, async () => {
      const keys = regionPath(region, "keys");
      const a = await send("POST", keys, { type: "standard", friendly_name: "audited standard" }, 201);
      const b = await send(
        "POST",
        keys,
        { type: "restricted", friendly_name: "audited", permissions: [MESSAGES_READ] },
        201,
      );
      const c = await send("POST", keys, { type: "main", friendly_name: "audited main" }, 201);
      [standard, restricted, main] = [a.key.sid, b.key.sid, c.key.sid];
      secrets.push(a.secret, b.secret, c.secret);
    });
    expect(created).toEqual([
      row(region, "key.created", server.accountSid, standard, {
        friendly_name: "audited standard",
        type: "standard",
        policy: null,
      }),
      row(region, "key.created", server.accountSid, restricted, {
        friendly_name: "audited",
        type: "restricted",
        policy: { allow: [MESSAGES_READ] },
      }),
      row(region, "key.created", server.accountSid, main, {
        friendly_name: "audited main",
        type: "main",
        policy: null,
      }),
    ]);
    const updated = await auditedBy(region, async () => {
      await send("POST", regionPath(region, `keys/${standard}`), { friendly_name: "renamed" }, 200);
      await send("POST", regionPath(region, `keys/${restricted}`), { permissions: [KEYS_LIST] }, 200);
    });
    expect(updated).toEqual([
      row(region, "key.updated", server.accountSid, standard, { friendly_name: "renamed" }),
      row(region, "key.updated", server.accountSid, restricted, { policy: { allow: [KEYS_LIST] } }),
    ]);
    const deleted = await auditedBy(region, async () => {
      for (const sid of [standard, restricted, main])
        await send("DELETE", regionPath(region, `keys/${sid}`), undefined, 204);
    });
    expect(deleted.map((entry) => [entry.action, entry.actorSid, entry.targetSid])).toEqual([
      ["key.deleted", admin.sid, standard],
      ["key.deleted", admin.sid, restricted],
      ["key.deleted", admin.sid, main],
    ]);
  });

  it("audits a reveal of the primary token, and a secondary token's creation, promotion and deletion", async () => {
    const tokens = regionPath("ie1", "auth-tokens");
    const revealed = await auditedBy("ie1", async () => {
      secrets.push((await send("POST", `${tokens}/primary/reveal`, undefined, 200)).auth_token);
    });
    // Who looked at the token, never the token itself (the last test looks for it in every row).
    expect(revealed).toEqual([row("ie1", "auth_token.revealed", server.accountSid, server.accountSid, {})]);
    const rotated = await auditedBy("ie1", async () => {
      secrets.push((await send("POST", `${tokens}/secondary`, undefined, 201)).secondary_auth_token);
      await send("POST", `${tokens}/promote`, undefined, 200);
      secrets.push((await send("POST", `${tokens}/secondary`, undefined, 201)).secondary_auth_token);
      await send("DELETE", `${tokens}/secondary`, undefined, 204);
    });
    expect(rotated).toEqual([
      row("ie1", "auth_token.secondary_created", server.accountSid, server.accountSid, {}),
      row("ie1", "auth_token.promoted", server.accountSid, server.accountSid, {}),
      row("ie1", "auth_token.secondary_created", server.accountSid, server.accountSid, {}),
      row("ie1", "auth_token.secondary_deleted", server.accountSid, server.accountSid, {}),
    ]);
  });

  it("audits a subaccount's creation, rename, suspension, reactivation and closing", async () => {
    const subaccounts = regionPath("us1", "subaccounts");
    let sid = "";
    // A new subaccount is copied into every region; the region the console named writes the row.
    const created = await auditedBy(
      "us1",
      async () => {
        sid = (await send("POST", subaccounts, { friendly_name: "audited sub" }, 201)).sid;
      },
      true,
    );
    expect(created).toEqual([
      row("us1", "account.created", sid, sid, {
        friendly_name: "audited sub",
        owner_account_sid: server.accountSid,
        status: "active",
      }),
    ]);
    const changed = await auditedBy("us1", async () => {
      await send("POST", `${subaccounts}/${sid}`, { friendly_name: "renamed sub" }, 200);
      await send("POST", `${subaccounts}/${sid}`, { status: "suspended" }, 200);
      await send("POST", `${subaccounts}/${sid}`, { status: "active" }, 200);
      await send("POST", `${subaccounts}/${sid}`, { status: "closed" }, 200);
    });
    expect(changed).toEqual([
      row("us1", "account.updated", sid, sid, { friendly_name: "renamed sub" }),
      row("us1", "account.updated", sid, sid, { status: "suspended", previous_status: "active" }),
      row("us1", "account.updated", sid, sid, { status: "active", previous_status: "suspended" }),
      row("us1", "account.updated", sid, sid, { status: "closed", previous_status: "active" }),
    ]);
  });

  it("writes no secret into any audit row of any region", async () => {
    expect(secrets.length).toBeGreaterThan(10);
    for (const region of ["us1", "ie1"]) {
      const text = JSON.stringify(await rows(region));
      for (const secret of secrets) {
        expect(secret.length).toBeGreaterThanOrEqual(16);
        expect(text.includes(secret), `a secret in ${region}'s audit log`).toBe(false);
      }
    }
  });
});
