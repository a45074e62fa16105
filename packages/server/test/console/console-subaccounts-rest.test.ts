/**
 * What the console does to subaccounts is what the REST API then sees: a subaccount made in the console
 * exists in every region with its own Auth Token, suspending it stops that token, reactivating restores it,
 * and closing is final on both APIs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConsoleSignIn, startTestServer, type TestServer } from "../support/test-server.js";
import { apiHost, consoleRequest, expectConsoleError, ownerAuth, regionPath, signedInAs } from "./console-fixtures.js";

describe("console subaccounts as the REST API sees them", () => {
  let server: TestServer;
  let admin: ConsoleSignIn;
  beforeAll(async () => {
    server = await startTestServer({ regions: ["us1", "ie1"] });
    admin = await signedInAs(server, "administrator");
  });
  afterAll(() => server.close());

  const subaccounts = regionPath("us1", "subaccounts");
  const restFetch = (sid: string, auth: { user: string; password: string }, region = "us1") =>
    server.request("GET", `/2010-04-01/Accounts/${sid}.json`, { auth, host: apiHost(region) });
  const update = (sid: string, body: unknown) => consoleRequest(server, admin, "POST", `${subaccounts}/${sid}`, body);

  it("makes, renames, suspends, reactivates and closes a subaccount exactly as REST then reports it", async () => {
    const created = await consoleRequest(server, admin, "POST", subaccounts, { friendly_name: "Console team" });
    expect(created.status).toBe(201);
    const { sid } = created.json;
    const byOwner = await restFetch(sid, ownerAuth(server));
    expect(byOwner.json).toMatchObject({
      sid,
      friendly_name: "Console team",
      status: "active",
      owner_account_sid: server.accountSid,
    });
    // Made in every region, each with a token of its own.
    const dublin = await restFetch(sid, ownerAuth(server, "ie1"), "ie1");
    expect(dublin.json).toMatchObject({ sid, friendly_name: "Console team", status: "active" });
    const own = { user: sid, password: byOwner.json.auth_token as string };
    expect(own.password).toMatch(/^[0-9a-f]{32}$/);
    expect(dublin.json.auth_token).not.toBe(own.password);
    expect((await restFetch(sid, own)).status).toBe(200);

    expect((await update(sid, { friendly_name: "Renamed team" })).status).toBe(200);
    expect((await restFetch(sid, ownerAuth(server))).json.friendly_name).toBe("Renamed team");
    expect((await restFetch(sid, ownerAuth(server, "ie1"), "ie1")).json.friendly_name).toBe("Renamed team");

    expect((await update(sid, { status: "suspended" })).json.status).toBe("suspended");
    expect((await restFetch(sid, ownerAuth(server))).json.status).toBe("suspended");
    expect((await restFetch(sid, own)).status).toBe(401);

    expect((await update(sid, { status: "active" })).json.status).toBe("active");
    expect((await restFetch(sid, own)).status).toBe(200);

    const closed = await update(sid, { status: "closed" });
    expect({ status: closed.status, account: closed.json.status }).toEqual({ status: 200, account: "closed" });
    expect((await restFetch(sid, ownerAuth(server))).json.status).toBe("closed");
    expect((await restFetch(sid, own)).status).toBe(401);
    // Final: neither API reopens it.
    expectConsoleError(await update(sid, { status: "active" }), 400, 20001, "A closed account cannot become active");
    const restReopen = await server.request("POST", `/2010-04-01/Accounts/${sid}.json`, {
      auth: ownerAuth(server),
      form: { Status: "active" },
    });
    expect({ status: restReopen.status, message: restReopen.json.message }).toEqual({
      status: 400,
      message: "A closed account cannot become active",
    });
  });

  it("lists the subaccounts the REST API made, and not the account itself", async () => {
    const made = await server.request("POST", "/2010-04-01/Accounts.json", {
      auth: ownerAuth(server),
      form: { FriendlyName: "REST team" },
    });
    expect(made.status).toBe(201);
    const listed = await consoleRequest(server, admin, "GET", `${subaccounts}?page_size=200`);
    const sids = listed.json.subaccounts.map((account: { sid: string }) => account.sid);
    expect(sids).toContain(made.json.sid);
    expect(sids).not.toContain(server.accountSid);
    const entry = listed.json.subaccounts.find((account: { sid: string }) => account.sid === made.json.sid);
    expect(entry).toEqual({
      sid: made.json.sid,
      friendly_name: "REST team",
      status: "active",
      date_created: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/),
      date_updated: expect.any(String),
    });
    expect(JSON.stringify(listed.json)).not.toContain(made.json.auth_token);
  });
});
