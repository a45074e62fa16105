/**
 * Verifies Access Tokens with node:crypto HMAC against the issuing key's secret, held in memory for
 * warm keys. No generic JWT library sits on this path: it is one header lookup, one JSON parse of
 * the claims and one HMAC, or one map lookup for a token already verified. Every failure maps to
 * Twilio's code for it; nothing here throws on hostile input.
 */
import { createHmac, type KeyObject, timingSafeEqual } from "node:crypto";
import type { Authenticator, SigningKey } from "../auth/authenticator.js";
import type { Principal } from "../auth/principal.js";
import { AppError } from "../errors/app-error.js";
import type { ErrorCode } from "../errors/catalog.js";
import type { Clock } from "../ports.js";
import { isSid } from "../sids.js";
import {
  ACCESS_TOKEN_CONTENT_TYPE,
  type AccessTokenAlgorithm,
  type AccessTokenClaims,
  type AccessTokenHeader,
  MAX_ACCESS_TOKEN_IDENTITY_LENGTH,
  MAX_ACCESS_TOKEN_TTL_SECONDS,
} from "./access-token.js";

export type TokenVerdict =
  | { readonly ok: true; readonly claims: AccessTokenClaims; readonly principal: Principal }
  | { readonly ok: false; readonly error: AppError };

const HMAC_OF: Readonly<Record<AccessTokenAlgorithm, string>> = { HS256: "sha256", HS384: "sha384", HS512: "sha512" };
const MAX_TOKEN_LENGTH = 16 * 1024;
// Real grants nest a few levels deep. Thousands of levels (a 16 KB token holds ~6000) would overflow
// the stack of JSON.stringify when the decision is answered, so such claims are malformed.
const MAX_GRANTS_DEPTH = 32;

/** What verifying a region's Access Tokens needs from that region. */
export interface AccessTokenVerifierOptions {
  /** The region this verifier serves; a token for another region (its `twr`) fails here. */
  readonly region: string;
  readonly authenticator: Pick<Authenticator, "signingKeyFor">;
  readonly clock: Clock;
  /** Seconds of clock difference tolerated on `exp` and `nbf`. */
  readonly clockSkewSeconds: number;
}

// Twilio: a token without `twr` is a us1 token.
const DEFAULT_TOKEN_REGION = "us1";
const MAX_CACHED_HEADERS = 64;
const MAX_REMEMBERED_TOKENS = 4096;
const MAX_REMEMBERED_TOKEN_LENGTH = 2048;

/** One region's Access Token check, with that region's caches: nothing verified in one region counts in another. */
export class AccessTokenVerifier {
  readonly #options: AccessTokenVerifierOptions;
  // Tokens from one SDK share one header segment; parsing it once per distinct value saves a JSON
  // parse per verification. Bounded, so hostile headers cannot grow it.
  readonly #headers = new Map<string, AccessTokenHeader | null>();
  // A client presents the same token for its whole life. Once a token has passed every check, its
  // exact string maps to its claims and to the key object that checked its signature, so the next
  // presentation skips the JSON parse and the HMAC; the key's liveness, the restriction, the subject
  // and the times are checked again every time. Bounded in count and token size (8 MiB at most).
  readonly #verified = new Map<string, { readonly claims: AccessTokenClaims; readonly key: KeyObject }>();

  constructor(options: AccessTokenVerifierOptions) {
    this.#options = options;
  }

  async verify(token: string): Promise<TokenVerdict> {
    const { authenticator } = this.#options;
    const known = this.#verified.get(token);
    if (known !== undefined) {
      const signing = await authenticator.signingKeyFor(known.claims.iss);
      // The very key object that checked the signature: deleting the key or suspending its account
      // drops it from the credential cache, and the token then goes through the full check again.
      if (signing !== null && signing.key === known.key) return this.#checkClaims(known.claims, signing);
      this.#verified.delete(token);
    }
    if (token.length > MAX_TOKEN_LENGTH) return fail("ACCESS_TOKEN_INVALID", "Access Token is too long");
    const firstDot = token.indexOf(".");
    const secondDot = token.indexOf(".", firstDot + 1);
    if (firstDot < 0 || secondDot < 0 || token.indexOf(".", secondDot + 1) >= 0) {
      return fail("ACCESS_TOKEN_INVALID", "Access Token is not a JWT");
    }
    const header = this.#parseHeader(token.slice(0, firstDot));
    if (header === null) return fail("ACCESS_TOKEN_HEADER_INVALID");
    const claims = parseClaims(token.slice(firstDot + 1, secondDot));
    if (claims === null) return fail("ACCESS_TOKEN_INVALID", "Access Token claims are malformed");
    const { identity } = claims.grants;
    // The identity travels on to the services behind the gateway, in a header among other places.
    if (typeof identity === "string" && identity.length > MAX_ACCESS_TOKEN_IDENTITY_LENGTH) {
      return fail(
        "ACCESS_TOKEN_INVALID",
        `Access Token identity is longer than ${MAX_ACCESS_TOKEN_IDENTITY_LENGTH} characters`,
      );
    }
    if (!isSid("key", claims.iss)) {
      // An Account SID here means the token was signed with an Auth Token, which Twilio refuses.
      return fail("ACCESS_TOKEN_ISSUER_INVALID", "Access Token must be issued by an API key");
    }
    if (!isSid("account", claims.sub)) return fail("ACCESS_TOKEN_ISSUER_INVALID");

    const signing = await authenticator.signingKeyFor(claims.iss);
    // SECURITY: unknown, deleted and inactive keys, and tokens meant for another region, all read as an
    // invalid token; the key is looked up either way, so the region check costs what an unknown key does.
    if (signing === null || (header.twr ?? DEFAULT_TOKEN_REGION) !== this.#options.region) {
      return fail("ACCESS_TOKEN_INVALID");
    }
    const expected = createHmac(HMAC_OF[header.alg], signing.key).update(token.slice(0, secondDot)).digest();
    const presented = Buffer.from(token.slice(secondDot + 1), "base64url");
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
      return fail("ACCESS_TOKEN_INVALID", "Access Token signature is invalid");
    }
    const verdict = this.#checkClaims(claims, signing);
    if (verdict.ok && token.length <= MAX_REMEMBERED_TOKEN_LENGTH) {
      if (this.#verified.size >= MAX_REMEMBERED_TOKENS) this.#verified.clear();
      // A copy: the token may be a slice of the whole request body, which the map must not keep alive.
      this.#verified.set(Buffer.from(token, "utf8").toString("utf8"), { claims, key: signing.key });
    }
    return verdict;
  }

  /** Everything checked after the signature, on every presentation of a token. */
  #checkClaims(claims: AccessTokenClaims, signing: SigningKey): TokenVerdict {
    const { clock, clockSkewSeconds } = this.#options;
    if (signing.principal.credentialType === "restricted") {
      return fail("ACCESS_TOKEN_INVALID", "Restricted API keys cannot issue Access Tokens");
    }
    if (signing.principal.accountSid !== claims.sub) return fail("ACCESS_TOKEN_ISSUER_INVALID");

    const now = Math.floor(clock.now() / 1000);
    if (claims.exp - claims.iat > MAX_ACCESS_TOKEN_TTL_SECONDS) {
      return fail("ACCESS_TOKEN_EXPIRED", "Access Token lifetime exceeds 24 hours");
    }
    if (claims.exp + clockSkewSeconds <= now) return fail("ACCESS_TOKEN_EXPIRED");
    if (claims.nbf !== undefined && claims.nbf - clockSkewSeconds > now) {
      return fail("ACCESS_TOKEN_EXPIRED", "Access Token is not valid yet");
    }
    return { ok: true, claims, principal: signing.principal };
  }

  #parseHeader(segment: string): AccessTokenHeader | null {
    const cached = this.#headers.get(segment);
    if (cached !== undefined) return cached;
    const parsed = decodeJson(segment);
    const header = isValidHeader(parsed) ? parsed : null;
    if (this.#headers.size >= MAX_CACHED_HEADERS) this.#headers.clear();
    this.#headers.set(segment, header);
    return header;
  }
}

function isValidHeader(value: unknown): value is AccessTokenHeader {
  if (!isObject(value)) return false;
  // SECURITY: `alg` is checked against our own list: `none` and asymmetric algorithms never get in.
  return (
    typeof value.alg === "string" &&
    Object.hasOwn(HMAC_OF, value.alg) &&
    value.typ === "JWT" &&
    value.cty === ACCESS_TOKEN_CONTENT_TYPE &&
    (value.twr === undefined || typeof value.twr === "string")
  );
}

function parseClaims(segment: string): AccessTokenClaims | null {
  const value = decodeJson(segment);
  if (!isObject(value)) return null;
  const { jti, iss, sub, iat, exp, nbf, grants } = value;
  if (typeof iss !== "string" || typeof sub !== "string" || typeof jti !== "string") return null;
  if (!isSeconds(iat) || !isSeconds(exp) || (nbf !== undefined && !isSeconds(nbf))) return null;
  if (!isObject(grants) || !nestsWithin(grants, MAX_GRANTS_DEPTH)) return null;
  return value as unknown as AccessTokenClaims;
}

/** Whether the object or array `value` holds at most `levels` levels of them, itself included. */
function nestsWithin(value: object, levels: number): boolean {
  if (levels === 0) return false;
  // for...in and indexes rather than Object.values: this runs on every verification.
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      const child: unknown = value[index];
      if (typeof child === "object" && child !== null && !nestsWithin(child, levels - 1)) return false;
    }
    return true;
  }
  for (const name in value) {
    const child: unknown = (value as Record<string, unknown>)[name];
    if (typeof child === "object" && child !== null && !nestsWithin(child, levels - 1)) return false;
  }
  return true;
}

function decodeJson(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isSeconds(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function fail(code: ErrorCode, message?: string): TokenVerdict {
  return { ok: false, error: new AppError(code, message === undefined ? {} : { message }) };
}
