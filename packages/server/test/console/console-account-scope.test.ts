import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKeyIn, createSubaccount, expectNothingWritten, setStatusInStore } from "../support/account-fixtures.js";
import { ownerCredentials } from "../support/route-fixtures.js";
import { startTestServer, type TestServer } from "../support/test-server.js";
import { consoleRequest, expectConsoleError, regionPath } from "./console-fixtures.js";

const KEYS = regionPath("us1", "keys");

describe("a console user of a subaccount", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it("sees and manages its own account's keys only, and cannot nest subaccounts", async () => {
    const subaccount = await createSubaccount(server, { friendlyName: "Team" });
    const ownerKey = await createKeyIn(server, ownerCredentials(server), server.accountSid);
    const subKey = await createKeyIn(server, ownerCredentials(server), subaccount.sid, { FriendlyName: "team key" });
    const user = await server.createConsoleUser({
      email: "team@example.com",
      role: "owner",
      accountSid: subaccount.sid,
    });
    const browser = await server.signInToConsole(user.email, user.password);
    expect(browser.session.user).toMatchObject({ account_sid: subaccount.sid, account_friendly_name: "Team" });

    const listed = await consoleRequest(server, browser, "GET", KEYS);
    expect(listed.json.keys.map((key: { sid: string }) => key.sid)).toEqual([subKey.sid]);
    expectConsoleError(await consoleRequest(server, browser, "GET", `${KEYS}/${ownerKey.sid}`), 404, 20404);
    const created = await consoleRequest(server, browser, "POST", KEYS, { type: "main", friendly_name: "team main" });
    expect(created.status).toBe(201);
    const stored = await server.region.store.keys.findBySid(created.json.key.sid);
    expect(stored?.accountSid).toBe(subaccount.sid);

    const revealed = await consoleRequest(server, browser, "POST", regionPath("us1", "auth-tokens/primary/reveal"));
    expect(revealed.json).toEqual({ auth_token: subaccount.authToken });
    expectConsoleError(
      await consoleRequest(server, browser, "POST", regionPath("us1", "subaccounts"), { friendly_name: "nested" }),
      400,
      21101,
    );
  });

  it("is refused every regional action with 403/20005 while its account is suspended, writing nothing", async () => {
    const subaccount = await createSubaccount(server, { friendlyName: "Paused" });
    const user = await server.createConsoleUser({
      email: "paused@example.com",
      role: "owner",
      accountSid: subaccount.sid,
    });
    const browser = await server.signInToConsole(user.email, user.password);
    await setStatusInStore(server, subaccount.sid, "suspended");
    // Signing in and the session still work; the account's status refuses what the account would do.
    expect((await consoleRequest(server, browser, "GET", "/console/api/session")).status).toBe(200);
    const message = `Account ${subaccount.sid} is suspended: the console cannot act on its keys, tokens or subaccounts until it is active`;
    await expectNothingWritten(server, async () => {
      expectConsoleError(await consoleRequest(server, browser, "GET", KEYS), 403, 20005, message);
      expectConsoleError(
        await consoleRequest(server, browser, "POST", KEYS, { type: "standard" }),
        403,
        20005,
        message,
      );
      expectConsoleError(
        await consoleRequest(server, browser, "POST", regionPath("us1", "auth-tokens/secondary")),
        403,
        20005,
        message,
      );
    });
    expect(
      await server.region.store.keys.listPage({ accountSid: subaccount.sid, limit: 10, cursor: null, offset: 0 }),
    ).toEqual([]);
  });
});

describe("GET /console/api/regions/:region/permissions", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it("lists the region's grantable permissions by product, with the endpoints each opens", async () => {
    const user = await server.createConsoleUser({ email: "ro@example.com", role: "read-only" });
    const browser = await server.signInToConsole(user.email, user.password);
    const response = await consoleRequest(server, browser, "GET", regionPath("us1", "permissions"));
    expect(response.status).toBe(200);
    expect(response.json.max_permissions).toBe(100);
    const messaging = response.json.products.find((product: { product: string }) => product.product === "messaging");
    expect(messaging.permissions).toContainEqual({
      permission: "/twilio/messaging/messages/read",
      opens: ["GET /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json"],
    });
    const all: string[] = response.json.products.flatMap((product: { permissions: { permission: string }[] }) =>
      product.permissions.map((entry) => entry.permission),
    );
    expect(new Set(all).size).toBe(all.length);
    // Every permission offered is one a policy accepts in this region.
    expect(all.every((permission) => server.region.catalog.isGrantable(permission))).toBe(true);
    expect(all.length).toBeGreaterThan(400);
  });
});
