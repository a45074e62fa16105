import { describe, expect, it } from "vitest";
import { MAX_CONSOLE_EMAIL_LENGTH, normalizeConsoleEmail } from "./console-email.js";

describe("normalizeConsoleEmail", () => {
  it("trims and lowercases", () => {
    expect(normalizeConsoleEmail("  Owner@LocalHost \n")).toBe("owner@localhost");
    expect(normalizeConsoleEmail("Dev.Team+keys@Example.COM")).toBe("dev.team+keys@example.com");
    expect(normalizeConsoleEmail("a@b")).toBe("a@b");
  });

  it(`accepts ${MAX_CONSOLE_EMAIL_LENGTH} characters and refuses one more`, () => {
    const longest = `${"a".repeat(MAX_CONSOLE_EMAIL_LENGTH - 12)}@example.com`;
    expect(longest).toHaveLength(MAX_CONSOLE_EMAIL_LENGTH);
    expect(normalizeConsoleEmail(longest)).toBe(longest);
    expect(normalizeConsoleEmail(`a${longest}`)).toBeUndefined();
    expect(normalizeConsoleEmail(`   ${longest}   `)).toBe(longest);
    expect(normalizeConsoleEmail("x".repeat(100_000))).toBeUndefined();
  });

  it("refuses anything without exactly one @ and something on each side", () => {
    for (const text of ["", "   ", "owner", "@localhost", "owner@", "@", "a@b@c", "ab", "a@"]) {
      expect(normalizeConsoleEmail(text), text).toBeUndefined();
    }
  });

  it("refuses spaces and control characters inside", () => {
    for (const text of ["own er@localhost", "owner@local host", "owner\t@localhost", "owner@local\u0000host"]) {
      expect(normalizeConsoleEmail(text), JSON.stringify(text)).toBeUndefined();
    }
  });

  it("refuses what is not a string", () => {
    for (const value of [undefined, null, 42, ["a@b"], { email: "a@b" }]) {
      expect(normalizeConsoleEmail(value)).toBeUndefined();
    }
  });
});
