import { describe, expect, it } from "vitest";
import { accountSegmentOf, canonicalPath, jsonFormOf } from "./target-path.js";

describe("canonicalPath", () => {
  it.each([
    ["/v1/Keys", "/v1/Keys"],
    ["/v1/Keys/", "/v1/Keys"],
    ["/v1//Keys///", "/v1/Keys"],
    ["/v1/Rooms/../Keys", "/v1/Keys"],
    ["/v1/Rooms/%2e%2e/Keys", "/v1/Keys"],
    ["/v1/./Keys?PageSize=2#x", "/v1/Keys"],
    ["/", "/"],
  ])("reads %s as %s", (path, canonical) => {
    expect(canonicalPath(path)).toBe(canonical);
  });
});

describe("jsonFormOf", () => {
  it("gives the JSON form of a suffix-less, XML or CSV path and nothing for others", () => {
    expect(jsonFormOf("/2010-04-01/Accounts/AC1/Keys")).toBe("/2010-04-01/Accounts/AC1/Keys.json");
    expect(jsonFormOf("/2010-04-01/Accounts/AC1/Keys.XML")).toBe("/2010-04-01/Accounts/AC1/Keys.json");
    expect(jsonFormOf("/2010-04-01/Accounts/AC1/Calls.csv")).toBe("/2010-04-01/Accounts/AC1/Calls.json");
    expect(jsonFormOf("/2010-04-01/Accounts/AC1/Keys.json")).toBeUndefined();
    expect(jsonFormOf("/media/picture.png")).toBeUndefined();
  });
});

describe("accountSegmentOf", () => {
  const sid = `AC${"a".repeat(32)}`;
  it("finds the account of an /Accounts/ segment in any case and form", () => {
    expect(accountSegmentOf(`/2010-04-01/Accounts/${sid}/Whatever.json`)).toBe(sid);
    expect(accountSegmentOf(`/2010-04-01/accounts/${sid}.json`)).toBe(sid);
    expect(accountSegmentOf(`/2010-04-01/Accounts/${sid}`)).toBe(sid);
    expect(accountSegmentOf("/v1/Rooms/RM1")).toBeUndefined();
  });
});
