import { describe, expect, it } from "vitest";
import { canonicalSidsInPath, parseSid } from "./sids.js";

describe("parseSid", () => {
  const hex = "0123456789abcdef0123456789abcdef";

  it("returns the canonical lower-case form of a SID in any case of hex digits", () => {
    expect(parseSid("key", `SK${hex}`)).toBe(`SK${hex}`);
    expect(parseSid("key", `SK${hex.toUpperCase()}`)).toBe(`SK${hex}`);
    expect(parseSid("account", `AC${"aBcDeF".repeat(5)}aB`)).toBe(`AC${"abcdef".repeat(5)}ab`);
  });

  it("keeps the prefix exact: Twilio's patterns are ^SK[0-9a-fA-F]{32}$", () => {
    expect(parseSid("key", `sk${hex}`)).toBeUndefined();
    expect(parseSid("key", `Sk${hex}`)).toBeUndefined();
    expect(parseSid("account", `SK${hex}`)).toBeUndefined();
  });

  it("refuses anything that is not a SID of the kind", () => {
    for (const value of [
      `SK${hex}0`,
      `SK${hex.slice(1)}`,
      `SK${"g".repeat(32)}`,
      "",
      42,
      null,
      undefined,
      [`SK${hex}`],
    ]) {
      expect(parseSid("key", value), String(value)).toBeUndefined();
    }
  });
});

describe("canonicalSidsInPath", () => {
  const hex = "0123456789abcdef0123456789abcdef";
  const HEX = hex.toUpperCase();

  it("lower-cases account and key SID segments, with or without a suffix", () => {
    expect(canonicalSidsInPath(`/2010-04-01/Accounts/AC${HEX}/Keys/SK${HEX}.json`)).toBe(
      `/2010-04-01/Accounts/AC${hex}/Keys/SK${hex}.json`,
    );
    expect(canonicalSidsInPath(`/v1/Keys/SK${HEX}`)).toBe(`/v1/Keys/SK${hex}`);
  });

  it("leaves everything else as it is", () => {
    for (const path of [
      `/2010-04-01/Accounts/AC${hex}/Messages/MM${HEX}.json`,
      `/v1/Keys/SK${HEX}0`,
      `/v1/Keys/sk${HEX}`,
      `/v1/Keys/xSK${HEX}`,
      "/2010-04-01/Accounts.json",
    ]) {
      expect(canonicalSidsInPath(path)).toBe(path);
    }
  });
});
