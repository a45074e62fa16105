import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AUTH_TOKEN, auditRowsWrittenBy, expectNothingWritten, ISO_8601, probe } from "../support/account-fixtures.js";
import { type ConsoleSignIn, startTestServer, type TestServer } from "../support/test-server.js";
import { consoleRequest, expectConsoleError, regionPath } from "./console-fixtures.js";

describe("console Auth tokens", () => {
  let server: TestServer;
  let owner: ConsoleSignIn;
  let ownerSid: string;
  beforeAll(async () => {
    server = await startTestServer({ regions: ["us1", "ie1"] });
    const user = await server.createConsoleUser({ email: "owner@example.com", role: "owner" });
    owner = await server.signInToConsole(user.email, user.password);
    ownerSid = user.sid;
  });
  afterAll(() => server.close());

  const tokens = (region: string, path = "") => regionPath(region, `auth-tokens${path}`);

  it("lists the region's tokens masked, reveals the primary, and rotates it as the REST API does", async () => {
    const listed = await consoleRequest(server, owner, "GET", tokens("us1"));
    expect(listed.status).toBe(200);
    expect(listed.json).toEqual({ primary: { date_created: expect.stringMatching(ISO_8601) }, secondary: null });
    expect(listed.text).not.toContain(server.authToken);

    const revealed = await consoleRequest(server, owner, "POST", tokens("us1", "/primary/reveal"));
    expect(revealed.status).toBe(200);
    expect(revealed.json).toEqual({ auth_token: server.authToken });
    expect(revealed.headers.get("cache-control")).toBe("no-store");
    // Each region has its own token.
    const ireland = await consoleRequest(server, owner, "POST", tokens("ie1", "/primary/reveal"));
    expect(ireland.json).toEqual({ auth_token: server.authTokens.ie1 });

    let created: Awaited<ReturnType<typeof probe>> | undefined;
    const createRows = await auditRowsWrittenBy(server, async () => {
      created = await consoleRequest(server, owner, "POST", tokens("us1", "/secondary"));
    });
    expect(created?.status).toBe(201);
    expect(created?.json).toEqual({
      secondary_auth_token: expect.stringMatching(AUTH_TOKEN),
      date_created: expect.stringMatching(ISO_8601),
    });
    expect(createRows).toEqual([
      expect.objectContaining({
        action: "auth_token.secondary_created",
        actorSid: ownerSid,
        accountSid: server.accountSid,
      }),
    ]);
    const secondary: string = created?.json.secondary_auth_token;
    expect((await consoleRequest(server, owner, "GET", tokens("us1"))).json.secondary).toEqual({
      date_created: created?.json.date_created,
    });

    let promoted: Awaited<ReturnType<typeof probe>> | undefined;
    const promoteRows = await auditRowsWrittenBy(server, async () => {
      promoted = await consoleRequest(server, owner, "POST", tokens("us1", "/promote"));
    });
    expect(promoted?.status).toBe(200);
    expect(promoted?.json).toEqual({ primary: { date_created: created?.json.date_created }, secondary: null });
    expect(promoteRows).toEqual([expect.objectContaining({ action: "auth_token.promoted", actorSid: ownerSid })]);
    // The old primary fails, the promoted one works.
    expect(
      (await probe(server, { user: server.accountSid, password: server.authToken }, server.accountSid)).status,
    ).toBe(401);
    expect((await probe(server, { user: server.accountSid, password: secondary }, server.accountSid)).status).toBe(200);
    expect((await consoleRequest(server, owner, "POST", tokens("us1", "/primary/reveal"))).json).toEqual({
      auth_token: secondary,
    });

    const again = await consoleRequest(server, owner, "POST", tokens("us1", "/secondary"));
    let deleted: Awaited<ReturnType<typeof probe>> | undefined;
    const deleteRows = await auditRowsWrittenBy(server, async () => {
      deleted = await consoleRequest(server, owner, "DELETE", tokens("us1", "/secondary"));
    });
    expect(deleted?.status).toBe(204);
    expect(deleteRows).toEqual([
      expect.objectContaining({ action: "auth_token.secondary_deleted", actorSid: ownerSid }),
    ]);
    const dropped = { user: server.accountSid, password: again.json.secondary_auth_token };
    expect((await probe(server, dropped, server.accountSid)).status).toBe(401);
  });

  it("answers 404 for deleting or promoting a secondary token that does not exist, writing nothing", async () => {
    await expectNothingWritten(server, async () => {
      expectConsoleError(await consoleRequest(server, owner, "DELETE", tokens("ie1", "/secondary")), 404, 20404);
      expectConsoleError(await consoleRequest(server, owner, "POST", tokens("ie1", "/promote")), 404, 20404);
    });
  });

  it("answers 404 REGION_NOT_SERVED for a region not served", async () => {
    const response = await consoleRequest(server, owner, "POST", tokens("au1", "/secondary"));
    expectConsoleError(
      response,
      404,
      20404,
      "The region au1 is not served by this Latchkey deployment (it serves us1, ie1)",
    );
  });
});
