/**
 * Validates response bodies against Twilio's published OpenAPI specs, as shipped in the npm package
 * `@twilio-alpha/mcp` (a pinned devDependency), so the conformance suite checks our wire format
 * against Twilio's own contract rather than against a copy we could drift with.
 *
 * The specs are OpenAPI 3.0: fields are `nullable: true` rather than typed `["string","null"]`, and
 * schemas point into `#/components/schemas`. `toJsonSchema` turns one response schema into plain
 * JSON Schema (refs inlined, nullability made explicit) that Ajv compiles in strict mode, so an
 * unknown keyword or format in the spec fails loudly instead of being skipped.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

export type SpecName = "twilio_iam_v1" | "twilio_api_v2010" | "twilio_accounts_v1";
export const SPEC_NAMES: readonly SpecName[] = ["twilio_iam_v1", "twilio_api_v2010", "twilio_accounts_v1"];

type JsonObject = { [key: string]: unknown };

interface OpenApiOperation {
  readonly operationId?: string;
  readonly responses?: Readonly<Record<string, OpenApiResponse>>;
}

interface OpenApiResponse {
  readonly content?: Readonly<Record<string, { readonly schema?: JsonObject; readonly examples?: unknown }>>;
}

interface OpenApiDocument {
  readonly paths: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly components: { readonly schemas: Readonly<Record<string, JsonObject>> };
}

export interface OperationMatch {
  readonly spec: SpecName;
  readonly operationId: string;
  readonly method: string;
  readonly pathTemplate: string;
}

const HTTP_METHODS = new Set(["get", "post", "put", "patch", "delete"]);
// OpenAPI-only annotations with no JSON Schema meaning; Ajv's strict mode would reject them.
const OPENAPI_ONLY_KEYS = new Set(["example", "examples", "externalDocs", "xml", "discriminator"]);

const specDirectory = join(
  dirname(createRequire(import.meta.url).resolve("@twilio-alpha/mcp/package.json")),
  "twilio-oai/spec/json",
);
const documents = new Map<SpecName, OpenApiDocument>();

export function loadSpec(name: SpecName): OpenApiDocument {
  let document = documents.get(name);
  if (document === undefined) {
    document = JSON.parse(readFileSync(join(specDirectory, `${name}.json`), "utf8")) as OpenApiDocument;
    documents.set(name, document);
  }
  return document;
}

/** The operation `method path` calls; the most literal path template wins (`/Keys` over `/{Sid}`). */
export function findOperation(spec: SpecName, method: string, path: string): OperationMatch {
  const match = matchOperation(spec, method, path);
  if (match === undefined) throw new Error(`${spec} has no operation for ${method} ${path}`);
  return match;
}

function matchOperation(spec: SpecName, method: string, path: string): OperationMatch | undefined {
  const matches: { match: OperationMatch; literalLength: number }[] = [];
  for (const [template, item] of Object.entries(loadSpec(spec).paths)) {
    const operation = item[method.toLowerCase()] as OpenApiOperation | undefined;
    if (operation?.operationId === undefined || !templateRegExp(template).test(path)) continue;
    matches.push({
      match: { spec, operationId: operation.operationId, method: method.toUpperCase(), pathTemplate: template },
      literalLength: template.replaceAll(/\{[^}]+\}/g, "").length,
    });
  }
  matches.sort((a, b) => b.literalLength - a.literalLength);
  return matches[0]?.match;
}

/**
 * The one operation, across all loaded specs, that `method path` calls. Paging URLs the client
 * follows verbatim are on our origin, not Twilio's, so the path alone must decide.
 */
export function findOperationInAnySpec(method: string, path: string): OperationMatch {
  const matches = SPEC_NAMES.flatMap((spec) => matchOperation(spec, method, path) ?? []);
  const [only, ...others] = matches;
  if (only === undefined) throw new Error(`No Twilio spec has an operation for ${method} ${path}`);
  if (others.length > 0) throw new Error(`${method} ${path} is ambiguous across specs`);
  return only;
}

function templateRegExp(template: string): RegExp {
  const pattern = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith("{") ? "[^/]+" : part.replaceAll(/[.*+?^$()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${pattern}$`);
}

function operationById(spec: SpecName, operationId: string): OpenApiOperation {
  for (const item of Object.values(loadSpec(spec).paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (HTTP_METHODS.has(method) && (operation as OpenApiOperation).operationId === operationId) {
        return operation as OpenApiOperation;
      }
    }
  }
  throw new Error(`${spec} has no operation ${operationId}`);
}

/** The declared response of an operation for `status`; throws when the spec declares none. */
export function declaredResponse(spec: SpecName, operationId: string, status: number): OpenApiResponse {
  const response = operationById(spec, operationId).responses?.[String(status)];
  if (response === undefined) throw new Error(`${spec} ${operationId} declares no ${status} response`);
  return response;
}

/**
 * Converts one OpenAPI 3.0 schema to JSON Schema: `$ref`s to components are inlined, `nullable: true`
 * becomes an explicit null alternative, and OpenAPI-only annotations are dropped.
 */
export function toJsonSchema(spec: SpecName, schema: JsonObject, seenRefs: readonly string[] = []): JsonObject {
  if (typeof schema.$ref === "string") {
    const ref = schema.$ref;
    const prefix = "#/components/schemas/";
    const target = ref.startsWith(prefix) ? loadSpec(spec).components.schemas[ref.slice(prefix.length)] : undefined;
    if (target === undefined) throw new Error(`${spec}: cannot resolve ${ref}`);
    if (seenRefs.includes(ref)) throw new Error(`${spec}: ${ref} is recursive; inline conversion cannot express it`);
    // OpenAPI 3.0 ignores a $ref's siblings; Twilio still marks such refs nullable and means it.
    return withNullable(toJsonSchema(spec, target, [...seenRefs, ref]), schema.nullable === true);
  }
  const converted: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "nullable" || key.startsWith("x-") || OPENAPI_ONLY_KEYS.has(key)) continue;
    converted[key] = convertChild(spec, key, value, seenRefs);
  }
  return withNullable(converted, schema.nullable === true);
}

function convertChild(spec: SpecName, key: string, value: unknown, seenRefs: readonly string[]): unknown {
  const convert = (child: unknown) => toJsonSchema(spec, child as JsonObject, seenRefs);
  switch (key) {
    case "properties":
      return Object.fromEntries(Object.entries(value as JsonObject).map(([name, child]) => [name, convert(child)]));
    case "items":
    case "not":
      return convert(value);
    case "additionalProperties":
      return typeof value === "object" && value !== null ? convert(value) : value;
    case "allOf":
    case "anyOf":
    case "oneOf":
      return (value as unknown[]).map(convert);
    default:
      return value;
  }
}

function withNullable(schema: JsonObject, nullable: boolean): JsonObject {
  if (!nullable) return schema;
  if (typeof schema.type === "string" && schema.enum === undefined) return { ...schema, type: [schema.type, "null"] };
  return { anyOf: [schema, { type: "null" }] };
}

// Twilio writes RFC 2822 dates in GMT with a literal +0000: "Mon, 13 Jun 2016 22:50:08 +0000".
const RFC_2822_GMT =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (0[1-9]|[12]\d|3[01]) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} ([01]\d|2[0-3]):[0-5]\d:[0-5]\d \+0000$/;

function createAjv(): Ajv {
  const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true });
  // ajv-formats is CommonJS: its function is both module.exports and module.exports.default.
  addFormatsModule.default(ajv, ["uri", "uri-reference", "date-time", "int32", "int64"]);
  ajv.addFormat("date-time-rfc-2822", RFC_2822_GMT);
  // Twilio's 2010 `*_page_uri` fields are typed `format: uri` yet are host-relative in its own
  // published examples; "uri" here means a URI reference. Tests check v1 URLs are absolute.
  const uriReference = ajv.formats["uri-reference"];
  if (uriReference === undefined) throw new Error("ajv-formats did not register uri-reference");
  ajv.addFormat("uri", uriReference);
  return ajv;
}

const ajv = createAjv();
const validators = new Map<string, ValidateFunction>();

function compiled(key: string, build: () => JsonObject): ValidateFunction {
  let validate = validators.get(key);
  if (validate === undefined) {
    validate = ajv.compile(build());
    validators.set(key, validate);
  }
  return validate;
}

/** The JSON Schema of an operation's `status` response; throws when the spec has none. */
export function responseSchema(spec: SpecName, operationId: string, status: number): JsonObject {
  const schema = declaredResponse(spec, operationId, status).content?.["application/json"]?.schema;
  if (schema === undefined) throw new Error(`${spec} ${operationId} ${status} has no application/json schema`);
  return toJsonSchema(spec, schema);
}

/**
 * Throws unless `rawBody` is what the spec declares for `operationId` answering `status`: JSON
 * matching the response schema, or an empty body where the spec declares no content (204).
 */
export function assertResponseMatchesSpec(spec: SpecName, operationId: string, status: number, rawBody: string): void {
  const response = declaredResponse(spec, operationId, status);
  if (response.content === undefined) {
    if (rawBody !== "") throw new Error(`${operationId} ${status} declares no content but the body is ${rawBody}`);
    return;
  }
  const validate = compiled(`${spec} ${operationId} ${status}`, () => responseSchema(spec, operationId, status));
  assertValid(validate, JSON.parse(rawBody), `${operationId} ${status}`);
}

/**
 * The Keys operations declare no error responses; Twilio's legacy error body is published as the
 * iam v1 component `twilio.service_error_response`, which every error of ours must match.
 */
export function assertTwilioErrorBody(rawBody: string): void {
  const validate = compiled("error", () =>
    toJsonSchema("twilio_iam_v1", { $ref: "#/components/schemas/twilio.service_error_response" }),
  );
  assertValid(validate, JSON.parse(rawBody), "error body");
}

function assertValid(validate: ValidateFunction, body: unknown, what: string): void {
  if (!validate(body)) {
    throw new Error(
      `${what} does not match Twilio's spec: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`,
    );
  }
}
