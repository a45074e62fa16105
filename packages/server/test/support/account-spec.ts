/**
 * Spec validation for the Accounts (2010) and AuthTokens (accounts v1) operations, and a conformance
 * world whose official clients check every exchange against it as it arrives.
 *
 * Twilio types the account's `subresource_uris` as `{type: object, format: uri-map}`. Ajv's strict
 * mode rejects a string format on an object, so `withUriMaps` states what the format means — every
 * value is a URI reference — before compiling. Everything else comes from `openapi.ts` unchanged.
 */
import type { Clock } from "@latchkey/core";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import type twilio from "twilio";
import { expect } from "vitest";
import { assertTwilioErrorBody, declaredResponse, findOperationInAnySpec, responseSchema } from "./openapi.js";
import { startTestServer, type TestServer, type TestServerOptions } from "./test-server.js";
import { createTwilioClient, type RecordedExchange, type TwilioCredentials } from "./twilio-client.js";

type JsonObject = { [key: string]: unknown };

export const ACCOUNT_FIELDS = [
  "auth_token",
  "date_created",
  "date_updated",
  "friendly_name",
  "owner_account_sid",
  "sid",
  "status",
  "subresource_uris",
  "type",
  "uri",
];
export const ACCOUNT_LIST_FIELDS = [
  "accounts",
  "end",
  "first_page_uri",
  "next_page_uri",
  "page",
  "page_size",
  "previous_page_uri",
  "start",
  "uri",
];
export const SECONDARY_TOKEN_FIELDS = ["account_sid", "date_created", "date_updated", "secondary_auth_token", "url"];
export const PROMOTION_FIELDS = ["account_sid", "auth_token", "date_created", "date_updated", "url"];

/** The exact fields of each success body, by `spec operationId` (the spec leaves additionalProperties open). */
const FIELDS: Readonly<Record<string, { readonly record: readonly string[]; readonly listKey?: string }>> = {
  "twilio_api_v2010 CreateAccount": { record: ACCOUNT_FIELDS },
  "twilio_api_v2010 FetchAccount": { record: ACCOUNT_FIELDS },
  "twilio_api_v2010 UpdateAccount": { record: ACCOUNT_FIELDS },
  "twilio_api_v2010 ListAccount": { record: ACCOUNT_FIELDS, listKey: "accounts" },
  "twilio_accounts_v1 CreateSecondaryAuthToken": { record: SECONDARY_TOKEN_FIELDS },
  "twilio_accounts_v1 UpdateAuthTokenPromotion": { record: PROMOTION_FIELDS },
  "twilio_accounts_v1 DeleteSecondaryAuthToken": { record: [] },
};

/** Replaces each `format: uri-map` object with what it means: an object whose values are URI references. */
export function withUriMaps(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withUriMaps);
  if (typeof schema !== "object" || schema === null) return schema;
  const converted: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) converted[key] = withUriMaps(value);
  if (converted.format === "uri-map") {
    delete converted.format;
    converted.additionalProperties = { type: "string", format: "uri-reference" };
  }
  return converted;
}

const RFC_2822_GMT =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (0[1-9]|[12]\d|3[01]) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} ([01]\d|2[0-3]):[0-5]\d:[0-5]\d \+0000$/;

const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true });
addFormatsModule.default(ajv, ["uri-reference", "date-time"]);
ajv.addFormat("date-time-rfc-2822", RFC_2822_GMT);
// As in openapi.ts: Twilio's 2010 `*_page_uri` fields are `format: uri` yet host-relative in its own
// examples, so "uri" means a URI reference here; the tests check that v1 `url`s are absolute.
const uriReference = ajv.formats["uri-reference"];
if (uriReference === undefined) throw new Error("ajv-formats did not register uri-reference");
ajv.addFormat("uri", uriReference);
const validators = new Map<string, ValidateFunction>();

/**
 * Throws unless `rawBody` is what Twilio's spec declares for `operationId` answering `status`: JSON
 * matching the schema, or an empty body where the spec declares no content (204).
 */
export function assertAccountsResponseMatchesSpec(
  spec: "twilio_api_v2010" | "twilio_accounts_v1",
  operationId: string,
  status: number,
  rawBody: string,
): void {
  if (declaredResponse(spec, operationId, status).content === undefined) {
    if (rawBody !== "") throw new Error(`${operationId} ${status} declares no content but the body is ${rawBody}`);
    return;
  }
  const key = `${spec} ${operationId} ${status}`;
  let validate = validators.get(key);
  if (validate === undefined) {
    validate = ajv.compile(withUriMaps(responseSchema(spec, operationId, status)) as JsonObject);
    validators.set(key, validate);
  }
  const body = JSON.parse(rawBody);
  if (!validate(body)) {
    throw new Error(`${key} does not match Twilio's spec: ${ajv.errorsText(validate.errors)}\n${rawBody}`);
  }
}

const sortedKeys = (value: unknown) => Object.keys(value as object).sort();

/**
 * Throws unless an Accounts or AuthTokens exchange is what Twilio's spec and wire format say: the
 * operation's schema and exact fields on success, Twilio's legacy error body on failure.
 */
export function checkAccountsExchange(exchange: RecordedExchange): void {
  const where = `${exchange.method} ${exchange.clientUrl.pathname} → ${exchange.status}`;
  const operation = findOperationInAnySpec(exchange.method, exchange.clientUrl.pathname);
  if (exchange.body !== "") expect(exchange.headers["content-type"], where).toMatch(/^application\/json\b/);
  expect(exchange.headers["twilio-request-id"], where).toMatch(/^RQ[0-9a-f]{32}$/);
  if (exchange.status >= 400) {
    assertTwilioErrorBody(exchange.body);
    const error = JSON.parse(exchange.body);
    expect(sortedKeys(error), where).toEqual(["code", "message", "more_info", "status"]);
    expect(error.status, where).toBe(exchange.status);
    expect(error.more_info, where).toBe(`https://www.twilio.com/docs/errors/${error.code}`);
    if (exchange.status === 401) expect(exchange.headers["www-authenticate"], where).toBe('Basic realm="Twilio API"');
    return;
  }
  if (operation.spec === "twilio_iam_v1") throw new Error(`${where} is not an Accounts or AuthTokens operation`);
  assertAccountsResponseMatchesSpec(operation.spec, operation.operationId, exchange.status, exchange.body);
  const fields = FIELDS[`${operation.spec} ${operation.operationId}`];
  if (fields === undefined) throw new Error(`no expected field set for ${operation.spec} ${operation.operationId}`);
  if (exchange.body === "") return;
  const body = JSON.parse(exchange.body);
  if (fields.listKey === undefined) {
    expect(sortedKeys(body), where).toEqual(fields.record);
    return;
  }
  expect(sortedKeys(body), where).toEqual(ACCOUNT_LIST_FIELDS);
  for (const item of body[fields.listKey]) expect(sortedKeys(item), where).toEqual(fields.record);
}

/** Each reading one second after the previous one, so every write gets its own dates. */
export function secondStepClock(startMs = Date.UTC(2025, 0, 6, 9, 30, 0)): Clock {
  let next = startMs;
  return {
    now() {
      const now = next;
      next += 1000;
      return now;
    },
  };
}

export interface AccountsConformance {
  readonly server: TestServer;
  /** The official client on the owner account's SID and auth token. */
  readonly owner: twilio.Twilio;
  /** Another official client; every exchange it makes is checked too. */
  clientFor(credentials: TwilioCredentials): twilio.Twilio;
  readonly exchanges: readonly RecordedExchange[];
  /** The latest exchange; throws when there is none. */
  last(): RecordedExchange;
  close(): Promise<void>;
}

/** A real server and official clients whose every exchange goes through `checkAccountsExchange`. */
export async function startAccountsConformance(options: TestServerOptions = {}): Promise<AccountsConformance> {
  const server = await startTestServer({ clock: secondStepClock(), ...options });
  const exchanges: RecordedExchange[] = [];
  const clientFor = (credentials: TwilioCredentials) =>
    createTwilioClient(server.url, credentials, (exchange) => {
      exchanges.push(exchange);
      checkAccountsExchange(exchange);
    }).client;
  return {
    server,
    owner: clientFor({ accountSid: server.accountSid, authToken: server.authToken }),
    clientFor,
    exchanges,
    last() {
      const exchange = exchanges.at(-1);
      if (exchange === undefined) throw new Error("no exchange yet");
      return exchange;
    },
    close: () => server.close(),
  };
}
