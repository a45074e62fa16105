import { describe, expect, it } from "vitest";
import {
  ACCOUNTS_PATH,
  accountPath,
  auditRowsWrittenBy,
  createSubaccount,
  PROMOTE_PATH,
  SECONDARY_PATH,
} from "../support/account-fixtures.js";
import { auditRows, EXAMPLE_INSTANT } from "../support/route-fixtures.js";
import { useServer } from "../support/use-server.js";

describe("audit of account and auth-token mutations", () => {
  const { server, owner, clock } = useServer({ fakeClock: true });

  const row = (fields: { action: string; actorSid: string; accountSid: string; changes: object; at: number }) => ({
    id: expect.any(Number),
    action: fields.action,
    actorSid: fields.actorSid,
    address: "127.0.0.1",
    region: "us1",
    accountSid: fields.accountSid,
    targetSid: fields.accountSid,
    changes: fields.changes,
    at: fields.at,
  });

  it("writes one account.created row naming the parent, the new account and its initial fields", async () => {
    clock.advance(1000);
    let sid = "";

    const rows = await auditRowsWrittenBy(server, async () => {
      sid = (await createSubaccount(server, { friendlyName: "audited" })).sid;
    });

    expect(rows).toEqual([
      row({
        action: "account.created",
        actorSid: server.accountSid,
        accountSid: sid,
        changes: { friendly_name: "audited", owner_account_sid: server.accountSid, status: "active" },
        at: EXAMPLE_INSTANT + 1000,
      }),
    ]);
  });

  it("names the Main key that created a subaccount as the actor", async () => {
    const main = await server.createMainKey();
    let sid = "";

    const rows = await auditRowsWrittenBy(server, async () => {
      const response = await server.request("POST", ACCOUNTS_PATH, { auth: { user: main.sid, password: main.secret } });
      sid = response.json.sid;
    });

    expect(rows).toEqual([
      row({
        action: "account.created",
        actorSid: main.sid,
        accountSid: sid,
        changes: {
          friendly_name: "SubAccount Created at 2016-06-13 10:50 pm",
          owner_account_sid: server.accountSid,
          status: "active",
        },
        at: EXAMPLE_INSTANT,
      }),
    ]);
  });

  it("writes one account.updated row holding only the new name for a rename", async () => {
    const sub = await createSubaccount(server, { friendlyName: "old" });
    clock.advance(2000);

    const rows = await auditRowsWrittenBy(server, () =>
      server.request("POST", accountPath(sub.sid), { auth: sub, form: { FriendlyName: "new" } }),
    );

    expect(rows).toEqual([
      row({
        action: "account.updated",
        actorSid: sub.sid,
        accountSid: sub.sid,
        changes: { friendly_name: "new" },
        at: EXAMPLE_INSTANT + 2000,
      }),
    ]);
  });

  it("writes one account.updated row with the new and previous status for each status change", async () => {
    const sub = await createSubaccount(server);

    const suspended = await auditRowsWrittenBy(server, () =>
      server.request("POST", accountPath(sub.sid), { auth: owner, form: { Status: "suspended" } }),
    );
    clock.advance(1000);
    const closed = await auditRowsWrittenBy(server, () =>
      server.request("POST", accountPath(sub.sid), { auth: owner, form: { Status: "closed", FriendlyName: "gone" } }),
    );

    expect(suspended).toEqual([
      row({
        action: "account.updated",
        actorSid: server.accountSid,
        accountSid: sub.sid,
        changes: { status: "suspended", previous_status: "active" },
        at: EXAMPLE_INSTANT,
      }),
    ]);
    expect(closed).toEqual([
      row({
        action: "account.updated",
        actorSid: server.accountSid,
        accountSid: sub.sid,
        changes: { friendly_name: "gone", status: "closed", previous_status: "suspended" },
        at: EXAMPLE_INSTANT + 1000,
      }),
    ]);
  });

  it("writes one row, without any token, for each of secondary create, delete and promote", async () => {
    const main = await server.createMainKey();
    const mainCredentials = { user: main.sid, password: main.secret };

    clock.advance(1000);
    const created = await auditRowsWrittenBy(server, () => server.request("POST", SECONDARY_PATH, { auth: owner }));
    clock.advance(1000);
    const deleted = await auditRowsWrittenBy(server, () => server.request("DELETE", SECONDARY_PATH, { auth: owner }));
    await server.request("POST", SECONDARY_PATH, { auth: owner });
    clock.advance(1000);
    const promoted = await auditRowsWrittenBy(server, () =>
      server.request("POST", PROMOTE_PATH, { auth: mainCredentials }),
    );

    const tokenRow = (action: string, actorSid: string, at: number) =>
      row({ action, actorSid, accountSid: server.accountSid, changes: {}, at });
    expect(created).toEqual([tokenRow("auth_token.secondary_created", server.accountSid, EXAMPLE_INSTANT + 1000)]);
    expect(deleted).toEqual([tokenRow("auth_token.secondary_deleted", server.accountSid, EXAMPLE_INSTANT + 2000)]);
    expect(promoted).toEqual([tokenRow("auth_token.promoted", main.sid, EXAMPLE_INSTANT + 3000)]);
  });

  it("writes no row for a read, a rejected mutation or a failed authentication", async () => {
    const sub = await createSubaccount(server);

    const rows = await auditRowsWrittenBy(server, async () => {
      await server.request("GET", ACCOUNTS_PATH, { auth: owner });
      await server.request("GET", accountPath(sub.sid), { auth: owner });
      await server.request("POST", accountPath(sub.sid), { auth: owner, form: { Status: "bogus" } });
      await server.request("POST", accountPath(server.accountSid), { auth: owner, form: { Status: "suspended" } });
      await server.request("POST", ACCOUNTS_PATH, { auth: sub });
      await server.request("DELETE", SECONDARY_PATH, { auth: owner });
      await server.request("POST", PROMOTE_PATH, { auth: owner });
      await server.request("DELETE", accountPath(sub.sid), { auth: owner });
      await server.request("POST", ACCOUNTS_PATH, { auth: { user: server.accountSid, password: "f".repeat(32) } });
    });

    expect(rows).toEqual([]);
  });

  it("never holds any auth token, secondary token or key secret anywhere in any row", async () => {
    const secrets: string[] = [server.authToken];
    const main = await server.createMainKey();
    secrets.push(main.secret);
    const mainCredentials = { user: main.sid, password: main.secret };

    const sub = await createSubaccount(server, { friendlyName: "secretive" });
    secrets.push(sub.authToken);
    const byKey = await createSubaccount(server, { auth: mainCredentials });
    secrets.push(byKey.authToken);
    await server.request("POST", accountPath(sub.sid), { auth: owner, form: { FriendlyName: "renamed" } });
    await server.request("POST", accountPath(byKey.sid), { auth: owner, form: { Status: "suspended" } });
    await server.request("POST", accountPath(byKey.sid), { auth: owner, form: { Status: "closed" } });

    const promotedTokens: string[] = [];
    for (const [credentials, promoter] of [
      [owner, mainCredentials],
      [sub, sub],
    ] as const) {
      const first = await server.request("POST", SECONDARY_PATH, { auth: credentials });
      secrets.push(first.json.secondary_auth_token);
      await server.request("DELETE", SECONDARY_PATH, { auth: credentials });
      const second = await server.request("POST", SECONDARY_PATH, { auth: credentials });
      secrets.push(second.json.secondary_auth_token);
      const promoted = await server.request("POST", PROMOTE_PATH, { auth: promoter });
      promotedTokens.push(promoted.json.auth_token);
    }
    expect(promotedTokens).toEqual([secrets.at(-3), secrets.at(-1)]);

    const rows = await auditRows(server);
    expect(rows.map((entry) => entry.action).sort()).toEqual(
      [
        "account.initialized",
        "key.created",
        "account.created",
        "account.created",
        "account.updated",
        "account.updated",
        "account.updated",
        ...Array(2).fill([
          "auth_token.secondary_created",
          "auth_token.secondary_deleted",
          "auth_token.secondary_created",
        ]),
        "auth_token.promoted",
        "auth_token.promoted",
      ]
        .flat()
        .sort(),
    );
    expect(new Set(secrets).size).toBe(secrets.length);
    const text = JSON.stringify(rows);
    for (const secret of secrets) expect(text).not.toContain(secret);
  });
});
