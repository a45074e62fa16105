/**
 * Verifies Access Tokens with node:crypto HMAC against the issuing key's secret, held in memory for
 * warm keys. No generic JWT library sits on this path: it is one header lookup, one JSON parse of
 * the claims and one HMAC, or one map lookup for a token already verified. Every failure maps to
 * Twilio's code for it; nothing here throws on hostile input.
 */
import { createHmac, type KeyObject, timingSafeEqual } from "node:crypto";
import type { SigningKey } from "../auth/authenticator.js";
import type { Principal } from "../auth/principal.js";
import { AppError } from "../errors/app-error.js";
import type { ErrorCode } from "../errors/catalog.js";
import type { RegionContext } from "../region-context.js";
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

export interface VerifyOptions {
  /** Seconds of clock difference tolerated on `exp` and `nbf`. */
  readonly clockSkewSeconds: number;
}

const HMAC_OF: Readonly<Record<AccessTokenAlgorithm, string>> = { HS256: "sha256", HS384: "sha384", HS512: "sha512" };
const MAX_TOKEN_LENGTH = 16 * 1024;
// Real grants nest a few levels deep. Thousands of levels (a 16 KB token holds ~6000) would overflow
// the stack of JSON.stringify when the decision is answered, so such claims are malformed.
const MAX_GRANTS_DEPTH = 32;
// Tokens from one SDK share one header segment; parsing it once per distinct value saves a JSON
// parse per verification. Bounded, so hostile headers cannot grow it.
const headerCache = new Map<string, AccessTokenHeader | null>();
const MAX_CACHED_HEADERS = 64;
// A client presents the same token for its whole life. Once a token has passed every check, its
// exact string maps to its claims and to the key object that checked its signature, so the next
// presentation skips the JSON parse and the HMAC; the key's liveness, the restriction, the subject
// and the times are checked again every time. Bounded in count and token size (8 MiB at most).
const verifiedTokens = new Map<string, { readonly claims: AccessTokenClaims; readonly key: KeyObject }>();
const MAX_REMEMBERED_TOKENS = 4096;
const MAX_REMEMBERED_TOKEN_LENGTH = 2048;

export async function verifyAccessToken(
  context: RegionContext,
  token: string,
  options: VerifyOptions,
): Promise<TokenVerdict> {
  const known = verifiedTokens.get(token);
  if (known !== undefined) {
    const signing = await context.authenticator.signingKeyFor(known.claims.iss);
    // The very key object that checked the signature: deleting the key or suspending its account
    // drops it from the credential cache, and the token then goes through the full check again.
    if (signing !== null && signing.key === known.key) return checkClaims(context, known.claims, signing, options);
    verifiedTokens.delete(token);
  }
  if (token.length > MAX_TOKEN_LENGTH) return fail("ACCESS_TOKEN_INVALID", "Access Token is too long");
  const firstDot = token.indexOf(".");
  const secondDot = token.indexOf(".", firstDot + 1);
  if (firstDot < 0 || secondDot < 0 || token.indexOf(".", secondDot + 1) >= 0) {
    return fail("ACCESS_TOKEN_INVALID", "Access Token is not a JWT");
  }
  const header = parseHeader(token.slice(0, firstDot));
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

  const signing = await context.authenticator.signingKeyFor(claims.iss);
  // SECURITY: unknown, deleted and inactive keys all read as an invalid token.
  if (signing === null) return fail("ACCESS_TOKEN_INVALID");
  const expected = createHmac(HMAC_OF[header.alg], signing.key).update(token.slice(0, secondDot)).digest();
  const presented = Buffer.from(token.slice(secondDot + 1), "base64url");
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
    return fail("ACCESS_TOKEN_INVALID", "Access Token signature is invalid");
  }
  const verdict = checkClaims(context, claims, signing, options);
  if (verdict.ok && token.length <= MAX_REMEMBERED_TOKEN_LENGTH) {
    if (verifiedTokens.size >= MAX_REMEMBERED_TOKENS) verifiedTokens.clear();
    // A copy: the token may be a slice of the whole request body, which the map must not keep alive.
    verifiedTokens.set(Buffer.from(token, "utf8").toString("utf8"), { claims, key: signing.key });
  }
  return verdict;
}

/** Everything checked after the signature, on every presentation of a token. */
function checkClaims(
  context: RegionContext,
  claims: AccessTokenClaims,
  signing: SigningKey,
  options: VerifyOptions,
): TokenVerdict {
  if (signing.principal.credentialType === "restricted") {
    return fail("ACCESS_TOKEN_INVALID", "Restricted API keys cannot issue Access Tokens");
  }
  if (signing.principal.accountSid !== claims.sub) return fail("ACCESS_TOKEN_ISSUER_INVALID");

  const now = Math.floor(context.clock.now() / 1000);
  if (claims.exp - claims.iat > MAX_ACCESS_TOKEN_TTL_SECONDS) {
    return fail("ACCESS_TOKEN_EXPIRED", "Access Token lifetime exceeds 24 hours");
  }
  if (claims.exp + options.clockSkewSeconds <= now) return fail("ACCESS_TOKEN_EXPIRED");
  if (claims.nbf !== undefined && claims.nbf - options.clockSkewSeconds > now) {
    return fail("ACCESS_TOKEN_EXPIRED", "Access Token is not valid yet");
  }
  return { ok: true, claims, principal: signing.principal };
}

function parseHeader(segment: string): AccessTokenHeader | null {
  const cached = headerCache.get(segment);
  if (cached !== undefined) return cached;
  const parsed = decodeJson(segment);
  const header = isValidHeader(parsed) ? parsed : null;
  if (headerCache.size >= MAX_CACHED_HEADERS) headerCache.clear();
  headerCache.set(segment, header);
  return header;
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
