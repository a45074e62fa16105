/**
 * Helpers for the console API tests: requests with a signed-in browser's cookie and CSRF token, and the
 * exact headers every console answer carries.
 */
import type { ConsoleRole } from "@latchkey/core";
import { expect } from "vitest";
import { type ConsoleSignIn, GATEWAY_TOKEN, type TestResponse, type TestServer } from "../support/test-server.js";

export const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** A console API request as the console's page sends it: cookie, and on mutations the CSRF token and JSON. */
export function consoleRequest(
  server: TestServer,
  browser: ConsoleSignIn | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<TestResponse> {
  const mutation = method !== "GET";
  const headers = browser === null ? {} : browser.headers(mutation);
  return server.request(method, path, {
    headers: { ...headers, ...(body !== undefined && { "content-type": "application/json" }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
}

/** The path of a region's console resource: `regionPath("us1", "keys")` is /console/api/regions/us1/keys. */
export function regionPath(region: string, resource: string): string {
  return `/console/api/regions/${region}/${resource}`;
}

/** Asserts the security headers every console answer carries. */
export function expectConsoleHeaders(response: TestResponse): void {
  expect({
    csp: response.headers.get("content-security-policy"),
    nosniff: response.headers.get("x-content-type-options"),
    referrer: response.headers.get("referrer-policy"),
    frame: response.headers.get("x-frame-options"),
  }).toEqual({ csp: CSP, nosniff: "nosniff", referrer: "no-referrer", frame: "DENY" });
}

/** Asserts a console API error: exact status, Twilio code and message, never cached, no Basic challenge. */
export function expectConsoleError(response: TestResponse, status: number, code: number, message?: string): void {
  expect({
    status: response.status,
    body: response.json,
    cache: response.headers.get("cache-control"),
    challenge: response.headers.get("www-authenticate"),
  }).toEqual({
    status,
    body: {
      code,
      message: message ?? expect.any(String),
      more_info: `https://www.twilio.com/docs/errors/${code}`,
      status,
    },
    cache: "no-store",
    challenge: null,
  });
}

export const MESSAGES_READ = "/twilio/messaging/messages/read";
export const KEYS_LIST = "/twilio/iam/api-keys/list";
export const KEYS_READ = "/twilio/iam/api-keys/read";

/** A new console user of `role` (owner account unless named), signed in over HTTP; two scrypt hashes. */
export async function signedInAs(
  server: TestServer,
  role: ConsoleRole,
  email: string = `${role}@example.com`,
  accountSid?: string,
): Promise<ConsoleSignIn & { readonly sid: string }> {
  const user = await server.createConsoleUser({ email, role, ...(accountSid !== undefined && { accountSid }) });
  const browser = await server.signInToConsole(user.email, user.password);
  return { ...browser, sid: user.sid };
}

/** Creates a key through the console API; throws unless it answers 201. */
export async function consoleKey(
  server: TestServer,
  browser: ConsoleSignIn,
  body: { type: string; friendly_name?: string; permissions?: readonly string[] },
  region = "us1",
): Promise<{ key: any; secret: string }> {
  const response = await consoleRequest(server, browser, "POST", regionPath(region, "keys"), body);
  if (response.status !== 201) throw new Error(`console key create failed: ${response.status} ${response.text}`);
  return response.json;
}

/** The owner account's Auth Token in `region` as Basic credentials. */
export function ownerAuth(server: TestServer, region = "us1"): { user: string; password: string } {
  const password = server.authTokens[region];
  if (password === undefined) throw new Error(`no owner token for ${region}`);
  return { user: server.accountSid, password };
}

/** The Host header that sends a REST request to `region`. */
export function apiHost(region: string, product: "api" | "iam" = "api"): string {
  return `${product}.${region}.twilio.com`;
}

/**
 * What a console mutation could change in a region, read from the store itself: the owner account's keys,
 * the owner account with its subaccounts (Auth Token fields included) and the audit log.
 */
export async function regionState(server: TestServer, region = "us1") {
  const store = server.regionContext(region).store;
  return {
    keys: await store.keys.listPage({ accountSid: server.accountSid, limit: 100_000, cursor: null, offset: 0 }),
    accounts: await store.accounts.listPage({
      accountSid: server.accountSid,
      includeSubaccounts: true,
      friendlyName: null,
      status: null,
      limit: 100_000,
      cursor: null,
      offset: 0,
    }),
    audit: await store.audit.listRecent(100_000),
  };
}

/**
 * The status a gateway decision (GET /v1/Authorize/Request) gives `auth` for reading the owner account's
 * messages in `region`: 204 for a live key of any type (a standard key's only use), 401 for a dead one.
 */
export async function gatewayStatus(
  server: TestServer,
  auth: { user: string; password: string },
  region = "us1",
): Promise<number> {
  const response = await server.request("GET", "/v1/Authorize/Request", {
    headers: {
      "x-latchkey-gateway": `Bearer ${GATEWAY_TOKEN}`,
      "x-original-method": "GET",
      "x-original-uri": `/2010-04-01/Accounts/${server.accountSid}/Messages.json`,
      "x-original-host": apiHost(region),
      authorization: server.basic(auth.user, auth.password),
    },
  });
  return response.status;
}
