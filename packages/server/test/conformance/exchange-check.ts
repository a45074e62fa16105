/**
 * What every response the official client receives must be: the schema Twilio's OpenAPI spec gives
 * its operation, exactly the fields Twilio sends for it (the spec leaves additionalProperties open,
 * so it cannot say that), and the headers and error body of Twilio's wire format.
 */
import { expect } from "vitest";
import { assertResponseMatchesSpec, assertTwilioErrorBody, findOperationInAnySpec } from "../support/openapi.js";
import type { RecordedExchange } from "../support/twilio-client.js";

export const KEY_FIELDS_V2010 = ["date_created", "date_updated", "friendly_name", "sid"] as const;
export const NEW_KEY_FIELDS_V2010 = [...KEY_FIELDS_V2010, "secret"].sort();
export const KEY_FIELDS_V1 = [...KEY_FIELDS_V2010, "policy"].sort();
export const NEW_KEY_FIELDS_V1 = [...KEY_FIELDS_V1, "secret"].sort();
export const LIST_ITEM_FIELDS_V1 = [...KEY_FIELDS_V2010, "flags"].sort();
export const META_FIELDS_V1 = [
  "first_page_url",
  "key",
  "next_page_url",
  "page",
  "page_size",
  "previous_page_url",
  "url",
];
export const PAGING_FIELDS_V2010 = [
  ...["end", "first_page_uri", "next_page_uri", "page", "page_size", "previous_page_uri", "start", "uri"],
];
export const ERROR_FIELDS = ["code", "message", "more_info", "status"];

interface Shape {
  readonly record: readonly string[];
  /** For list operations: the array property and the exact top-level fields beside it. */
  readonly list?: { readonly key: string; readonly fields: readonly string[] };
}

const v1List = { key: "keys", fields: ["keys", "meta"] };
const v2010List = (key: string) => ({ key, fields: [key, ...PAGING_FIELDS_V2010].sort() });

/** The exact fields of each operation's response, by `spec operationId`. */
const SHAPES: Readonly<Record<string, Shape>> = {
  "twilio_iam_v1 CreateNewKey": { record: NEW_KEY_FIELDS_V1 },
  "twilio_iam_v1 FetchKey": { record: KEY_FIELDS_V1 },
  "twilio_iam_v1 UpdateKey": { record: KEY_FIELDS_V1 },
  "twilio_iam_v1 ListGetKeys": { record: LIST_ITEM_FIELDS_V1, list: v1List },
  "twilio_api_v2010 CreateNewKey": { record: NEW_KEY_FIELDS_V2010 },
  "twilio_api_v2010 FetchKey": { record: KEY_FIELDS_V2010 },
  "twilio_api_v2010 UpdateKey": { record: KEY_FIELDS_V2010 },
  "twilio_api_v2010 ListKey": { record: KEY_FIELDS_V2010, list: v2010List("keys") },
  "twilio_api_v2010 CreateNewSigningKey": { record: NEW_KEY_FIELDS_V2010 },
  "twilio_api_v2010 FetchSigningKey": { record: KEY_FIELDS_V2010 },
  "twilio_api_v2010 UpdateSigningKey": { record: KEY_FIELDS_V2010 },
  "twilio_api_v2010 ListSigningKey": { record: KEY_FIELDS_V2010, list: v2010List("signing_keys") },
};

const sortedKeys = (value: unknown) => Object.keys(value as object).sort();

/** Throws unless the exchange is what Twilio's spec and wire format say it must be. */
export function checkExchange(exchange: RecordedExchange): void {
  const where = `${exchange.method} ${exchange.clientUrl.pathname} → ${exchange.status}`;
  const operation = findOperationInAnySpec(exchange.method, exchange.clientUrl.pathname);
  if (exchange.body !== "") expect(exchange.headers["content-type"], where).toMatch(/^application\/json\b/);
  expect(exchange.headers["twilio-request-id"], where).toMatch(/^RQ[0-9a-f]{32}$/);
  if (exchange.status >= 400) {
    assertTwilioErrorBody(exchange.body);
    const error = JSON.parse(exchange.body);
    expect(sortedKeys(error), where).toEqual(ERROR_FIELDS);
    expect(error.status, where).toBe(exchange.status);
    expect(error.more_info, where).toBe(`https://www.twilio.com/docs/errors/${error.code}`);
    if (exchange.status === 401) expect(exchange.headers["www-authenticate"], where).toBe('Basic realm="Twilio API"');
    return;
  }
  assertResponseMatchesSpec(operation.spec, operation.operationId, exchange.status, exchange.body);
  if (exchange.body === "") return;
  const shape = SHAPES[`${operation.spec} ${operation.operationId}`];
  if (shape === undefined) throw new Error(`no expected field set for ${operation.spec} ${operation.operationId}`);
  const body = JSON.parse(exchange.body);
  if (shape.list === undefined) {
    expect(sortedKeys(body), where).toEqual(shape.record);
    return;
  }
  expect(sortedKeys(body), where).toEqual(shape.list.fields);
  if (body.meta !== undefined) expect(sortedKeys(body.meta), where).toEqual(META_FIELDS_V1);
  for (const item of body[shape.list.key]) expect(sortedKeys(item), where).toEqual(shape.record);
}
