/**
 * Shared helpers for the HTTP route tests: credentials, keys made through the real API, a fake clock,
 * exact Twilio error assertions, and snapshots of what the store holds (to prove nothing was written).
 */
import type { Clock, StoredAccount, StoredAuditEntry, StoredKey } from "@latchkey/core";
import { expect } from "vitest";
import type { TestResponse, TestServer } from "./test-server.js";

export interface Credentials {
  readonly user: string;
  readonly password: string;
}

export const KEY_SID = /^SK[0-9a-f]{32}$/;
export const KEY_SECRET = /^[0-9A-Za-z]{32}$/;
export const RFC_2822 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} \+0000$/;

/** The instant of Twilio's own examples: Mon, 13 Jun 2016 22:50:08 +0000. */
export const EXAMPLE_INSTANT = Date.UTC(2016, 5, 13, 22, 50, 8);
export const EXAMPLE_DATE = "Mon, 13 Jun 2016 22:50:08 +0000";

/** The exact 401 body every credential failure answers with. */
export const AUTHENTICATE_BODY =
  '{"code":20003,"message":"Authenticate","more_info":"https://www.twilio.com/docs/errors/20003","status":401}';

/** A clock that only moves when a test says so. */
export class FakeClock implements Clock {
  #now: number;

  constructor(start: number = EXAMPLE_INSTANT) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  advance(ms: number): void {
    this.#now += ms;
  }
}

export function ownerCredentials(server: TestServer): Credentials {
  return { user: server.accountSid, password: server.authToken };
}

export interface CreatedKey extends Credentials {
  readonly sid: string;
  /** The full 201 body of the create response. */
  readonly body: Record<string, unknown>;
}

/** Creates a key through POST /v1/Keys; throws with the response when it is not a 201. */
export async function createKeyV1(
  server: TestServer,
  auth: Credentials,
  form: Record<string, string> = {},
): Promise<CreatedKey> {
  const response = await server.request("POST", "/v1/Keys", {
    auth,
    form: { AccountSid: server.accountSid, ...form },
  });
  if (response.status !== 201) throw new Error(`create key failed: ${response.status} ${response.text}`);
  const body = response.json as Record<string, unknown> & { sid: string; secret: string };
  return { sid: body.sid, user: body.sid, password: body.secret, body };
}

/** A restricted key of the owner account allowed exactly `allow`. */
export function createRestrictedKey(server: TestServer, allow: readonly string[]): Promise<CreatedKey> {
  return createKeyV1(server, ownerCredentials(server), {
    FriendlyName: "restricted",
    KeyType: "restricted",
    Policy: JSON.stringify({ allow }),
  });
}

export function createStandardKey(server: TestServer, friendlyName = "standard"): Promise<CreatedKey> {
  return createKeyV1(server, ownerCredentials(server), { FriendlyName: friendlyName });
}

/** Every stored key of an account, read from the store itself rather than through the API. */
export function storedKeys(server: TestServer, accountSid: string = server.accountSid): Promise<StoredKey[]> {
  return server.region.store.keys.listPage({ accountSid, limit: 100_000, cursor: null, offset: 0 });
}

export function auditRows(server: TestServer): Promise<StoredAuditEntry[]> {
  return server.region.store.audit.listRecent(100_000);
}

export interface StoreSnapshot {
  readonly account: StoredAccount | undefined;
  readonly keys: readonly StoredKey[];
  readonly audit: readonly StoredAuditEntry[];
}

/**
 * What the owner account's record and keys and the audit log hold now; compare two to prove nothing
 * was written. `ownRowsOnly` keeps just the audit rows about the owner account.
 */
export async function snapshot(server: TestServer, options: { ownRowsOnly?: boolean } = {}): Promise<StoreSnapshot> {
  const audit = await auditRows(server);
  return {
    account: await server.region.store.accounts.findBySid(server.accountSid),
    keys: await storedKeys(server),
    audit: options.ownRowsOnly === true ? audit.filter((row) => row.accountSid === server.accountSid) : audit,
  };
}

/** Asserts Twilio's legacy error body with the exact status and code; returns the message. */
export function expectTwilioError(response: TestResponse, status: number, code: number): string {
  expect({ status: response.status, body: response.json }).toEqual({
    status,
    body: {
      code,
      message: expect.any(String),
      more_info: `https://www.twilio.com/docs/errors/${code}`,
      status,
    },
  });
  return response.json.message as string;
}

/** Asserts the exact 401 every credential failure must produce, header and body byte for byte. */
export function expectAuthenticate(response: TestResponse): void {
  expect({
    status: response.status,
    wwwAuthenticate: response.headers.get("www-authenticate"),
    body: response.text,
  }).toEqual({ status: 401, wwwAuthenticate: 'Basic realm="Twilio API"', body: AUTHENTICATE_BODY });
}

export function expectNotFound(response: TestResponse, path: string): void {
  expect({ status: response.status, body: response.json }).toEqual({
    status: 404,
    body: {
      code: 20404,
      message: `The requested resource ${path} was not found`,
      more_info: "https://www.twilio.com/docs/errors/20404",
      status: 404,
    },
  });
}

/** The path and query of an absolute URL on the test server's origin (which it must be on). */
export function onOrigin(server: TestServer, absoluteUrl: string): string {
  const url = new URL(absoluteUrl);
  expect(url.origin).toBe(server.url);
  return `${url.pathname}${url.search}`;
}
