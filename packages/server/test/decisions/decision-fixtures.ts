/**
 * Helpers for the decision API tests: asking POST /v1/Authorize and GET /v1/Authorize/Request over
 * real HTTP, the callers of every credential type, and the exact bodies and errors a decision carries.
 */
import { expect } from "vitest";
import {
  type Credentials,
  createRestrictedKey,
  createStandardKey,
  ownerCredentials,
} from "../support/route-fixtures.js";
import { GATEWAY_TOKEN, type TestResponse, type TestServer } from "../support/test-server.js";

/** The Authorization header of a gateway that presents the test server's gateway token. */
export const GATEWAY = `Bearer ${GATEWAY_TOKEN}`;

/** A well-formed SID that no store holds: `sid("SM")` → `SM000…0`. */
export const sid = (prefix: string, fill = "0") => `${prefix}${fill.repeat(32)}`;

/** A caller's credential: Basic credentials, a raw Authorization header, or none at all. */
export type Caller = Credentials | string | undefined;

export function authorizationOf(server: TestServer, caller: Caller): string | undefined {
  if (caller === undefined || typeof caller === "string") return caller;
  return server.basic(caller.user, caller.password);
}

export interface AuthorizeOptions {
  /** The gateway's own Authorization header; `null` sends none. Defaults to the gateway token. */
  readonly gateway?: string | null;
  /** Send the fields as a JSON object instead of a form. */
  readonly json?: boolean;
}

/** POST /v1/Authorize with exactly these fields (undefined ones are left out). */
export function authorize(
  server: TestServer,
  fields: Readonly<Record<string, string | undefined>>,
  options: AuthorizeOptions = {},
): Promise<TestResponse> {
  const present: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) present[name] = value;
  const gateway = options.gateway === undefined ? GATEWAY : options.gateway;
  const auth = gateway === null ? {} : { auth: gateway };
  if (options.json === true) {
    return server.request("POST", "/v1/Authorize", {
      ...auth,
      body: JSON.stringify(present),
      headers: { "content-type": "application/json" },
    });
  }
  return server.request("POST", "/v1/Authorize", { ...auth, form: present });
}

/** POST /v1/Authorize for `caller` making `method url`, with any extra fields (ClientIp, ...). */
export function ask(
  server: TestServer,
  caller: Caller,
  method: string,
  url: string,
  extra: Readonly<Record<string, string>> = {},
  options: AuthorizeOptions = {},
): Promise<TestResponse> {
  return authorize(
    server,
    { Method: method, Url: url, Authorization: authorizationOf(server, caller), ...extra },
    options,
  );
}

export interface OriginalRequest {
  readonly method?: string;
  readonly uri?: string;
  readonly host?: string;
  readonly caller?: Caller;
  /** X-Latchkey-Gateway; `null` sends none. Defaults to the gateway token. */
  readonly gateway?: string | null;
  readonly realIp?: string;
}

/** GET /v1/Authorize/Request as nginx auth_request sends it. */
export function checkRequest(server: TestServer, original: OriginalRequest): Promise<TestResponse> {
  const headers: Record<string, string> = {};
  const gateway = original.gateway === undefined ? GATEWAY : original.gateway;
  if (gateway !== null) headers["x-latchkey-gateway"] = gateway;
  if (original.method !== undefined) headers["x-original-method"] = original.method;
  if (original.uri !== undefined) headers["x-original-uri"] = original.uri;
  if (original.host !== undefined) headers["x-original-host"] = original.host;
  if (original.realIp !== undefined) headers["x-real-ip"] = original.realIp;
  const authorization = authorizationOf(server, original.caller);
  if (authorization !== undefined) headers.authorization = authorization;
  return server.request("GET", "/v1/Authorize/Request", { headers });
}

/** Who a decision names: the credential's account, SID and type. */
export interface Who {
  readonly accountSid: string;
  readonly credentialSid: string;
  readonly credentialType: "auth_token" | "main" | "standard" | "restricted";
}

export interface TwilioError {
  readonly code: number;
  readonly message: string;
  readonly more_info: string;
  readonly status: number;
}

export function twilioError(code: number, status: number, message: string): TwilioError {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

export const AUTHENTICATE = twilioError(20003, 401, "Authenticate");
export const GATEWAY_FAILED = twilioError(20003, 401, "Gateway authentication failed");
export const TOO_MANY_FAILURES = twilioError(20429, 429, "Too many failed authentication attempts; retry later");
export const lacksPermission = (permission: string) =>
  twilioError(70051, 403, `Authorization Failed: the API key lacks the permission '${permission}'`);
export const noPermissionCovers = (method: string, path: string) =>
  twilioError(70051, 403, `Authorization Failed: no permission covers ${method} ${path}`);
export const notFound = (path: string) => twilioError(20404, 404, `The requested resource ${path} was not found`);

function whoFields(who: Who | null) {
  return {
    account_sid: who?.accountSid ?? null,
    credential_sid: who?.credentialSid ?? null,
    credential_type: who?.credentialType ?? null,
  };
}

/** The exact body of an allowed decision. */
export function allowedBody(who: Who, permission: string | null) {
  return {
    allowed: true,
    ...whoFields(who),
    permission,
    missing_permission: null,
    reason: "allowed",
    error: null,
  };
}

/** The exact body of a denied decision. */
export function deniedBody(
  who: Who | null,
  reason: string,
  error: TwilioError,
  missingPermission: string | null = null,
) {
  return {
    allowed: false,
    ...whoFields(who),
    permission: null,
    missing_permission: missingPermission,
    reason,
    error,
  };
}

/** Asserts a 200 decision with exactly this body. */
export function expectDecision(response: TestResponse, body: unknown, label?: string): void {
  expect({ status: response.status, body: response.json }, label).toEqual({ status: 200, body });
}

/** Asserts an HTTP-level Twilio error (not a decision): exact status and body. */
export function expectHttpError(response: TestResponse, status: number, body: TwilioError, label?: string): void {
  expect({ status: response.status, body: response.json }, label).toEqual({ status, body });
}

/** The headers of GET /v1/Authorize/Request that matter to a gateway, absent ones as null. */
export function gatewayHeaders(response: TestResponse) {
  const get = (name: string) => response.headers.get(name);
  return {
    reason: get("x-latchkey-reason"),
    accountSid: get("x-latchkey-account-sid"),
    credentialSid: get("x-latchkey-credential-sid"),
    credentialType: get("x-latchkey-credential-type"),
    permission: get("x-latchkey-permission"),
    errorCode: get("x-latchkey-error-code"),
    wwwAuthenticate: get("www-authenticate"),
    retryAfter: get("retry-after"),
  };
}

/** The headers of an allowed GET /v1/Authorize/Request answer. */
export function allowedHeaders(who: Who, permission: string | null) {
  return {
    reason: "allowed",
    accountSid: who.accountSid,
    credentialSid: who.credentialSid,
    credentialType: who.credentialType,
    permission,
    errorCode: null,
    wwwAuthenticate: null,
    retryAfter: null,
  };
}

export interface Callers {
  readonly token: Credentials & { readonly who: Who };
  readonly main: Credentials & { readonly who: Who };
  readonly standard: Credentials & { readonly who: Who };
  readonly restricted: Credentials & { readonly who: Who };
}

/** One caller of each credential type in the owner account; the restricted key is allowed exactly `allow`. */
export async function ownerCallers(server: TestServer, allow: readonly string[]): Promise<Callers> {
  const main = await server.createMainKey();
  const standard = await createStandardKey(server);
  const restricted = await createRestrictedKey(server, allow);
  const accountSid = server.accountSid;
  return {
    token: {
      ...ownerCredentials(server),
      who: { accountSid, credentialSid: accountSid, credentialType: "auth_token" },
    },
    main: {
      user: main.sid,
      password: main.secret,
      who: { accountSid, credentialSid: main.sid, credentialType: "main" },
    },
    standard: { ...standard, who: { accountSid, credentialSid: standard.sid, credentialType: "standard" } },
    restricted: { ...restricted, who: { accountSid, credentialSid: restricted.sid, credentialType: "restricted" } },
  };
}

/** One endpoint of one product, as the catalog maps it. */
export interface ProductEndpoint {
  readonly name: string;
  readonly method: string;
  /** The product's own hostname, e.g. `studio.twilio.com`. */
  readonly host: string;
  /** The path for a given owner account. */
  readonly path: (accountSid: string) => string;
  /** The catalog permission that opens it. */
  readonly permission: string;
}

/** Endpoints across the catalog's products and hosts. */
export const PRODUCT_ENDPOINTS: readonly ProductEndpoint[] = [
  {
    name: "messaging: read a Message on api",
    method: "GET",
    host: "api.twilio.com",
    path: (accountSid) => `/2010-04-01/Accounts/${accountSid}/Messages/${sid("SM")}.json`,
    permission: "/twilio/messaging/messages/read",
  },
  {
    name: "voice: create a Call on api",
    method: "POST",
    host: "api.twilio.com",
    path: (accountSid) => `/2010-04-01/Accounts/${accountSid}/Calls.json`,
    permission: "/twilio/voice/calls/create",
  },
  {
    name: "studio: create an Execution on studio",
    method: "POST",
    host: "studio.twilio.com",
    path: () => `/v2/Flows/${sid("FW")}/Executions`,
    permission: "/twilio/studio/executions/create",
  },
  {
    name: "taskrouter: read a Workspace on taskrouter",
    method: "GET",
    host: "taskrouter.twilio.com",
    path: () => `/v1/Workspaces/${sid("WS")}`,
    permission: "/twilio/taskrouter/workspaces/read",
  },
  {
    name: "video: list Rooms on video",
    method: "GET",
    host: "video.twilio.com",
    path: () => "/v1/Rooms",
    permission: "/twilio/video/rooms/list",
  },
  {
    name: "video: read a Room's Participant on video",
    method: "GET",
    host: "video.twilio.com",
    path: () => `/v1/Rooms/${sid("RM")}/Participants/${sid("PA")}`,
    permission: "/twilio/video/rooms.participants/read",
  },
  {
    name: "verify: start a Verification on verify",
    method: "POST",
    host: "verify.twilio.com",
    path: () => `/v2/Services/${sid("VA")}/Verifications`,
    permission: "/twilio/verify/verification/create",
  },
  {
    name: "messaging pricing on pricing (product and host differ)",
    method: "GET",
    host: "pricing.twilio.com",
    path: () => "/v1/Messaging/Countries/US",
    permission: "/twilio/messaging/pricing/read",
  },
];

/** A permission none of {@link PRODUCT_ENDPOINTS} needs, for a restricted key that may not use them. */
export const UNRELATED_PERMISSION = "/twilio/voice/sip.connection-policies/list";
