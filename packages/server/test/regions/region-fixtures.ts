/**
 * Helpers for the multi-region tests: hosts that pick a region the way Twilio's clients build them, the
 * owner's credentials per region, requests sent to one region, and the exact answers a region gives to a
 * credential it does not know.
 */
import type { StoredAuditEntry } from "@latchkey/core";
import { expect } from "vitest";
import { AUTHENTICATE_BODY, type CreatedKey, type Credentials } from "../support/route-fixtures.js";
import type { RequestOptions, TestResponse, TestServer } from "../support/test-server.js";

export const HEX_TOKEN = /^[0-9a-f]{32}$/;

export const THREE_REGIONS = ["us1", "ie1", "au1"] as const;
export type RegionName = (typeof THREE_REGIONS)[number];

/** Every ordered pair of two different regions of `regions`. */
export function crossRegionPairs<R extends string>(regions: readonly R[]): { made: R; presented: R }[] {
  return regions.flatMap((made) => regions.filter((other) => other !== made).map((presented) => ({ made, presented })));
}

/** `api.ie1.twilio.com`: the host an official client builds for a product in a region. */
export const hostIn = (region: string, product: "api" | "iam" | "accounts" = "api") =>
  `${product}.${region}.twilio.com`;

/** The owner account's Auth Token in `region`, as Basic credentials. */
export function ownerIn(server: TestServer, region: string): Credentials {
  const token = server.authTokens[region];
  if (token === undefined) throw new Error(`the test server holds no owner token for ${region}`);
  return { user: server.accountSid, password: token };
}

/** A request to `region`, its Host built for `product`. */
export function requestIn(
  server: TestServer,
  region: string,
  method: string,
  path: string,
  options: Omit<RequestOptions, "host"> & { readonly product?: "api" | "iam" | "accounts" } = {},
): Promise<TestResponse> {
  const { product, ...rest } = options;
  return server.request(method, path, { ...rest, host: hostIn(region, product ?? "api") });
}

/** GET /2010-04-01/Accounts/{sid}.json in `region` as `auth`. */
export function fetchAccount(
  server: TestServer,
  region: string,
  sid: string,
  auth: Credentials,
): Promise<TestResponse> {
  return requestIn(server, region, "GET", `/2010-04-01/Accounts/${sid}.json`, { auth });
}

/** A key made through POST /v1/Keys in `region`; throws unless the answer is 201. */
export async function createKeyInRegion(
  server: TestServer,
  region: string,
  auth: Credentials,
  form: Record<string, string> = {},
  accountSid: string = server.accountSid,
): Promise<CreatedKey> {
  const response = await requestIn(server, region, "POST", "/v1/Keys", {
    product: "iam",
    auth,
    form: { AccountSid: accountSid, ...form },
  });
  if (response.status !== 201) throw new Error(`create key in ${region} failed: ${response.status} ${response.text}`);
  const body = response.json as Record<string, unknown> & { sid: string; secret: string };
  return { sid: body.sid, user: body.sid, password: body.secret, body };
}

/** A subaccount made through POST /2010-04-01/Accounts.json in `region` (by the owner unless `auth`); throws unless 201. */
export async function createSubaccountInRegion(
  server: TestServer,
  region: string,
  friendlyName: string,
  auth: Credentials = ownerIn(server, region),
): Promise<{ sid: string; authToken: string; body: Record<string, any> }> {
  const response = await requestIn(server, region, "POST", "/2010-04-01/Accounts.json", {
    auth,
    form: { FriendlyName: friendlyName },
  });
  if (response.status !== 201)
    throw new Error(`create subaccount in ${region} failed: ${response.status} ${response.text}`);
  return { sid: response.json.sid, authToken: response.json.auth_token, body: response.json };
}

/** A well-formed credential no region holds: a made-up Auth Token for `accountSid` (or a made-up key). */
export const MADE_UP_TOKEN = "0123456789abcdef0123456789abcdef";
export const MADE_UP_KEY: Credentials = { user: `SK${"0".repeat(32)}`, password: "x".repeat(32) };

/** The exact 401 of an unknown credential: status, WWW-Authenticate and body byte for byte. */
export function expectUnknownCredential(response: TestResponse, label?: string): void {
  expect(
    { status: response.status, wwwAuthenticate: response.headers.get("www-authenticate"), body: response.text },
    label,
  ).toEqual({ status: 401, wwwAuthenticate: 'Basic realm="Twilio API"', body: AUTHENTICATE_BODY });
}

/** Every audit row `region` holds, oldest first. */
export async function auditIn(server: TestServer, region: string): Promise<StoredAuditEntry[]> {
  const rows = await server.regionContext(region).store.audit.listRecent(100_000);
  return [...rows].sort((a, b) => a.id - b.id);
}

export const STORE_DOWN = {
  code: 20503,
  message: "The credential store did not answer; the request was not judged. Retry shortly",
  more_info: "https://www.twilio.com/docs/errors/20503",
  status: 503,
};

/** The 404 for a region the deployment does not serve, naming it and what it serves. */
export function regionNotServed(region: string, served: readonly string[] = THREE_REGIONS) {
  return {
    code: 20404,
    message: `The region ${region} is not served by this Latchkey deployment (it serves ${served.join(", ")})`,
    more_info: "https://www.twilio.com/docs/errors/20404",
    status: 404,
  };
}
