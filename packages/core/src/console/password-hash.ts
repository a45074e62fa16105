/**
 * Owns the invariant that a console user's password is never at rest in a recoverable form: only a salted
 * scrypt hash is kept, in one self-describing string `scrypt$N$r$p$salt$hash` (salt and hash base64url).
 * The cost parameters travel with each hash, so they can be raised for new hashes while old ones still
 * verify. Hashing is deliberately slow (32 MiB, ~0.26 s), so callers bound how often it runs (sign-in
 * throttling) and how much it hashes (MAX_PASSWORD_BYTES).
 */
import { type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";
import type { Random } from "../ports.js";
import { newSid, type Sid } from "../sids.js";

/** The shortest password a person may choose, in characters. */
export const MIN_PASSWORD_LENGTH = 12;
/** The longest password accepted anywhere, in UTF-8 bytes, so nobody can make us hash megabytes. */
export const MAX_PASSWORD_BYTES = 1024;

// OWASP's floor for scrypt is 2^17 × r=8 × p=1 (128 MiB) or an equal-work trade of memory for passes;
// 2^15 × 8 × 3 is the trade that fits 32 MiB, so a few simultaneous sign-ins cannot exhaust a small
// server, at ~0.26 s per hash on these 2-core machines.
const COST = { N: 2 ** 15, r: 8, p: 3 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 32;

// What a stored string may ask of us. The ceilings keep a corrupted or hostile row from allocating
// gigabytes or spinning for minutes (work N·r·p at most ~21× today's); the floors reject strings no
// Latchkey version wrote (and admit RFC 7914's test vector).
const LIMITS = { minN: 2 ** 14, maxN: 2 ** 20, maxR: 16, maxP: 16, maxMemory: 2 ** 28, maxWork: 2 ** 24 } as const;
const SALT_RANGE = { min: 8, max: 64 } as const;
const KEY_RANGE = { min: 32, max: 64 } as const;

const SCHEME = "scrypt";
const DECIMAL = /^[1-9][0-9]{0,9}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

interface DecodedHash {
  readonly N: number;
  readonly r: number;
  readonly p: number;
  readonly salt: Buffer;
  readonly hash: Buffer;
}

/**
 * A new hash of `password` with a fresh salt from `random`. Throws when the password is longer than
 * MAX_PASSWORD_BYTES; whether it is acceptable as a new password is {@link checkNewPassword}'s call.
 *
 * @example
 * ```ts
 * const stored = await hashPassword("correct horse battery staple", secureRandom);
 * // "scrypt$32768$8$3$<22 chars>$<43 chars>"
 * ```
 */
export async function hashPassword(password: string, random: Random): Promise<string> {
  const bytes = passwordBytes(password);
  if (bytes === undefined) throw new Error(`A password may be at most ${MAX_PASSWORD_BYTES} bytes`);
  const salt = random.bytes(SALT_BYTES);
  const hash = await derive(bytes, salt, COST.N, COST.r, COST.p, KEY_BYTES);
  return [SCHEME, COST.N, COST.r, COST.p, salt.toString("base64url"), hash.toString("base64url")].join("$");
}

/**
 * Does `password` match the stored `encoded` hash? False for a wrong password, an over-long one, and a
 * malformed or unsupported `encoded`; never throws for any of them.
 *
 * @example
 * ```ts
 * await verifyPassword("correct horse battery staple", stored); // true
 * await verifyPassword("Correct horse battery staple", stored); // false
 * ```
 */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const decoded = decodeHash(encoded);
  const bytes = passwordBytes(password);
  if (decoded === undefined || bytes === undefined) return false;
  try {
    const candidate = await derive(bytes, decoded.salt, decoded.N, decoded.r, decoded.p, decoded.hash.length);
    // SECURITY: constant-time; both sides have the stored hash's length.
    return timingSafeEqual(candidate, decoded.hash);
  } catch {
    return false;
  }
}

/**
 * What is wrong with `password` as a new password, in plain words, or null when it will do.
 *
 * @example
 * ```ts
 * checkNewPassword("hunter2"); // "The password must be at least 12 characters long."
 * ```
 */
export function checkNewPassword(password: string): string | null {
  if (passwordBytes(password) === undefined) {
    return `The password must be at most ${MAX_PASSWORD_BYTES} bytes long.`;
  }
  if (password.trim() === "") return "The password cannot be empty or only spaces.";
  if ([...normalize(password)].length < MIN_PASSWORD_LENGTH) {
    return `The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`;
  }
  return null;
}

/** A new console user SID: `US` and 32 lowercase hex digits, Twilio's user SID shape. */
export function newConsoleUserSid(random: Random): Sid<"user"> {
  return newSid(random, "user");
}

// NIST SP 800-63B asks for NFKC or NFKD before hashing, so a password typed on another keyboard or OS
// (composed or decomposed accents, full-width digits) still matches.
function normalize(password: string): string {
  return password.normalize("NFKC");
}

/** The bytes hashed for `password`, or undefined when it is too long to hash. */
function passwordBytes(password: string): Buffer | undefined {
  // Each UTF-16 unit is at least one UTF-8 byte: an over-long string is refused before any work on it.
  if (typeof password !== "string" || password.length > MAX_PASSWORD_BYTES) return undefined;
  const bytes = Buffer.from(normalize(password), "utf8");
  return bytes.length > MAX_PASSWORD_BYTES ? undefined : bytes;
}

function decodeHash(encoded: string): DecodedHash | undefined {
  if (typeof encoded !== "string" || encoded.length > 512) return undefined;
  const parts = encoded.split("$");
  if (parts.length !== 6 || parts[0] !== SCHEME) return undefined;
  const [, nText, rText, pText, saltText, hashText] = parts;
  const N = decimal(nText);
  const r = decimal(rText);
  const p = decimal(pText);
  const salt = base64url(saltText);
  const hash = base64url(hashText);
  if (N === undefined || r === undefined || p === undefined || salt === undefined || hash === undefined) {
    return undefined;
  }
  const powerOfTwo = (N & (N - 1)) === 0;
  if (!powerOfTwo || N < LIMITS.minN || N > LIMITS.maxN || r > LIMITS.maxR || p > LIMITS.maxP) return undefined;
  if (memoryOf(N, r) > LIMITS.maxMemory || N * r * p > LIMITS.maxWork) return undefined;
  if (salt.length < SALT_RANGE.min || salt.length > SALT_RANGE.max) return undefined;
  if (hash.length < KEY_RANGE.min || hash.length > KEY_RANGE.max) return undefined;
  return { N, r, p, salt, hash };
}

function decimal(text: string | undefined): number | undefined {
  return text !== undefined && DECIMAL.test(text) ? Number(text) : undefined;
}

/** Canonical unpadded base64url only: Node's decoder skips stray characters, which would hide tampering. */
function base64url(text: string | undefined): Buffer | undefined {
  if (text === undefined || !BASE64URL.test(text)) return undefined;
  const bytes = Buffer.from(text, "base64url");
  return bytes.toString("base64url") === text ? bytes : undefined;
}

/** scrypt's working memory is 128·N·r bytes (plus 128·r·p, far smaller at these limits). */
function memoryOf(N: number, r: number): number {
  return 128 * N * r;
}

function derive(password: Buffer, salt: Buffer, N: number, r: number, p: number, length: number): Promise<Buffer> {
  // Node refuses above `maxmem` (32 MiB by default, exactly our cost); twice the working set leaves room
  // for the p-sized buffer and OpenSSL's bookkeeping.
  const options: ScryptOptions = { N, r, p, maxmem: 2 * memoryOf(N, r) };
  return new Promise((resolve, reject) => {
    scrypt(password, salt, length, options, (error, key) => (error === null ? resolve(key) : reject(error)));
  });
}
