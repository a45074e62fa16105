import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONSOLE_ROUTES } from "../../src/console/routes/index.js";
import { expectNothingWritten } from "../support/account-fixtures.js";
import { startTestServer, type TestServer } from "../support/test-server.js";
import { expectConsoleError, expectConsoleHeaders } from "./console-fixtures.js";
import { CONSOLE_ROUTE_CASES, SESSION_ROUTE_CASES } from "./console-route-cases.js";

describe("console API without a session", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it("has a case for every console route", () => {
    const templates = CONSOLE_ROUTES.map((route) => `${route.method} ${route.url}`).sort();
    const cases = CONSOLE_ROUTE_CASES.map(
      (route) =>
        `${route.method} ${route.path
          .replace("/regions/us1/", "/regions/:region/")
          .replace(/\/(SK|AC)0{32}$/, "/:Sid")}`,
    ).sort();
    expect(cases).toEqual(templates);
  });

  it("refuses every route but sign-in with 401/20003 'Sign in to use the console', writing nothing", async () => {
    await expectNothingWritten(server, async () => {
      for (const route of SESSION_ROUTE_CASES) {
        // A CSRF token without a session proves nothing either.
        const response = await server.request(route.method, route.path, {
          headers: { "content-type": "application/json", "x-csrf-token": "A".repeat(43) },
          ...(route.method !== "GET" && { body: JSON.stringify(route.body ?? {}) }),
        });
        expect(`${route.method} ${route.path} ${response.status}`).toBe(`${route.method} ${route.path} 401`);
        expectConsoleError(response, 401, 20003, "Sign in to use the console");
        expectConsoleHeaders(response);
      }
    });
  });

  it("does not take the REST APIs' credentials: an Auth Token is not a console session", async () => {
    for (const route of SESSION_ROUTE_CASES) {
      const response = await server.request(route.method, route.path, {
        auth: { user: server.accountSid, password: server.authToken },
      });
      expectConsoleError(response, 401, 20003, "Sign in to use the console");
    }
  });

  it("answers unknown console API paths with a JSON 404, not the console's page", async () => {
    for (const [method, path] of [
      ["GET", "/console/api"],
      ["GET", "/console/api/nope"],
      ["POST", "/console/api/regions/us1/nope"],
      ["PATCH", "/console/api/session"],
    ] as const) {
      const response = await server.request(method, path);
      expectConsoleError(response, 404, 20404);
      expectConsoleHeaders(response);
    }
  });
});
