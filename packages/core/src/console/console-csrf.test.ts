import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { csrfTokenFor, csrfTokenMatches, sessionIdHash } from "./console-sessions.js";

const TOKEN = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA";

describe("csrfTokenFor and csrfTokenMatches", () => {
  it("derives the CSRF token as base64url SHA-256 of csrf: and the session token", () => {
    const expected = createHash("sha256").update(`csrf:${TOKEN}`).digest("base64url");
    expect(csrfTokenFor(TOKEN)).toBe(expected);
    expect(csrfTokenFor(TOKEN)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(csrfTokenFor(`${TOKEN.slice(0, -1)}B`)).not.toBe(expected);
    // Not the session's stored hash: knowing one never gives the other.
    expect(csrfTokenFor(TOKEN)).not.toBe(sessionIdHash(TOKEN));
  });

  it("accepts exactly the session's CSRF token", () => {
    const csrf = csrfTokenFor(TOKEN);
    expect(csrfTokenMatches(TOKEN, csrf)).toBe(true);
    expect(csrfTokenMatches(TOKEN, `${csrf.slice(0, -1)}${csrf.endsWith("A") ? "B" : "A"}`)).toBe(false);
    expect(csrfTokenMatches(TOKEN, csrf.slice(1))).toBe(false);
    expect(csrfTokenMatches(TOKEN, `${csrf}x`)).toBe(false);
    expect(csrfTokenMatches(TOKEN, "")).toBe(false);
    expect(csrfTokenMatches(TOKEN, undefined)).toBe(false);
    expect(csrfTokenMatches(TOKEN, TOKEN)).toBe(false);
    expect(csrfTokenMatches(`${TOKEN.slice(0, -1)}B`, csrf)).toBe(false);
  });

  it("stores sessions under base64url SHA-256 of the token", () => {
    expect(sessionIdHash(TOKEN)).toBe(createHash("sha256").update(TOKEN).digest("base64url"));
  });
});
