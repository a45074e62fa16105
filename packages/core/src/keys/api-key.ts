import type { Policy } from "../policy/policy.js";

export type KeyType = "main" | "standard" | "restricted";

/** An API key as the domain sees it. Secret material never appears on this type. */
export interface ApiKey {
  readonly sid: string;
  readonly accountSid: string;
  readonly friendlyName: string | null;
  readonly type: KeyType;
  /** Set only on restricted keys. */
  readonly policy: Policy | null;
  readonly region: string;
  /** Milliseconds since the epoch. */
  readonly dateCreated: number;
  readonly dateUpdated: number;
}

/** An API key as stored: the domain view plus its verifier and sealed secret (never plaintext). */
export interface StoredKey extends ApiKey {
  /** base64 HMAC-SHA-256 of the secret under the server pepper. */
  readonly secretVerifier: string;
  readonly sealedSecret: string;
}

export const MAX_FRIENDLY_NAME_LENGTH = 64;
