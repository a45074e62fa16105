import { describe, expect, it } from "vitest";
import { secureRandom } from "./ports.js";
import { isSid, newSid } from "./sids.js";

describe("SIDs", () => {
  it("makes an account SID of AC and 32 lowercase hex digits", () => {
    expect(newSid(secureRandom, "account")).toMatch(/^AC[0-9a-f]{32}$/);
    expect(newSid(secureRandom, "key")).toMatch(/^SK[0-9a-f]{32}$/);
  });

  it("accepts only the canonical form of its own kind", () => {
    expect(isSid("key", `SK${"a".repeat(32)}`)).toBe(true);
    expect(isSid("key", `SK${"A".repeat(32)}`)).toBe(false);
    expect(isSid("key", `AC${"a".repeat(32)}`)).toBe(false);
    expect(isSid("key", `SK${"a".repeat(31)}`)).toBe(false);
    expect(isSid("key", `SK${"g".repeat(32)}`)).toBe(false);
    expect(isSid("key", 42)).toBe(false);
  });
});
