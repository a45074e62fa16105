import { LatchkeyApiError, LatchkeyConnectionError, type LatchkeyError } from "../errors.js";
import { basicAuthorization, normalizeBaseUrl } from "../http.js";

/** Why Latchkey allowed or denied a request; the last two are the middleware's own. */
export type LatchkeyDecisionReason =
  | "allowed"
  | "authentication_failed"
  | "management_forbidden"
  | "permission_denied"
  | "no_matching_route"
  | "account_not_reachable"
  | "account_not_active"
  /** The request could not be put to Latchkey: no Host, a target that is not a URL, a bad method. */
  | "invalid_request"
  /** Latchkey could not be reached, or did not answer with a decision: the request is denied (fail closed). */
  | "latchkey_unavailable";

export type LatchkeyCredentialType = "auth_token" | "main" | "standard" | "restricted" | "access_token";

/** Twilio's error, in camelCase: what the caller of a denied request should get. */
export interface LatchkeyDecisionError {
  /** Twilio's error code: 20003 (authenticate), 70051 (permission), 20503 (Latchkey unreachable), … */
  readonly code: number;
  readonly message: string;
  readonly moreInfo: string;
  /** The HTTP status the caller should get. */
  readonly status: number;
}

/** For an Access Token: who it was issued to and what it grants, for the service behind the gateway to enforce. */
export interface LatchkeyAccessToken {
  readonly identity: string | null;
  readonly grants: Readonly<Record<string, unknown>>;
}

/**
 * The answer of POST /v1/Authorize, in camelCase.
 *
 * @example
 * ```ts
 * const decision = await decisions.decide({ method: "POST", url, authorization });
 * if (!decision.allowed && decision.reason === "permission_denied") {
 *   console.log(`${decision.credentialSid} lacks ${decision.missingPermission}`);
 * }
 * ```
 */
export interface LatchkeyDecision {
  readonly allowed: boolean;
  readonly reason: LatchkeyDecisionReason;
  /** Who called; null when the credential did not authenticate. */
  readonly accountSid: string | null;
  readonly credentialSid: string | null;
  readonly credentialType: LatchkeyCredentialType | null;
  /** The permission that let the request through; null when denied, or when no permission maps the route. */
  readonly permission: string | null;
  /** The permission a restricted key lacked. */
  readonly missingPermission: string | null;
  /** What the caller should get when denied; null when allowed. */
  readonly error: LatchkeyDecisionError | null;
  /** Present for Access Tokens only. */
  readonly accessToken: LatchkeyAccessToken | null;
}

/**
 * One request to decide on, as the caller sent it to the gateway.
 *
 * @example
 * ```ts
 * const input: DecisionInput = {
 *   method: "GET",
 *   url: "https://api.twilio.com/2010-04-01/Accounts/AC…/Messages.json?PageSize=20",
 *   authorization: "Basic U0vigKY6c2VjcmV0",
 *   clientIp: "203.0.113.7",
 * };
 * ```
 */
export interface DecisionInput {
  /** The HTTP method, e.g. `GET`. */
  readonly method: string;
  /**
   * The absolute public URL the caller addressed, e.g. `https://api.twilio.com/2010-04-01/Accounts.json`.
   * Its host names the product (`api`, `messaging`, …); its query string is not sent to Latchkey.
   */
  readonly url: string;
  /** The caller's own Authorization header, verbatim; undefined when it sent none. */
  readonly authorization: string | undefined;
  /** An Access Token the caller sent as `X-Twilio-Token` instead of in the Authorization header. */
  readonly twilioToken?: string | undefined;
  /** The caller's address, so Latchkey's brute-force limits count failures against it. */
  readonly clientIp?: string | undefined;
}

/**
 * A Main key (`SK…` and its secret) that authenticates the gateway instead of a gateway token.
 *
 * @example
 * ```ts
 * new LatchkeyDecisions({ baseUrl, gatewayKey: { sid: "SK…", secret: process.env.LATCHKEY_KEY_SECRET ?? "" } });
 * ```
 */
export interface GatewayKey {
  readonly sid: string;
  readonly secret: string;
}

/**
 * How a `LatchkeyDecisions` reaches Latchkey and how long it may reuse an allow.
 *
 * @example
 * ```ts
 * const options: LatchkeyDecisionsOptions = {
 *   baseUrl: "http://latchkey.internal:8080",
 *   gatewayToken: process.env.LATCHKEY_GATEWAY_TOKEN ?? "",
 *   cacheTtlMs: 500, // a revoked key is refused at most 0.5 s later
 *   timeoutMs: 2_000,
 *   onError: (error) => console.error("latchkey:", error.message),
 * };
 * ```
 */
export interface LatchkeyDecisionsOptions {
  /** Where Latchkey listens, e.g. `http://127.0.0.1:8080`. */
  readonly baseUrl: string;
  /** A gateway token from Latchkey's config, sent as `Bearer <token>`. Give this or `gatewayKey`. */
  readonly gatewayToken?: string;
  /** A Main key, sent as Basic auth. Give this or `gatewayToken`. */
  readonly gatewayKey?: GatewayKey;
  /**
   * How long an ALLOW may be reused, in ms, counted from the moment it was requested: a revoked key,
   * a narrowed policy or a suspended account is denied at most this long after the change. 1000 by
   * default; 0 turns the cache off. Denials are never cached.
   */
  readonly cacheTtlMs?: number;
  /** At most this many allows are kept (the least recently used goes first); 10 000 by default. */
  readonly maxCacheEntries?: number;
  /** How long to wait for Latchkey's answer before denying with 503; 5 seconds by default. */
  readonly timeoutMs?: number;
  /** The fetch to use; the global one by default. */
  readonly fetch?: typeof globalThis.fetch;
  /** A clock in ms for the cache; a monotonic one (`performance.now()`) by default. For tests. */
  readonly now?: () => number;
  /**
   * Told why Latchkey gave no decision (unreachable, 5xx, gateway refused, a body that is not a
   * decision), for logging. The request is denied with 503 either way; this cannot change that.
   */
  readonly onError?: (error: LatchkeyError) => void;
}

const DEFAULT_CACHE_TTL_MS = 1_000;
const DEFAULT_MAX_CACHE_ENTRIES = 10_000;
const DEFAULT_TIMEOUT_MS = 5_000;
const AUTHORIZE_PATH = "/v1/Authorize";

interface CacheEntry {
  readonly decision: LatchkeyDecision;
  /** `now()` at which the decision was requested, plus the TTL. */
  readonly expiresAt: number;
}

interface InFlight {
  readonly decision: Promise<LatchkeyDecision>;
  readonly expiresAt: number;
}

/**
 * Asks a Latchkey server whether a caller's credential may make a request (POST /v1/Authorize), for
 * gateways and services that sit in front of Twilio-compatible APIs.
 *
 * Allows are kept for `cacheTtlMs` (1 s by default) counted from the moment they were REQUESTED, so no
 * allow is ever served more than `cacheTtlMs` after a revocation that Latchkey had already applied when
 * it was asked. Denials are never cached, so a fixed credential works on its very next request.
 * Identical lookups in flight at the same time share one request. Entries are keyed by a SHA-256 of the
 * method, host, path, credentials and client address: the caller's header is never kept. When Latchkey cannot be asked
 * (down, timeout, 5xx, the gateway's own credential refused), every request is denied with a 503.
 *
 * @example
 * ```ts
 * import { LatchkeyDecisions } from "@latchkey/sdk";
 *
 * const decisions = new LatchkeyDecisions({
 *   baseUrl: "http://127.0.0.1:8080",
 *   gatewayToken: process.env.LATCHKEY_GATEWAY_TOKEN ?? "",
 * });
 * const decision = await decisions.decide({
 *   method: "GET",
 *   url: "https://api.twilio.com/2010-04-01/Accounts/AC…/Messages.json",
 *   authorization: request.headers.authorization,
 * });
 * if (!decision.allowed) console.log(decision.error?.status, decision.error?.code);
 * ```
 */
export class LatchkeyDecisions {
  readonly baseUrl: string;
  readonly cacheTtlMs: number;
  readonly maxCacheEntries: number;
  readonly #gatewayAuthorization: string;
  readonly #fetch: typeof globalThis.fetch;
  readonly #timeoutMs: number;
  readonly #now: () => number;
  readonly #onError: ((error: LatchkeyError) => void) | undefined;
  /** Allows by key digest, least recently used first. */
  readonly #cache = new Map<string, CacheEntry>();
  /** Lookups on the wire by key digest, so identical concurrent requests share one. */
  readonly #inFlight = new Map<string, InFlight>();

  constructor(options: LatchkeyDecisionsOptions) {
    this.baseUrl = normalizeBaseUrl(options.baseUrl);
    this.#gatewayAuthorization = gatewayAuthorization(options);
    this.cacheTtlMs = nonNegative("cacheTtlMs", options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS);
    this.maxCacheEntries = nonNegative("maxCacheEntries", options.maxCacheEntries ?? DEFAULT_MAX_CACHE_ENTRIES);
    if (!Number.isInteger(this.maxCacheEntries)) throw new TypeError("maxCacheEntries must be an integer");
    this.#timeoutMs = nonNegative("timeoutMs", options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    if (this.#timeoutMs === 0) throw new TypeError("timeoutMs must be greater than 0");
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#now = options.now ?? (() => performance.now());
    this.#onError = options.onError;
  }

  /**
   * The decision for one request. Never rejects: when Latchkey cannot be asked, the answer is a denial
   * with reason `latchkey_unavailable` and a 503 error (code 20503); a URL that is not absolute http(s)
   * is a denial with reason `invalid_request` and a 400.
   *
   * @example
   * ```ts
   * const decision = await decisions.decide({
   *   method: req.method ?? "GET",
   *   url: `https://api.twilio.com${req.url}`,
   *   authorization: req.headers.authorization,
   *   clientIp: req.socket.remoteAddress,
   * });
   * if (decision.allowed) console.log(decision.accountSid, decision.permission);
   * ```
   */
  async decide(input: DecisionInput): Promise<LatchkeyDecision> {
    const target = targetOf(input.url);
    if (target === null) return invalidRequest("The request URL must be an absolute http or https URL");
    const method = input.method.toUpperCase();
    // SECURITY: the client address is part of the key. Latchkey's answer depends on it (a blocked address
    // is denied even a right secret), so an allow fetched for one address must not serve another: a
    // caller whose address is over its failure limit would otherwise ride on someone else's cached allow.
    // Keying by address, rather than caching only address-independent allows, keeps the cache useful
    // (every allow depends on the address) and bounds the lag to cacheTtlMs, as for a revocation.
    const key = await cacheKey([
      method,
      target.host,
      target.path,
      input.authorization,
      input.twilioToken,
      clientIpOf(input),
    ]);

    const cached = this.#cache.get(key);
    if (cached !== undefined) {
      this.#cache.delete(key);
      if (this.#now() < cached.expiresAt) {
        this.#cache.set(key, cached); // most recently used goes last
        return cached.decision;
      }
    }
    // Joining a lookup already on the wire: its allow counts only within its own TTL, like a cached one.
    const pending = this.cacheTtlMs > 0 ? this.#inFlight.get(key) : undefined;
    if (pending !== undefined) {
      const shared = await pending.decision;
      if (!shared.allowed || this.#now() < pending.expiresAt) return shared;
    }

    // The entry's life starts now, before Latchkey is asked: its answer can only be newer than this.
    const expiresAt = this.#now() + this.cacheTtlMs;
    const lookup: InFlight = {
      expiresAt,
      decision: this.#ask(method, target.url, input).then((decision) => {
        this.#remember(key, decision, expiresAt);
        return decision;
      }),
    };
    this.#inFlight.set(key, lookup);
    try {
      return await lookup.decision;
    } finally {
      if (this.#inFlight.get(key) === lookup) this.#inFlight.delete(key);
    }
  }

  /**
   * Forgets every cached allow, e.g. when the gateway learns of a revocation and will not wait for
   * the TTL.
   *
   * @example
   * ```ts
   * decisions.clear();
   * ```
   */
  clear(): void {
    this.#cache.clear();
  }

  #remember(key: string, decision: LatchkeyDecision, expiresAt: number): void {
    // No negative caching; and an answer that arrived after its own expiry is not kept at all.
    if (!decision.allowed || this.maxCacheEntries === 0 || this.#now() >= expiresAt) return;
    this.#cache.delete(key);
    while (this.#cache.size >= this.maxCacheEntries) {
      const oldest = this.#cache.keys().next();
      if (oldest.done === true) break;
      this.#cache.delete(oldest.value);
    }
    this.#cache.set(key, { decision, expiresAt });
  }

  async #ask(method: string, url: string, input: DecisionInput): Promise<LatchkeyDecision> {
    const form = new URLSearchParams({ Method: method, Url: url });
    if (input.authorization !== undefined) form.set("Authorization", input.authorization);
    if (input.twilioToken !== undefined) form.set("TwilioToken", input.twilioToken);
    const clientIp = clientIpOf(input);
    if (clientIp !== undefined) form.set("ClientIp", clientIp);

    let response: Response;
    let text: string;
    try {
      response = await this.#fetch(`${this.baseUrl}${AUTHORIZE_PATH}`, {
        method: "POST",
        headers: {
          accept: "application/json",
          authorization: this.#gatewayAuthorization,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: form.toString(),
        // SECURITY: the decision API never redirects; following one could replay the gateway's credential.
        redirect: "manual",
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      return this.#unavailable(
        new LatchkeyConnectionError(`Could not reach Latchkey at ${this.baseUrl}: ${describeFailure(error)}`, {
          cause: error,
        }),
      );
    }
    const body = parseJson(text);
    if (response.status === 200) {
      const decision = decisionOf(body);
      if (decision !== null) return decision;
      return this.#unavailable(
        new LatchkeyApiError({
          status: response.status,
          code: null,
          moreInfo: null,
          message: `Expected a decision from POST ${AUTHORIZE_PATH}, got a body that is not one`,
        }),
      );
    }
    const error = errorOf(body);
    // A 400 is about the request itself (a method Latchkey does not take, an 8 KiB URL): the caller's to fix.
    if (response.status === 400 && error !== null && error.status === 400) {
      return denial("invalid_request", error);
    }
    // Anything else (5xx, the gateway's own credential refused, throttled, a wrong baseUrl) is not the
    // caller's doing and must not read as an answer about its credential: fail closed with 503.
    return this.#unavailable(
      new LatchkeyApiError({
        status: response.status,
        code: error?.code ?? null,
        moreInfo: error?.moreInfo ?? null,
        message: `Latchkey answered POST ${AUTHORIZE_PATH} with HTTP ${response.status}${error === null ? "" : `: ${error.message}`}`,
      }),
    );
  }

  #unavailable(error: LatchkeyError): LatchkeyDecision {
    try {
      this.#onError?.(error);
    } catch {
      // A failing logger must not turn a denial into a crash.
    }
    return UNAVAILABLE;
  }
}

/** A denial for a request that cannot be put to Latchkey; adapters answer it with a 400. */
export function invalidRequest(message: string): LatchkeyDecision {
  return denial("invalid_request", {
    code: 20001,
    message,
    moreInfo: "https://www.twilio.com/docs/errors/20001",
    status: 400,
  });
}

const UNAVAILABLE: LatchkeyDecision = denial("latchkey_unavailable", {
  code: 20503,
  message: "Service unavailable",
  moreInfo: "https://www.twilio.com/docs/errors/20503",
  status: 503,
});

function denial(reason: LatchkeyDecisionReason, error: LatchkeyDecisionError): LatchkeyDecision {
  return Object.freeze({
    allowed: false,
    reason,
    accountSid: null,
    credentialSid: null,
    credentialType: null,
    permission: null,
    missingPermission: null,
    error: Object.freeze(error),
    accessToken: null,
  });
}

function gatewayAuthorization(options: LatchkeyDecisionsOptions): string {
  const { gatewayToken, gatewayKey } = options;
  if ((gatewayToken === undefined) === (gatewayKey === undefined)) {
    throw new TypeError("Give exactly one of gatewayToken and gatewayKey");
  }
  if (gatewayToken !== undefined) {
    if (gatewayToken.trim() === "" || /[\r\n]/.test(gatewayToken)) {
      throw new TypeError("gatewayToken must be a non-empty single line");
    }
    return `Bearer ${gatewayToken.trim()}`;
  }
  if (gatewayKey === undefined || gatewayKey.sid === "" || gatewayKey.secret === "") {
    throw new TypeError("gatewayKey needs a sid and a secret");
  }
  if (gatewayKey.sid.includes(":")) throw new TypeError("gatewayKey.sid must not contain ':'");
  return basicAuthorization(gatewayKey.sid, gatewayKey.secret);
}

/** The address Latchkey is told about, so the cache keys by exactly what Latchkey decides on. */
function clientIpOf(input: DecisionInput): string | undefined {
  return input.clientIp === "" ? undefined : input.clientIp;
}

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new TypeError(`${name} must be a finite number >= 0`);
  return value;
}

/** The URL as Latchkey will read it (no query, fragment or userinfo), and the host and path it decides on. */
function targetOf(text: string): { url: string; host: string; path: string } | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.host === "") return null;
  return { url: `${url.protocol}//${url.host}${url.pathname}`, host: url.host, path: url.pathname };
}

/**
 * SHA-256 of the parts, so the cache never holds a caller's credential. JSON keeps the parts apart
 * (no separator can be forged) and escapes lone surrogates, so distinct inputs stay distinct in UTF-8.
 */
async function cacheKey(parts: readonly (string | undefined)[]): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(parts.map((part) => part ?? null)));
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  let hex = "";
  for (const byte of digest) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const CREDENTIAL_TYPES: ReadonlySet<string> = new Set<LatchkeyCredentialType>([
  "auth_token",
  "main",
  "standard",
  "restricted",
  "access_token",
]);

/** The body of a 200 from POST /v1/Authorize, or null when it is not one (which fails closed). */
function decisionOf(body: unknown): LatchkeyDecision | null {
  if (typeof body !== "object" || body === null) return null;
  const json = body as Record<string, unknown>;
  const accountSid = stringOrNull(json.account_sid);
  const credentialSid = stringOrNull(json.credential_sid);
  const credentialType = stringOrNull(json.credential_type);
  const permission = stringOrNull(json.permission);
  const missingPermission = stringOrNull(json.missing_permission);
  if (
    typeof json.allowed !== "boolean" ||
    typeof json.reason !== "string" ||
    accountSid === undefined ||
    credentialSid === undefined ||
    credentialType === undefined ||
    (credentialType !== null && !CREDENTIAL_TYPES.has(credentialType)) ||
    permission === undefined ||
    missingPermission === undefined
  ) {
    return null;
  }
  const error = json.error === null ? null : errorOf(json.error);
  if (json.allowed) {
    // An allow must say who is calling: that is what the service behind the gateway acts on.
    if (accountSid === null || credentialSid === null || credentialType === null || json.error !== null) return null;
  } else if (error === null) {
    return null;
  }
  return Object.freeze({
    allowed: json.allowed,
    reason: json.reason as LatchkeyDecisionReason,
    accountSid,
    credentialSid,
    credentialType: credentialType as LatchkeyCredentialType | null,
    permission,
    missingPermission,
    error: error === null ? null : Object.freeze(error),
    accessToken: accessTokenOf(json),
  });
}

function accessTokenOf(json: Record<string, unknown>): LatchkeyAccessToken | null {
  const { identity, grants } = json;
  if (typeof grants !== "object" || grants === null) return null;
  return Object.freeze({
    identity: typeof identity === "string" ? identity : null,
    grants: grants as Record<string, unknown>,
  });
}

/** Twilio's error body `{code, message, more_info, status}` in camelCase; null when `value` is not one. */
function errorOf(value: unknown): LatchkeyDecisionError | null {
  if (typeof value !== "object" || value === null) return null;
  const { code, message, more_info: moreInfo, status } = value as Record<string, unknown>;
  if (typeof code !== "number" || typeof message !== "string" || typeof status !== "number") return null;
  if (!Number.isInteger(status) || status < 400 || status > 599) return null;
  return { code, message, moreInfo: typeof moreInfo === "string" ? moreInfo : "", status };
}

function stringOrNull(value: unknown): string | null | undefined {
  return typeof value === "string" || value === null ? value : undefined;
}

function describeFailure(error: unknown): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return "no answer in time";
  }
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error && cause.message !== "") return cause.message;
  return error instanceof Error ? error.message : String(error);
}
