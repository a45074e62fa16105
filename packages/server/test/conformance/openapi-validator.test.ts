import { describe, expect, it } from "vitest";
import {
  assertResponseMatchesSpec,
  assertTwilioErrorBody,
  declaredResponse,
  findOperationInAnySpec,
  type SpecName,
} from "../support/openapi.js";
import { checkExchange } from "./exchange-check.js";

const SID = "SKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const DATE = "Mon, 13 Jun 2016 22:50:08 +0000";
const v1Key = { sid: SID, friendly_name: "foo", date_created: DATE, date_updated: DATE, policy: null };
const fetchV1 = (body: unknown) => assertResponseMatchesSpec("twilio_iam_v1", "FetchKey", 200, JSON.stringify(body));

const KEY_OPERATIONS: readonly [SpecName, string, number][] = [
  ["twilio_iam_v1", "CreateNewKey", 201],
  ["twilio_iam_v1", "FetchKey", 200],
  ["twilio_iam_v1", "UpdateKey", 200],
  ["twilio_iam_v1", "ListGetKeys", 200],
  ["twilio_api_v2010", "CreateNewKey", 201],
  ["twilio_api_v2010", "FetchKey", 200],
  ["twilio_api_v2010", "UpdateKey", 200],
  ["twilio_api_v2010", "ListKey", 200],
  ["twilio_api_v2010", "CreateNewSigningKey", 201],
  ["twilio_api_v2010", "FetchSigningKey", 200],
  ["twilio_api_v2010", "UpdateSigningKey", 200],
  ["twilio_api_v2010", "ListSigningKey", 200],
];

describe("the OpenAPI response validator", () => {
  it.each(KEY_OPERATIONS)("accepts every example Twilio publishes for %s %s", (spec, operationId, status) => {
    const examples = declaredResponse(spec, operationId, status).content?.["application/json"]?.examples ?? {};
    const values = Object.values(examples as Record<string, { value: unknown }>).map((example) => example.value);
    for (const value of values) assertResponseMatchesSpec(spec, operationId, status, JSON.stringify(value));
    expect(values.length).toBeGreaterThan(0);
  });

  it("accepts null in a field the spec marks nullable", () => {
    expect(() => fetchV1({ ...v1Key, friendly_name: null })).not.toThrow();
  });

  it("rejects a field of the wrong type", () => {
    expect(() => fetchV1({ ...v1Key, friendly_name: 42 })).toThrow(/friendly_name must be string,null/);
    expect(() => fetchV1({ ...v1Key, policy: "allow" })).toThrow(/policy/);
  });

  it("rejects a sid that breaks the spec's pattern", () => {
    expect(() => fetchV1({ ...v1Key, sid: "AC".padEnd(34, "a") })).toThrow(/sid must match pattern/);
  });

  it("rejects a date that is not RFC 2822 with +0000", () => {
    expect(() => fetchV1({ ...v1Key, date_created: "2016-06-13T22:50:08Z" })).toThrow(/date-time-rfc-2822/);
    expect(() => fetchV1({ ...v1Key, date_created: "Mon, 13 Jun 2016 22:50:08 GMT" })).toThrow(/date_created/);
  });

  it("refuses a status or an operation the spec does not declare", () => {
    expect(() => assertResponseMatchesSpec("twilio_iam_v1", "FetchKey", 201, "{}")).toThrow(/declares no 201/);
    expect(() => assertResponseMatchesSpec("twilio_iam_v1", "FetchKeys", 200, "{}")).toThrow(/no operation/);
    expect(() => findOperationInAnySpec("GET", "/v1/Nothing")).toThrow(/No Twilio spec/);
  });

  it("rejects a body on an operation that declares no content", () => {
    expect(() => assertResponseMatchesSpec("twilio_iam_v1", "DeleteKey", 204, "{}")).toThrow(/declares no content/);
    expect(() => assertResponseMatchesSpec("twilio_iam_v1", "DeleteKey", 204, "")).not.toThrow();
  });

  it("rejects an error body whose code is not an integer", () => {
    const error = { code: 20404, message: "Not found", more_info: "https://www.twilio.com/docs/errors/20404" };
    expect(() => assertTwilioErrorBody(JSON.stringify({ ...error, status: 404 }))).not.toThrow();
    expect(() => assertTwilioErrorBody(JSON.stringify({ ...error, status: "404" }))).toThrow(/status must be integer/);
  });

  it("maps request paths to Twilio's operations", () => {
    expect(findOperationInAnySpec("GET", "/v1/Keys")).toMatchObject({
      spec: "twilio_iam_v1",
      operationId: "ListGetKeys",
    });
    expect(findOperationInAnySpec("POST", `/v1/Keys/${SID}`).operationId).toBe("UpdateKey");
    expect(findOperationInAnySpec("DELETE", `/2010-04-01/Accounts/AC1/SigningKeys/${SID}.json`)).toMatchObject({
      spec: "twilio_api_v2010",
      operationId: "DeleteSigningKey",
    });
  });
});

describe("the exchange check of the conformance harness", () => {
  const exchange = (status: number, body: unknown) => ({
    method: "GET",
    clientUrl: new URL(`https://iam.twilio.com/v1/Keys/${SID}`),
    status,
    headers: { "content-type": "application/json; charset=utf-8", "twilio-request-id": `RQ${"0".repeat(32)}` },
    body: JSON.stringify(body),
  });

  it("accepts a fetch with exactly the fields Twilio sends", () => {
    expect(() => checkExchange(exchange(200, v1Key))).not.toThrow();
  });

  it("rejects a fetch with an extra or a missing field", () => {
    expect(() => checkExchange(exchange(200, { ...v1Key, secret: "x" }))).toThrow();
    const { policy: _policy, ...withoutPolicy } = v1Key;
    expect(() => checkExchange(exchange(200, withoutPolicy))).toThrow();
  });

  it("rejects an error body whose status differs from the HTTP status", () => {
    const error = { code: 20404, message: "m", more_info: "https://www.twilio.com/docs/errors/20404", status: 400 };
    expect(() => checkExchange(exchange(404, error))).toThrow();
    expect(() => checkExchange(exchange(404, { ...error, status: 404 }))).not.toThrow();
  });
});
