import { describe, expect, it } from "vitest";
import { secureRandom } from "../ports.js";
import { DUMMY_PASSWORD_HASH } from "./dummy-password-hash.js";
import { hashPassword, verifyPassword } from "./password-hash.js";

describe("the sign-in dummy hash", () => {
  it("costs what a real user's hash costs: the same scheme and parameters as hashPassword writes", async () => {
    const real = await hashPassword("correct horse battery staple", secureRandom);
    const costOf = (encoded: string) => encoded.split("$").slice(0, 4).join("$");
    expect(costOf(DUMMY_PASSWORD_HASH)).toBe(costOf(real));
    const lengths = (encoded: string) => encoded.split("$").map((part) => part.length);
    expect(lengths(DUMMY_PASSWORD_HASH)).toEqual(lengths(real));
  });

  it("is canonical base64url with a 16-byte salt and a 32-byte hash, which verifyPassword accepts as a hash", async () => {
    const [, , , , salt = "", hash = ""] = DUMMY_PASSWORD_HASH.split("$");
    expect(Buffer.from(salt, "base64url")).toHaveLength(16);
    expect(Buffer.from(salt, "base64url").toString("base64url")).toBe(salt);
    expect(Buffer.from(hash, "base64url")).toHaveLength(32);
    expect(Buffer.from(hash, "base64url").toString("base64url")).toBe(hash);
    for (const guess of ["", "password", "owner@localhost"]) {
      expect(await verifyPassword(guess, DUMMY_PASSWORD_HASH)).toBe(false);
    }
  });
});
