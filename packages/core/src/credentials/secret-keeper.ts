/**
 * Owns the invariant that no secret (key secret or auth token) is ever at rest in plaintext.
 * Each secret is kept twice: an HMAC-SHA-256 verifier under a server pepper, which authenticates a
 * request with one hash, and an AES-256-GCM sealed copy, which Access Token verification needs because
 * a JWT is signed with the secret itself. Both subkeys derive from one master key with HKDF, so one
 * value protects the data dir.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  hkdfSync,
  type KeyObject,
  timingSafeEqual,
} from "node:crypto";
import type { Random } from "../ports.js";

const SEAL_VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SecretKeeper {
  readonly #pepper: KeyObject;
  readonly #sealKey: Buffer;
  readonly #random: Random;

  constructor(masterKey: Buffer, random: Random) {
    if (masterKey.length !== 32) throw new Error("The master key must be exactly 32 bytes");
    this.#pepper = createSecretKey(derive(masterKey, "latchkey/verifier-pepper/v1"));
    this.#sealKey = derive(masterKey, "latchkey/seal/v1");
    this.#random = random;
  }

  /** The value stored to check a presented secret later. */
  verifierOf(secret: string): Buffer {
    return createHmac("sha256", this.#pepper).update(secret).digest();
  }

  /** SECURITY: constant-time; both sides are 32-byte digests, so lengths never differ. */
  matches(presentedSecret: string, verifier: Buffer): boolean {
    return timingSafeEqual(this.verifierOf(presentedSecret), verifier);
  }

  /**
   * Encrypts a secret. `boundTo` (the owning SID) is authenticated data, so a sealed value copied onto
   * another row fails to open.
   */
  seal(secret: string, boundTo: string): string {
    const iv = this.#random.bytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.#sealKey, iv);
    cipher.setAAD(Buffer.from(boundTo));
    const body = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
    return `${SEAL_VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
  }

  open(sealed: string, boundTo: string): string {
    const [version, payload] = sealed.split(".");
    if (version !== SEAL_VERSION || payload === undefined) throw new Error("Unknown sealed format");
    const raw = Buffer.from(payload, "base64url");
    const decipher = createDecipheriv("aes-256-gcm", this.#sealKey, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(boundTo));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
  }

  /**
   * A value stored beside the data at initialization: a later start with another master key gets a
   * different check and refuses to run instead of failing every authentication.
   */
  masterKeyCheck(): string {
    return createHmac("sha256", this.#pepper).update("latchkey master key check").digest("base64url");
  }
}

function derive(masterKey: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", masterKey, Buffer.alloc(0), purpose, 32));
}
