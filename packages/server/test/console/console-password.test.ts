import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNothingWritten } from "../support/account-fixtures.js";
import { startTestServer, type TestServer } from "../support/test-server.js";
import { consoleRequest, expectConsoleError, regionPath } from "./console-fixtures.js";
import { SESSION_ROUTE_CASES } from "./console-route-cases.js";

const GATE = "Change your one-time password first";
const NEW_PASSWORD = "a brand new passphrase";

describe("a console user with a one-time password", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it("may only read and end the session and change the password, then everything else", async () => {
    const user = await server.createConsoleUser({ email: "new@example.com", role: "owner", password: null });
    expect(user.password).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const browser = await server.signInToConsole(user.email, user.password);
    expect(browser.session.must_change_password).toBe(true);

    const allowed = new Set(["GET /console/api/session", "DELETE /console/api/session", "POST /console/api/password"]);
    await expectNothingWritten(server, async () => {
      for (const route of SESSION_ROUTE_CASES.filter((route) => !allowed.has(`${route.method} ${route.path}`))) {
        const response = await consoleRequest(server, browser, route.method, route.path, route.body);
        expect(`${route.method} ${route.path} ${response.status}`).toBe(`${route.method} ${route.path} 403`);
        expectConsoleError(response, 403, 20006, GATE);
      }
    });
    expect((await consoleRequest(server, browser, "GET", "/console/api/session")).json.must_change_password).toBe(true);

    const changed = await consoleRequest(server, browser, "POST", "/console/api/password", {
      current_password: user.password,
      new_password: NEW_PASSWORD,
    });
    expect(changed.status).toBe(200);
    expect(changed.json.must_change_password).toBe(false);
    expect(changed.json.csrf_token).toBe(browser.csrfToken);
    expect((await consoleRequest(server, browser, "GET", regionPath("us1", "keys"))).status).toBe(200);
    // The one-time password is gone; the new one signs in.
    await expect(server.signInToConsole(user.email, user.password)).rejects.toThrow(/401/);
    expect((await server.signInToConsole(user.email, NEW_PASSWORD)).session.must_change_password).toBe(false);
  });
});

describe("POST /console/api/password", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it("rejects a wrong current password, a weak new one, the same one and missing fields with 400", async () => {
    const user = await server.createConsoleUser({ email: "dev@example.com", role: "developer" });
    const browser = await server.signInToConsole(user.email, user.password);
    const change = (body: unknown) => consoleRequest(server, browser, "POST", "/console/api/password", body);
    expectConsoleError(
      await change({ current_password: "not my password", new_password: NEW_PASSWORD }),
      400,
      20001,
      "The current password is wrong",
    );
    expectConsoleError(
      await change({ current_password: user.password, new_password: "short" }),
      400,
      20001,
      "The password must be at least 12 characters long.",
    );
    expectConsoleError(
      await change({ current_password: user.password, new_password: user.password }),
      400,
      20001,
      "The new password must differ from the current one",
    );
    expectConsoleError(
      await change({ current_password: user.password }),
      400,
      20001,
      "Missing required parameter new_password",
    );
    // Still the old password.
    expect((await server.signInToConsole(user.email, user.password)).session.user.email).toBe("dev@example.com");
  });

  it("ends the user's other sessions and keeps this one", async () => {
    const user = await server.createConsoleUser({ email: "two@example.com", role: "read-only" });
    const here = await server.signInToConsole(user.email, user.password);
    const elsewhere = await server.signInToConsole(user.email, user.password);
    const changed = await consoleRequest(server, here, "POST", "/console/api/password", {
      current_password: user.password,
      new_password: NEW_PASSWORD,
    });
    expect(changed.status).toBe(200);
    expect((await consoleRequest(server, here, "GET", "/console/api/session")).status).toBe(200);
    expectConsoleError(
      await consoleRequest(server, elsewhere, "GET", "/console/api/session"),
      401,
      20003,
      "Sign in to use the console",
    );
  });
});

describe("PUT /console/api/preferences", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ regions: ["us1", "ie1"] });
  });
  afterAll(() => server.close());

  it("remembers the selected region across sign-ins, and refuses one not served", async () => {
    const user = await server.createConsoleUser({ email: "eu@example.com", role: "read-only" });
    const browser = await server.signInToConsole(user.email, user.password);
    expect(browser.session).toMatchObject({ regions: ["us1", "ie1"], default_region: "us1", user: { region: "us1" } });
    const selected = await consoleRequest(server, browser, "PUT", "/console/api/preferences", { region: "ie1" });
    expect(selected.status).toBe(200);
    expect(selected.json.user.region).toBe("ie1");
    expect((await server.signInToConsole(user.email, user.password)).session.user.region).toBe("ie1");

    expectConsoleError(
      await consoleRequest(server, browser, "PUT", "/console/api/preferences", { region: "au1" }),
      404,
      20404,
      "The region au1 is not served by this Latchkey deployment (it serves us1, ie1)",
    );
    expectConsoleError(
      await consoleRequest(server, browser, "PUT", "/console/api/preferences", {}),
      400,
      20001,
      "Missing required parameter region",
    );
    expect((await consoleRequest(server, browser, "GET", "/console/api/session")).json.user.region).toBe("ie1");
  });

  it("shows each region's own keys", async () => {
    const user = await server.createConsoleUser({ email: "regions@example.com", role: "developer" });
    const browser = await server.signInToConsole(user.email, user.password);
    const inIreland = await consoleRequest(server, browser, "POST", regionPath("ie1", "keys"), {
      type: "standard",
      friendly_name: "dublin",
    });
    expect(inIreland.json.key.region).toBe("ie1");
    const ie1 = await consoleRequest(server, browser, "GET", regionPath("ie1", "keys"));
    const us1 = await consoleRequest(server, browser, "GET", regionPath("us1", "keys"));
    expect(ie1.json.keys.map((key: { sid: string }) => key.sid)).toEqual([inIreland.json.key.sid]);
    expect(us1.json.keys).toEqual([]);
    expectConsoleError(
      await consoleRequest(server, browser, "GET", regionPath("us1", `keys/${inIreland.json.key.sid}`)),
      404,
      20404,
    );
  });
});
