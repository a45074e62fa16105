/**
 * Mints Twilio Access Tokens: the JWTs client-side SDKs (Video, Voice, Conversations, Sync,
 * TaskRouter, Live) present, signed with an API key's secret. The bytes are the official `twilio`
 * library's for the same inputs and instant, so Twilio and Latchkey accept either library's tokens.
 */
import { createHmac } from "node:crypto";
import type { AccessTokenGrant } from "./grants.js";

export type AccessTokenAlgorithm = "HS256" | "HS384" | "HS512";

/** Options of {@link AccessToken}. */
export interface AccessTokenOptions {
  /** Who the token is for (a user name, an email, …): written as `grants.identity`. Required. */
  readonly identity: string;
  /** Seconds from issue to expiry: 3600 by default, at most 86400 (Twilio refuses longer tokens). */
  readonly ttl?: number;
  /** Unix time in seconds before which the token is not valid. */
  readonly nbf?: number;
  /** The region the token is meant for (`ie1`, `au1`, …), written in the header as `twr`. */
  readonly region?: string;
  /** The algorithm `toJwt()` uses when given none: HS256 by default. */
  readonly algorithm?: AccessTokenAlgorithm;
  /** The clock, in milliseconds since the epoch: `Date.now` by default. Tests freeze it. */
  readonly now?: () => number;
}

export const ACCESS_TOKEN_ALGORITHMS: readonly AccessTokenAlgorithm[] = ["HS256", "HS384", "HS512"];
/** Twilio refuses Access Tokens that live longer than a day (error 20104). */
export const MAX_ACCESS_TOKEN_TTL_SECONDS = 86_400;
const DEFAULT_TTL_SECONDS = 3600;

const HMAC_OF: Readonly<Record<AccessTokenAlgorithm, string>> = { HS256: "sha256", HS384: "sha384", HS512: "sha512" };
const ACCOUNT_SID = /^AC[0-9a-f]{32}$/;
const KEY_SID = /^SK[0-9a-f]{32}$/;
// Printable ASCII: a region travels in the JOSE header, which must stay one byte per character.
const REGION = /^[\x21-\x7e]+$/;

/**
 * An Access Token of one API key. Add grants, then call `toJwt()`; each call stamps the current time.
 * A token is valid only while its key exists: deleting the key invalidates every token it signed.
 * Restricted keys cannot mint tokens (Twilio and Latchkey both refuse their tokens).
 *
 * @example
 * ```ts
 * import { AccessToken, VideoGrant } from "@latchkey/sdk";
 *
 * const token = new AccessToken(accountSid, apiKeySid, apiKeySecret, { identity: "alice", ttl: 600 });
 * token.addGrant(new VideoGrant({ room: "daily-standup" }));
 * const jwt = token.toJwt();
 * ```
 */
export class AccessToken {
  static readonly DEFAULT_ALGORITHM: AccessTokenAlgorithm = "HS256";
  static readonly ALGORITHMS = ACCESS_TOKEN_ALGORITHMS;

  readonly accountSid: string;
  readonly keySid: string;
  readonly identity: string;
  readonly ttl: number;
  readonly nbf: number | undefined;
  readonly region: string | undefined;
  readonly algorithm: AccessTokenAlgorithm;
  readonly #secret: string;
  readonly #now: () => number;
  readonly #grants: AccessTokenGrant[] = [];

  /**
   * @param accountSid - the Account SID (`AC…`) the key belongs to
   * @param keySid - the API key SID (`SK…`) of a standard or Main key
   * @param keySecret - that key's secret
   * @throws TypeError for a malformed SID, an empty secret or identity, or an unknown algorithm
   * @throws RangeError for a `ttl` that is not a whole number of seconds from 1 to 86400, or a bad `nbf`
   */
  constructor(accountSid: string, keySid: string, keySecret: string, options: AccessTokenOptions) {
    if (!ACCOUNT_SID.test(accountSid)) {
      throw new TypeError("accountSid must be an Account SID: AC followed by 32 lowercase hex digits");
    }
    if (!KEY_SID.test(keySid)) {
      // An Auth Token cannot sign Access Tokens: Twilio refuses them (error 20103).
      throw new TypeError("keySid must be an API key SID: SK followed by 32 lowercase hex digits");
    }
    if (typeof keySecret !== "string" || keySecret === "") throw new TypeError("keySecret is required");
    if (typeof options?.identity !== "string" || options.identity === "") {
      throw new TypeError("identity is required");
    }
    const ttl = options.ttl ?? DEFAULT_TTL_SECONDS;
    if (!Number.isSafeInteger(ttl) || ttl < 1 || ttl > MAX_ACCESS_TOKEN_TTL_SECONDS) {
      throw new RangeError(`ttl must be a whole number of seconds from 1 to ${MAX_ACCESS_TOKEN_TTL_SECONDS}`);
    }
    if (options.nbf !== undefined && !(Number.isSafeInteger(options.nbf) && options.nbf >= 0)) {
      throw new RangeError("nbf must be a Unix time in whole seconds");
    }
    if (options.region !== undefined && !REGION.test(options.region)) {
      throw new TypeError("region must be a non-empty ASCII string such as ie1");
    }
    this.accountSid = accountSid;
    this.keySid = keySid;
    this.#secret = keySecret;
    this.identity = options.identity;
    this.ttl = ttl;
    this.nbf = options.nbf;
    this.region = options.region;
    this.algorithm = checkAlgorithm(options.algorithm ?? AccessToken.DEFAULT_ALGORITHM);
    this.#now = options.now ?? Date.now;
  }

  /** The grants added so far, in order. */
  get grants(): readonly AccessTokenGrant[] {
    return this.#grants;
  }

  /**
   * Adds a grant. A second grant with the same key replaces the first in the token, as in Twilio's
   * libraries.
   *
   * @example
   * ```ts
   * token.addGrant(new VoiceGrant({ incomingAllow: true })).addGrant(new ChatGrant({ serviceSid: "IS…" }));
   * ```
   */
  addGrant(grant: AccessTokenGrant): this {
    if (typeof grant?.key !== "string" || grant.key === "" || grant.key === "identity" || grant.key === "__proto__") {
      throw new TypeError("a grant needs a key other than identity");
    }
    this.#grants.push(grant);
    return this;
  }

  /**
   * The signed JWT, issued now: `exp` is now plus `ttl`.
   *
   * @param algorithm - HS256, HS384 or HS512; the constructor's `algorithm` (HS256) by default
   * @example
   * ```ts
   * const jwt = token.toJwt("HS512");
   * ```
   */
  toJwt(algorithm: AccessTokenAlgorithm = this.algorithm): string {
    const alg = checkAlgorithm(algorithm);
    const grants: Record<string, unknown> = { identity: this.identity };
    for (const grant of this.#grants) grants[grant.key] = grant.toPayload();
    const iat = Math.floor(this.#now() / 1000);
    // Key order is part of the bytes: the header and the claims are written as the official library
    // (jsonwebtoken) writes them.
    const header = { alg, typ: "JWT", cty: "twilio-fpa;v=1", ...(this.region !== undefined && { twr: this.region }) };
    const claims = {
      jti: `${this.keySid}-${iat}`,
      grants,
      ...(this.nbf !== undefined && { nbf: this.nbf }),
      iat,
      exp: iat + this.ttl,
      iss: this.keySid,
      sub: this.accountSid,
    };
    const signed = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    const signature = createHmac(HMAC_OF[alg], this.#secret).update(signed).digest("base64url");
    return `${signed}.${signature}`;
  }
}

function checkAlgorithm(algorithm: string): AccessTokenAlgorithm {
  if (!Object.hasOwn(HMAC_OF, algorithm)) {
    throw new TypeError(`Algorithm not supported. Allowed values are ${ACCESS_TOKEN_ALGORITHMS.join(", ")}`);
  }
  return algorithm as AccessTokenAlgorithm;
}

function base64url(json: string): string {
  return Buffer.from(json, "utf8").toString("base64url");
}
