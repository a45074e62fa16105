/**
 * CSRF over real HTTP: every state-changing console route but sign-in refuses a request without the
 * session's X-CSRF-Token (missing, wrong, another session's) with 403/20006 and changes nothing, and does
 * its work once the right token comes; reads need no token; sign-in refuses another site's page.
 */
import { createSecondaryAuthToken, createSubaccount, sessionIdHash } from "@latchkey/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONSOLE_ROUTES } from "../../src/console/routes/index.js";
import { CONSOLE_TEST_PASSWORD, type ConsoleSignIn, startTestServer, type TestServer } from "../support/test-server.js";
import {
  consoleKey,
  consoleRequest,
  expectConsoleError,
  expectConsoleHeaders,
  MESSAGES_READ,
  regionPath,
  regionState,
  signedInAs,
} from "./console-fixtures.js";

interface Mutation {
  readonly method: "POST" | "PUT" | "DELETE";
  /** The route's URL pattern, as CONSOLE_ROUTES names it. */
  readonly route: string;
  readonly path: () => string;
  readonly body?: unknown;
  /** The answer once the right token comes. */
  readonly status: number;
}

const CSRF_MESSAGE = "Missing or wrong CSRF token";

describe("console CSRF protection", () => {
  let server: TestServer;
  let owner: ConsoleSignIn;
  let otherSession: ConsoleSignIn;
  let otherUser: ConsoleSignIn;
  let standardSid: string;
  let restrictedSid: string;
  let subaccountSid: string;
  beforeAll(async () => {
    server = await startTestServer();
    owner = await signedInAs(server, "owner");
    otherSession = await server.signInToConsole("owner@example.com", CONSOLE_TEST_PASSWORD);
    otherUser = await signedInAs(server, "administrator");
    standardSid = (await consoleKey(server, owner, { type: "standard", friendly_name: "csrf standard" })).key.sid;
    restrictedSid = (
      await consoleKey(server, owner, {
        type: "restricted",
        friendly_name: "csrf restricted",
        permissions: [MESSAGES_READ],
      })
    ).key.sid;
    const caller = {
      principal: {
        accountSid: server.accountSid,
        credentialSid: server.accountSid,
        credentialType: "auth_token",
        policy: null,
      },
      actor: { sid: "operator", address: "test" },
    } as const;
    subaccountSid = (await createSubaccount(server.region, caller, { friendlyName: "csrf sub" })).account.sid;
    await createSecondaryAuthToken(server.region, caller);
  });
  afterAll(() => server.close());

  const us1 = (resource: string) => () => regionPath("us1", resource);
  // In an order where each success leaves the next one something to act on; signing out comes last.
  const MUTATIONS: readonly Mutation[] = [
    {
      method: "PUT",
      route: "/console/api/preferences",
      path: () => "/console/api/preferences",
      body: { region: "us1" },
      status: 200,
    },
    {
      method: "POST",
      route: "/console/api/regions/:region/keys",
      path: us1("keys"),
      body: { type: "main", friendly_name: "csrf" },
      status: 201,
    },
    {
      method: "POST",
      route: "/console/api/regions/:region/keys/:Sid",
      path: () => regionPath("us1", `keys/${restrictedSid}`),
      body: { friendly_name: "renamed", permissions: ["/twilio/iam/api-keys/list"] },
      status: 200,
    },
    {
      method: "DELETE",
      route: "/console/api/regions/:region/keys/:Sid",
      path: () => regionPath("us1", `keys/${standardSid}`),
      status: 204,
    },
    {
      method: "POST",
      route: "/console/api/regions/:region/auth-tokens/primary/reveal",
      path: us1("auth-tokens/primary/reveal"),
      status: 200,
    },
    {
      method: "POST",
      route: "/console/api/regions/:region/auth-tokens/promote",
      path: us1("auth-tokens/promote"),
      status: 200,
    },
    {
      method: "POST",
      route: "/console/api/regions/:region/auth-tokens/secondary",
      path: us1("auth-tokens/secondary"),
      status: 201,
    },
    {
      method: "DELETE",
      route: "/console/api/regions/:region/auth-tokens/secondary",
      path: us1("auth-tokens/secondary"),
      status: 204,
    },
    {
      method: "POST",
      route: "/console/api/regions/:region/subaccounts",
      path: us1("subaccounts"),
      body: { friendly_name: "csrf" },
      status: 201,
    },
    {
      method: "POST",
      route: "/console/api/regions/:region/subaccounts/:Sid",
      path: () => regionPath("us1", `subaccounts/${subaccountSid}`),
      body: { friendly_name: "renamed", status: "suspended" },
      status: 200,
    },
    {
      method: "POST",
      route: "/console/api/password",
      path: () => "/console/api/password",
      body: { current_password: CONSOLE_TEST_PASSWORD, new_password: `${CONSOLE_TEST_PASSWORD} v2` },
      status: 200,
    },
    { method: "DELETE", route: "/console/api/session", path: () => "/console/api/session", status: 204 },
  ];

  /** Everything a console mutation could change: the region, the user and the session rows. */
  const everything = async () => ({
    region: await regionState(server),
    user: await server.deployment.directory.users.findByEmail("owner@example.com"),
    session: await server.deployment.directory.sessions.findByIdHash(sessionIdHash(owner.cookie.split("=")[1] ?? "")),
  });

  it("lists every state-changing console route but sign-in", () => {
    const mutating = CONSOLE_ROUTES.filter((route) => route.method !== "GET" && route.gate !== "public")
      .map((route) => `${route.method} ${route.url}`)
      .sort();
    expect(MUTATIONS.map((mutation) => `${mutation.method} ${mutation.route}`).sort()).toEqual(mutating);
  });

  it("refuses each without the token, with a wrong one and with another session's, then does it with the right one", async () => {
    for (const mutation of MUTATIONS) {
      const send = (csrf: string | undefined) =>
        server.request(mutation.method, mutation.path(), {
          headers: {
            cookie: owner.cookie,
            ...(csrf !== undefined && { "x-csrf-token": csrf }),
            ...(mutation.body !== undefined && { "content-type": "application/json" }),
          },
          ...(mutation.body !== undefined && { body: JSON.stringify(mutation.body) }),
        });
      const before = await everything();
      const wrong = {
        missing: undefined,
        empty: "",
        wrong: "A".repeat(43),
        "one character off": `${owner.csrfToken.slice(0, -1)}${owner.csrfToken.endsWith("A") ? "B" : "A"}`,
        "the same user's other session's": otherSession.csrfToken,
        "another user's": otherUser.csrfToken,
        "the session token itself": owner.cookie.split("=")[1],
        "the token twice": `${owner.csrfToken},${owner.csrfToken}`,
      };
      for (const [label, csrf] of Object.entries(wrong)) {
        const response = await send(csrf);
        expect({ route: `${mutation.method} ${mutation.route}`, label, status: response.status }).toEqual({
          route: `${mutation.method} ${mutation.route}`,
          label,
          status: 403,
        });
        expectConsoleError(response, 403, 20006, CSRF_MESSAGE);
        expectConsoleHeaders(response);
      }
      expect(await everything()).toEqual(before);
      const right = await send(owner.csrfToken);
      expect({ route: `${mutation.method} ${mutation.route}`, status: right.status }).toEqual({
        route: `${mutation.method} ${mutation.route}`,
        status: mutation.status,
      });
    }
    // The last one signed out: the cookie no longer works.
    expectConsoleError(
      await consoleRequest(server, owner, "GET", "/console/api/session"),
      401,
      20003,
      "Sign in to use the console",
    );
  });

  it("does not take the token from the query string or a cookie", async () => {
    const browser = await signedInAs(server, "developer");
    const before = await regionState(server);
    const inQuery = await server.request("POST", `${regionPath("us1", "keys")}?csrf_token=${browser.csrfToken}`, {
      headers: { cookie: browser.cookie, "content-type": "application/json" },
      body: JSON.stringify({ type: "standard" }),
    });
    expectConsoleError(inQuery, 403, 20006, CSRF_MESSAGE);
    const inCookie = await server.request("POST", regionPath("us1", "keys"), {
      headers: { cookie: `${browser.cookie}; x-csrf-token=${browser.csrfToken}`, "content-type": "application/json" },
      body: JSON.stringify({ type: "standard" }),
    });
    expectConsoleError(inCookie, 403, 20006, CSRF_MESSAGE);
    expect(await regionState(server)).toEqual(before);
  });

  it("lets reads through without a token", async () => {
    const browser = await signedInAs(server, "read-only");
    const key = (
      await server.region.store.keys.listPage({ accountSid: server.accountSid, limit: 1, cursor: null, offset: 0 })
    )[0];
    for (const path of [
      "/console/api/session",
      regionPath("us1", "keys"),
      regionPath("us1", `keys/${key?.sid}`),
      regionPath("us1", "permissions"),
      regionPath("us1", "auth-tokens"),
    ]) {
      const response = await server.request("GET", path, { headers: { cookie: browser.cookie } });
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
    }
  });

  it("answers a session-less mutation 401 (sign in first), not a CSRF refusal", async () => {
    const response = await server.request("POST", regionPath("us1", "keys"), {
      headers: { "content-type": "application/json", "x-csrf-token": "A".repeat(43) },
      body: JSON.stringify({ type: "standard" }),
    });
    expectConsoleError(response, 401, 20003, "Sign in to use the console");
  });
});

describe("console sign-in from another site", () => {
  let server: TestServer;
  let email: string;
  let password: string;
  beforeAll(async () => {
    server = await startTestServer();
    ({ email, password } = await server.createConsoleUser({ email: "site@example.com", role: "owner" }));
  });
  afterAll(() => server.close());

  const signIn = (headers: Record<string, string>) =>
    server.request("POST", "/console/api/session", {
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ email, password }),
    });

  it("refuses a cross-site Origin or Sec-Fetch-Site with 403/20006, setting no cookie and starting no session", async () => {
    const port = new URL(server.url).port;
    const refusals: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { origin: "null" },
      { origin: `https://127.0.0.1:${port}` },
      { origin: "http://127.0.0.1:1" },
      { origin: `http://localhost:${port}` },
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" },
      { "sec-fetch-site": "same-origin", origin: "https://evil.example" },
      { "sec-fetch-site": "cross-site", origin: server.url },
    ];
    for (const headers of refusals) {
      const response = await signIn(headers);
      expect({ headers, status: response.status }).toEqual({ headers, status: 403 });
      expectConsoleError(response, 403, 20006, "Sign-in must come from a page of this console");
      expect(response.headers.get("set-cookie")).toBeNull();
    }
    const user = await server.deployment.directory.users.findByEmail(email);
    // The directory has no session list: deleting every session counts them (none may exist; no test here
    // needs one afterwards).
    const deleted = await server.deployment.directory.sessions.deleteExpired(
      Number.MAX_SAFE_INTEGER,
      Number.MAX_SAFE_INTEGER,
    );
    expect({ user: user?.email, sessions: deleted }).toEqual({ user: email, sessions: 0 });
  });

  it("takes a same-origin page's sign-in, and one with no Origin or Sec-Fetch-Site: none (typed by the user)", async () => {
    for (const headers of [{ origin: server.url, "sec-fetch-site": "same-origin" }, { "sec-fetch-site": "none" }, {}]) {
      const response = await signIn(headers);
      expect({ headers, status: response.status }).toEqual({ headers, status: 200 });
    }
  });

  it("sets a plain http cookie without Secure when an untrusted peer claims X-Forwarded-Proto: https", async () => {
    const response = await signIn({ "x-forwarded-proto": "https" });
    expect(response.status).toBe(200);
    expect(response.headers.get("set-cookie")).toMatch(
      /^latchkey_console=[A-Za-z0-9_-]{43}; Max-Age=43200; Path=\/console; HttpOnly; SameSite=Strict$/,
    );
  });
});

describe("console sign-in behind a trusted https proxy", () => {
  let server: TestServer;
  let email: string;
  let password: string;
  beforeAll(async () => {
    server = await startTestServer({ trustProxy: { hops: 1 } });
    ({ email, password } = await server.createConsoleUser({ email: "proxied@example.com", role: "owner" }));
  });
  afterAll(() => server.close());

  it("takes the Origin of the page the proxy serves, and refuses its http or another host's", async () => {
    const port = new URL(server.url).port;
    const cases: [Record<string, string>, number][] = [
      [{ "x-forwarded-proto": "https", origin: `https://127.0.0.1:${port}` }, 200],
      [
        {
          "x-forwarded-proto": "https",
          "x-forwarded-host": "console.example.com",
          origin: "https://console.example.com",
        },
        200,
      ],
      [{ "x-forwarded-proto": "https", origin: `http://127.0.0.1:${port}` }, 403],
      [
        {
          "x-forwarded-proto": "https",
          "x-forwarded-host": "console.example.com",
          origin: `https://127.0.0.1:${port}`,
        },
        403,
      ],
    ];
    for (const [headers, status] of cases) {
      const response = await server.request("POST", "/console/api/session", {
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ email, password }),
      });
      expect({ headers, status: response.status }).toEqual({ headers, status });
      if (status === 200) expect(response.headers.get("set-cookie")).toMatch(/^__Host-latchkey_console=.*; Secure$/);
    }
  });
});
