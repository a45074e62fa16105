import type { Random } from "../ports.js";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
// 248 is the largest multiple of 62 that fits in a byte: bytes at or above it are dropped so every
// character is equally likely (a plain modulo would favour the first 8 characters).
const UNBIASED_LIMIT = 248;

/** An API-key secret: 32 base62 characters (~190 bits). */
export function generateKeySecret(random: Random): string {
  let secret = "";
  while (secret.length < 32) {
    for (const byte of random.bytes(48)) {
      if (byte < UNBIASED_LIMIT && secret.length < 32) secret += BASE62.charAt(byte % 62);
    }
  }
  return secret;
}

/** An account Auth Token: 32 lowercase hex characters (128 bits). */
export function generateAuthToken(random: Random): string {
  return random.bytes(16).toString("hex");
}
