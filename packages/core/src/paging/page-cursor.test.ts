import { describe, expect, it } from "vitest";
import { decodePageToken, encodePageToken } from "./page-cursor.js";

const SID = `SK${"0".repeat(31)}7`;

describe("page tokens", () => {
  it("round-trips a cursor in either direction", () => {
    for (const direction of ["after", "before"] as const) {
      const cursor = { direction, dateUpdated: 1_465_858_208_000, sid: SID };
      expect(decodePageToken(encodePageToken(cursor), "key")).toEqual(cursor);
    }
  });

  it.each([
    ["garbage", "nonsense"],
    ["a wrong prefix", `PA${SID}`],
    ["a bad body", "PT!!!!"],
    [
      "an account SID in a key list",
      encodePageToken({ direction: "after", dateUpdated: 1, sid: `AC${"0".repeat(32)}` }),
    ],
    ["an overlong token", `PT${"A".repeat(300)}`],
  ])("rejects %s with 400/21481", (_name, token) => {
    expect(() => decodePageToken(token, "key")).toThrowError(expect.objectContaining({ twilioCode: 21481 }));
  });
});
