import { CountingRandom } from "@latchkey/core/testing";
import { describe, expect, it } from "vitest";
import { secureRandom } from "../ports.js";
import { isSid } from "../sids.js";
import {
  checkNewPassword,
  hashPassword,
  MAX_PASSWORD_BYTES,
  MIN_PASSWORD_LENGTH,
  newConsoleUserSid,
  verifyPassword,
} from "./password-hash.js";

const PASSWORD = "correct horse battery staple";
// Computed independently with Python's hashlib.scrypt(n=2**15, r=8, p=3, dklen=32) over salt bytes 1..16,
// the first 16 bytes CountingRandom yields.
const COUNTING_SALT = "AQIDBAUGBwgJCgsMDQ4PEA";
const KNOWN_HASH = `scrypt$32768$8$3$${COUNTING_SALT}$bCWPX5at-T7Kh_8fFEO4Cym1zGWvVEJkgkAVs1sAwhw`;
// RFC 7914 §12, third vector: P="pleaseletmein", S="SodiumChloride", N=16384, r=8, p=1, dkLen=64.
const RFC_7914_VECTOR =
  "scrypt$16384$8$1$U29kaXVtQ2hsb3JpZGU$cCO9yzr9c0hGHAbNgf046_2o-7qQT44-qbVD9lRdofLVQylVYT8Pz2LUlwUkKpr55h6F3A1lHkDfzwF7RVdYhw";

describe("hashPassword and verifyPassword", () => {
  it("writes scrypt$N$r$p$salt$hash with a 16-byte salt and a 32-byte hash", async () => {
    const encoded = await hashPassword(PASSWORD, secureRandom);
    const [scheme, N, r, p, salt, hash, ...rest] = encoded.split("$");
    expect({ scheme, N, r, p, rest }).toEqual({ scheme: "scrypt", N: "32768", r: "8", p: "3", rest: [] });
    expect(Buffer.from(salt ?? "", "base64url")).toHaveLength(16);
    expect(Buffer.from(hash ?? "", "base64url")).toHaveLength(32);
    expect(encoded).toMatch(/^scrypt\$32768\$8\$3\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  });

  it("verifies the password it hashed and refuses any other", async () => {
    const encoded = await hashPassword(PASSWORD, secureRandom);
    expect(await verifyPassword(PASSWORD, encoded)).toBe(true);
    expect(await verifyPassword("correct horse battery stapl", encoded)).toBe(false);
    expect(await verifyPassword("Correct horse battery staple", encoded)).toBe(false);
    expect(await verifyPassword("", encoded)).toBe(false);
  });

  it("salts each hash, so one password hashed twice gives two strings that both verify", async () => {
    const first = await hashPassword(PASSWORD, secureRandom);
    const second = await hashPassword(PASSWORD, secureRandom);
    expect(first).not.toBe(second);
    expect(first.split("$")[4]).not.toBe(second.split("$")[4]);
    expect(await verifyPassword(PASSWORD, second)).toBe(true);
  });

  it("takes its salt from the Random port and matches an independently computed hash", async () => {
    expect(await hashPassword(PASSWORD, new CountingRandom())).toBe(KNOWN_HASH);
    expect(await verifyPassword(PASSWORD, KNOWN_HASH)).toBe(true);
  });

  it("reads the cost parameters from the stored string (RFC 7914 test vector)", async () => {
    expect(await verifyPassword("pleaseletmein", RFC_7914_VECTOR)).toBe(true);
    expect(await verifyPassword("pleaseletmeout", RFC_7914_VECTOR)).toBe(false);
  });

  it("matches a password typed in another Unicode normalization form", async () => {
    const composed = "caf\u00e9 au lait, s'il vous pla\u00eet";
    const decomposed = "cafe\u0301 au lait, s'il vous plai\u0302t";
    const encoded = await hashPassword(composed, secureRandom);
    expect(await verifyPassword(decomposed, encoded)).toBe(true);
  });

  it("refuses a tampered or malformed string with false, never an exception", async () => {
    const [, , , , salt = "", hash = ""] = KNOWN_HASH.split("$");
    const flipFirst = (text: string) => `${text.startsWith("A") ? "B" : "A"}${text.slice(1)}`;
    const malformed = [
      "",
      "scrypt",
      KNOWN_HASH.replace("scrypt$", "argon2id$"),
      `scrypt$32768$8$3$${salt}$${flipFirst(hash)}`,
      `scrypt$32768$8$3$${flipFirst(salt)}$${hash}`,
      `scrypt$65536$8$3$${salt}$${hash}`,
      `scrypt$32768$8$2$${salt}$${hash}`,
      `scrypt$32767$8$3$${salt}$${hash}`,
      `scrypt$032768$8$3$${salt}$${hash}`,
      `scrypt$32768$8$3$${salt}$${hash}$`,
      `scrypt$32768$8$3$${salt}`,
      `scrypt$32768$8$3$${salt}=$${hash}`,
      `scrypt$32768$8$3$${salt}$${hash}==`,
      `scrypt$32768$8$3$${salt}$${hash.slice(0, 20)}`,
      `scrypt$32768$8$3$$${hash}`,
      `scrypt$32768$8$3$${salt}$!${hash}`,
      `scrypt$32768$0$3$${salt}$${hash}`,
      `scrypt$-32768$8$3$${salt}$${hash}`,
      `scrypt$1e5$8$3$${salt}$${hash}`,
      `scrypt$1024$8$3$${salt}$${hash}`,
      // Ceilings: a stored string cannot make us allocate or spin without bound.
      `scrypt$2097152$8$1$${salt}$${hash}`,
      `scrypt$1048576$16$1$${salt}$${hash}`,
      `scrypt$32768$8$4096$${salt}$${hash}`,
      `scrypt$32768$8$3$${"A".repeat(600)}$${hash}`,
    ];
    for (const encoded of malformed) {
      await expect(verifyPassword(PASSWORD, encoded), encoded).resolves.toBe(false);
    }
    await expect(verifyPassword(PASSWORD, undefined as unknown as string)).resolves.toBe(false);
    await expect(verifyPassword(PASSWORD, 42 as unknown as string)).resolves.toBe(false);
  });

  it(`hashes a password of exactly ${MAX_PASSWORD_BYTES} bytes and refuses one byte more`, async () => {
    const longest = "é".repeat(MAX_PASSWORD_BYTES / 2);
    expect(Buffer.byteLength(longest)).toBe(MAX_PASSWORD_BYTES);
    const encoded = await hashPassword(longest, secureRandom);
    expect(await verifyPassword(longest, encoded)).toBe(true);

    const tooLong = `${longest}x`;
    await expect(hashPassword(tooLong, secureRandom)).rejects.toThrow("A password may be at most 1024 bytes");
    await expect(hashPassword("x".repeat(5_000_000), secureRandom)).rejects.toThrow(
      "A password may be at most 1024 bytes",
    );
    expect(await verifyPassword(tooLong, encoded)).toBe(false);
    expect(await verifyPassword("x".repeat(5_000_000), encoded)).toBe(false);
  });
});

describe("checkNewPassword", () => {
  it(`accepts ${MIN_PASSWORD_LENGTH} characters or more`, () => {
    expect(checkNewPassword("a".repeat(MIN_PASSWORD_LENGTH))).toBeNull();
    expect(checkNewPassword(PASSWORD)).toBeNull();
    // Characters, not UTF-16 units: twelve emoji are twelve characters.
    expect(checkNewPassword("🔑".repeat(MIN_PASSWORD_LENGTH))).toBeNull();
  });

  it("says a short password is too short", () => {
    expect(checkNewPassword("a".repeat(MIN_PASSWORD_LENGTH - 1))).toBe(
      "The password must be at least 12 characters long.",
    );
    // Eleven emoji are 22 UTF-16 units but still eleven characters.
    expect(checkNewPassword("🔑".repeat(MIN_PASSWORD_LENGTH - 1))).toBe(
      "The password must be at least 12 characters long.",
    );
  });

  it("says an empty or whitespace-only password is not one", () => {
    expect(checkNewPassword("")).toBe("The password cannot be empty or only spaces.");
    expect(checkNewPassword(" ".repeat(20))).toBe("The password cannot be empty or only spaces.");
    expect(checkNewPassword("\t\n \u00a0\u3000".repeat(5))).toBe("The password cannot be empty or only spaces.");
  });

  it("says an over-long password is too long", () => {
    expect(checkNewPassword("a".repeat(MAX_PASSWORD_BYTES))).toBeNull();
    expect(checkNewPassword("a".repeat(MAX_PASSWORD_BYTES + 1))).toBe("The password must be at most 1024 bytes long.");
    expect(checkNewPassword("é".repeat(MAX_PASSWORD_BYTES / 2 + 1))).toBe(
      "The password must be at most 1024 bytes long.",
    );
  });
});

describe("newConsoleUserSid", () => {
  it("makes US and 32 lowercase hex digits from the Random port", () => {
    const sid = newConsoleUserSid(secureRandom);
    expect(sid).toMatch(/^US[0-9a-f]{32}$/);
    expect(isSid("user", sid)).toBe(true);
    expect(newConsoleUserSid(new CountingRandom())).toBe("US0102030405060708090a0b0c0d0e0f10");
    expect(newConsoleUserSid(secureRandom)).not.toBe(sid);
  });
});
