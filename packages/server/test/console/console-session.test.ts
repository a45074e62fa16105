import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CONSOLE_ACTIONS, sessionIdHash } from "@latchkey/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "../support/route-fixtures.js";
import { type ConsoleSignIn, startTestServer, type TestServer } from "../support/test-server.js";
import { consoleRequest, expectConsoleError, expectConsoleHeaders, regionPath } from "./console-fixtures.js";

const SESSION_COOKIE =
  /^latchkey_console=([A-Za-z0-9_-]{43}); Max-Age=43200; Path=\/console; HttpOnly; SameSite=Strict$/;
const ALL_ACTIONS = Object.fromEntries(CONSOLE_ACTIONS.map((action) => [action, true]));
const MINUTE = 60_000;

function signInRequest(server: TestServer, body: unknown, headers: Record<string, string> = {}) {
  return server.request("POST", "/console/api/session", {
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

function tokenOf(browser: ConsoleSignIn): string {
  return browser.cookie.slice(browser.cookie.indexOf("=") + 1);
}

describe("POST /console/api/session", () => {
  let server: TestServer;
  let email: string;
  let password: string;
  beforeAll(async () => {
    server = await startTestServer();
    ({ email, password } = await server.createConsoleUser({ email: "owner@example.com", role: "owner" }));
  });
  afterAll(() => server.close());

  describe("succeeds", () => {
    it("signs in, sets an HttpOnly SameSite=Strict session cookie and answers the session", async () => {
      const response = await signInRequest(server, { email, password });
      const account = await server.deployment.directory.accounts.findBySid(server.accountSid);
      expect(response.status).toBe(200);
      expect(response.headers.get("set-cookie")).toMatch(SESSION_COOKIE);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expectConsoleHeaders(response);
      expect(response.json).toEqual({
        user: {
          sid: expect.stringMatching(/^US[0-9a-f]{32}$/),
          email: "owner@example.com",
          role: "owner",
          account_sid: server.accountSid,
          account_friendly_name: account?.friendlyName,
          region: "us1",
        },
        csrf_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        must_change_password: false,
        regions: ["us1"],
        default_region: "us1",
        actions: ALL_ACTIONS,
      });
      // The session is stored only as the token's hash.
      const token = SESSION_COOKIE.exec(response.headers.get("set-cookie") ?? "")?.[1] ?? "";
      const stored = await server.deployment.directory.sessions.findByIdHash(sessionIdHash(token));
      expect(stored?.userSid).toBe(response.json.user.sid);
    });

    it("takes the email in any case and with surrounding spaces, and a same-origin Origin", async () => {
      const response = await signInRequest(
        server,
        { email: "  Owner@EXAMPLE.com ", password },
        { origin: server.url, "sec-fetch-site": "same-origin", "content-type": "application/json; charset=utf-8" },
      );
      expect(response.status).toBe(200);
      expect(response.json.user.email).toBe("owner@example.com");
    });
  });

  describe("rejects bad input", () => {
    it("answers a wrong password with 401/20003 and no cookie or Basic challenge", async () => {
      const response = await signInRequest(server, { email, password: `${password}!` });
      expectConsoleError(response, 401, 20003, "The email or password is wrong");
      expect(response.headers.get("set-cookie")).toBeNull();
      expectConsoleHeaders(response);
    });

    it("answers an unknown email exactly as a wrong password", async () => {
      const wrong = await signInRequest(server, { email, password: "not the password at all" });
      const unknown = await signInRequest(server, { email: "nobody@example.com", password });
      expectConsoleError(unknown, 401, 20003, "The email or password is wrong");
      expect(unknown.text).toBe(wrong.text);
    });

    it("answers a missing email or password, or ones that are not strings, with 401 or 400", async () => {
      expectConsoleError(await signInRequest(server, { email }), 401, 20003, "The email or password is wrong");
      expectConsoleError(
        await signInRequest(server, { email: ["a"], password }),
        400,
        20001,
        "Invalid parameter: email must be a string",
      );
      expectConsoleError(
        await signInRequest(server, { email, password: 12 }),
        400,
        20001,
        "Invalid parameter: password must be a string",
      );
    });

    it("refuses a form body or a text body with 415: sign-in takes JSON only", async () => {
      const form = await server.request("POST", "/console/api/session", { form: { email, password } });
      expectConsoleError(form, 415, 20001, "The console API takes Content-Type: application/json");
      const text = await server.request("POST", "/console/api/session", {
        headers: { "content-type": "text/plain" },
        body: JSON.stringify({ email, password }),
      });
      expectConsoleError(text, 415, 20001, "The console API takes Content-Type: application/json");
      const none = await server.request("POST", "/console/api/session");
      expectConsoleError(none, 415, 20001, "The console API takes Content-Type: application/json");
    });

    it("refuses a body that is not a JSON object with 400/20001", async () => {
      for (const body of ["[1,2]", '"text"', "{not json", '{"email":{"a":{"b":1}}}']) {
        const response = await server.request("POST", "/console/api/session", {
          headers: { "content-type": "application/json" },
          body,
        });
        expectConsoleError(response, 400, 20001);
        expect(response.json.message).toMatch(/^The body must be a JSON object; /);
      }
    });

    it("refuses a sign-in another site's page sends (Origin or Sec-Fetch-Site) with 403/20006", async () => {
      const message = "Sign-in must come from a page of this console";
      expectConsoleError(
        await signInRequest(server, { email, password }, { origin: "https://evil.example" }),
        403,
        20006,
        message,
      );
      expectConsoleError(
        await signInRequest(server, { email, password }, { "sec-fetch-site": "cross-site" }),
        403,
        20006,
        message,
      );
      expectConsoleError(
        await signInRequest(server, { email, password }, { "sec-fetch-site": "same-site" }),
        403,
        20006,
        message,
      );
    });
  });
});

describe("GET and DELETE /console/api/session", () => {
  let server: TestServer;
  let email: string;
  let password: string;
  beforeAll(async () => {
    server = await startTestServer();
    ({ email, password } = await server.createConsoleUser({ email: "dev@example.com", role: "developer" }));
  });
  afterAll(() => server.close());

  it("answers the signed-in session, with the developer role's verdicts", async () => {
    const browser = await server.signInToConsole(email, password);
    const response = await consoleRequest(server, browser, "GET", "/console/api/session");
    expect(response.status).toBe(200);
    expect(response.json).toEqual(browser.session);
    expect(response.json.actions["keys.create.restricted"]).toBe(true);
    expect(response.json.actions["keys.create.main"]).toBe(false);
    expect(response.json.actions["subaccounts.list"]).toBe(false);
    expect(Object.keys(response.json.actions)).toEqual([...CONSOLE_ACTIONS]);
  });

  it("answers 401/20003 without a cookie, with a malformed one and with one no session has", async () => {
    const message = "Sign in to use the console";
    expectConsoleError(await server.request("GET", "/console/api/session"), 401, 20003, message);
    for (const cookie of ["latchkey_console=nope", `latchkey_console=${"A".repeat(43)}`, "other=1"]) {
      const response = await server.request("GET", "/console/api/session", { headers: { cookie } });
      expectConsoleError(response, 401, 20003, message);
    }
  });

  it("signs out: 204, the cookie cleared, the stored session gone and the cookie no longer accepted", async () => {
    const browser = await server.signInToConsole(email, password);
    const response = await consoleRequest(server, browser, "DELETE", "/console/api/session");
    expect(response.status).toBe(204);
    expect(response.headers.get("set-cookie")).toBe(
      "latchkey_console=; Max-Age=0; Path=/console; HttpOnly; SameSite=Strict",
    );
    expectConsoleHeaders(response);
    expect(await server.deployment.directory.sessions.findByIdHash(sessionIdHash(tokenOf(browser)))).toBeUndefined();
    const after = await consoleRequest(server, browser, "GET", "/console/api/session");
    expectConsoleError(after, 401, 20003, "Sign in to use the console");
  });

  it("does not sign out without the CSRF token (403/20006), and the session still works", async () => {
    const browser = await server.signInToConsole(email, password);
    const response = await server.request("DELETE", "/console/api/session", { headers: { cookie: browser.cookie } });
    expectConsoleError(response, 403, 20006, "Missing or wrong CSRF token");
    expect((await consoleRequest(server, browser, "GET", "/console/api/session")).status).toBe(200);
  });

  it("signing out one browser leaves the user's other sessions signed in", async () => {
    const first = await server.signInToConsole(email, password);
    const second = await server.signInToConsole(email, password);
    expect(first.csrfToken).not.toBe(second.csrfToken);
    expect((await consoleRequest(server, first, "DELETE", "/console/api/session")).status).toBe(204);
    expect((await consoleRequest(server, second, "GET", "/console/api/session")).status).toBe(200);
  });
});

describe("console sessions over https (a trusted proxy says X-Forwarded-Proto: https)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ trustProxy: { hops: 1 } });
  });
  afterAll(() => server.close());

  it("sets a __Host- cookie with Secure and Path=/, reads it back, and clears it the same way", async () => {
    const { email, password } = await server.createConsoleUser({ email: "tls@example.com", role: "read-only" });
    const https = { "x-forwarded-proto": "https" };
    const response = await signInRequest(server, { email, password }, https);
    expect(response.status).toBe(200);
    const setCookie = response.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(
      /^__Host-latchkey_console=[A-Za-z0-9_-]{43}; Max-Age=43200; Path=\/; HttpOnly; SameSite=Strict; Secure$/,
    );
    const cookie = setCookie.split(";", 1)[0] ?? "";
    const read = await server.request("GET", "/console/api/session", { headers: { ...https, cookie } });
    expect(read.status).toBe(200);
    // The plain name is not the https session's cookie.
    const plain = cookie.replace("__Host-", "");
    const wrongName = await server.request("GET", "/console/api/session", { headers: { ...https, cookie: plain } });
    expect(wrongName.status).toBe(401);
    const out = await server.request("DELETE", "/console/api/session", {
      headers: { ...https, cookie, "x-csrf-token": response.json.csrf_token },
    });
    expect(out.status).toBe(204);
    expect(out.headers.get("set-cookie")).toBe(
      "__Host-latchkey_console=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict; Secure",
    );
  });
});

describe("console sessions across a restart", () => {
  it("keeps a session signed in when the server restarts on the same data dir", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "latchkey-console-restart-"));
    try {
      const first = await startTestServer({ dataDir });
      const { email, password } = await first.createConsoleUser({ email: "restart@example.com", role: "owner" });
      const browser = await first.signInToConsole(email, password);
      await first.close();
      const second = await startTestServer({ dataDir });
      try {
        const response = await consoleRequest(second, browser, "GET", "/console/api/session");
        expect(response.status).toBe(200);
        expect(response.json).toEqual(browser.session);
        const keys = await consoleRequest(second, browser, "POST", regionPath("us1", "keys"), {
          type: "standard",
          friendly_name: "after restart",
        });
        expect(keys.status).toBe(201);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe("console session lifetimes (fake clock)", () => {
  let server: TestServer;
  let clock: FakeClock;
  let email: string;
  let password: string;
  beforeAll(async () => {
    clock = new FakeClock();
    server = await startTestServer({ clock, console: { idleTimeoutMs: 30 * MINUTE, maxSessionMs: 120 * MINUTE } });
    ({ email, password } = await server.createConsoleUser({ email: "clock@example.com", role: "owner" }));
  });
  afterAll(() => server.close());

  it("keeps a session in use alive and ends it after 30 idle minutes", async () => {
    const browser = await server.signInToConsole(email, password);
    clock.advance(29 * MINUTE);
    expect((await consoleRequest(server, browser, "GET", "/console/api/session")).status).toBe(200);
    clock.advance(29 * MINUTE);
    expect((await consoleRequest(server, browser, "GET", "/console/api/session")).status).toBe(200);
    clock.advance(30 * MINUTE + 1);
    const expired = await consoleRequest(server, browser, "GET", "/console/api/session");
    expectConsoleError(expired, 401, 20003, "Sign in to use the console");
    // The expired row is deleted, not just refused.
    expect(await server.deployment.directory.sessions.findByIdHash(sessionIdHash(tokenOf(browser)))).toBeUndefined();
  });

  it("ends a busy session at its maximum lifetime, and its cookie says so in Max-Age", async () => {
    const response = await signInRequest(server, { email, password });
    expect(response.headers.get("set-cookie")).toContain("; Max-Age=7200; ");
    const cookie = (response.headers.get("set-cookie") ?? "").split(";", 1)[0] ?? "";
    for (let minutes = 0; minutes < 120; minutes += 20) {
      clock.advance(20 * MINUTE);
      const status = (await server.request("GET", "/console/api/session", { headers: { cookie } })).status;
      expect({ minutes: minutes + 20, status }).toEqual({ minutes: minutes + 20, status: 200 });
    }
    clock.advance(1);
    const ended = await server.request("GET", "/console/api/session", { headers: { cookie } });
    expectConsoleError(ended, 401, 20003, "Sign in to use the console");
  });
});
