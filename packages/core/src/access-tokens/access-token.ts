/** Twilio's Access Token (a JWT for client-side SDKs), as its helper libraries write it. */

export type AccessTokenAlgorithm = "HS256" | "HS384" | "HS512";

/** `cty` of every Access Token; a JWT without it is some other kind of token. */
export const ACCESS_TOKEN_CONTENT_TYPE = "twilio-fpa;v=1";

/** Twilio refuses tokens that live longer than a day. */
export const MAX_ACCESS_TOKEN_TTL_SECONDS = 86_400;

/**
 * The longest `grants.identity` accepted, in UTF-16 code units. Twilio bounds identities per product
 * and documents 256 as the largest (error 54351, "Identity must be a string with length 1-256"); the
 * bound also keeps the percent-encoded `X-Latchkey-Identity` header within 9 × 256 = 2,304 bytes.
 */
export const MAX_ACCESS_TOKEN_IDENTITY_LENGTH = 256;

export interface AccessTokenHeader {
  readonly alg: AccessTokenAlgorithm;
  readonly typ: "JWT";
  readonly cty: typeof ACCESS_TOKEN_CONTENT_TYPE;
  /** The region the token is meant for, when set. */
  readonly twr?: string;
}

export interface AccessTokenClaims {
  /** `<key SID>-<iat>`. */
  readonly jti: string;
  /** The API key SID that signed it. */
  readonly iss: string;
  /** The Account SID. */
  readonly sub: string;
  readonly iat: number;
  readonly exp: number;
  readonly nbf?: number;
  readonly grants: AccessTokenGrants;
}

export interface AccessTokenGrants {
  readonly identity?: string;
  readonly [grant: string]: unknown;
}
