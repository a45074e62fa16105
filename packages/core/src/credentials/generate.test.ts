import { describe, expect, it } from "vitest";
import { secureRandom } from "../ports.js";
import { generateAuthToken, generateKeySecret } from "./generate.js";

describe("credential generation", () => {
  it("makes key secrets of 32 base62 characters, different every time", () => {
    const secrets = new Set(Array.from({ length: 1000 }, () => generateKeySecret(secureRandom)));
    expect(secrets.size).toBe(1000);
    for (const secret of secrets) expect(secret).toMatch(/^[0-9A-Za-z]{32}$/);
  });

  it("uses every base62 character with no modulo bias", () => {
    const counts = new Map<string, number>();
    for (let round = 0; round < 2000; round += 1) {
      for (const char of generateKeySecret(secureRandom)) counts.set(char, (counts.get(char) ?? 0) + 1);
    }
    expect(counts.size).toBe(62);
    // 64,000 draws over 62 symbols: ~1032 each. A modulo-256 bias would push the first 8 to ~1290.
    for (const count of counts.values()) expect(count).toBeGreaterThan(850);
    for (const count of counts.values()) expect(count).toBeLessThan(1220);
  });

  it("makes auth tokens of 32 lowercase hex characters", () => {
    expect(generateAuthToken(secureRandom)).toMatch(/^[0-9a-f]{32}$/);
  });
});
