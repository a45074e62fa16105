import { describe, expect, it } from "vitest";
import { jsonNestsDeeperThan } from "./json-depth.js";

const nested = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;

describe("jsonNestsDeeperThan", () => {
  it("counts arrays and objects, the outermost included", () => {
    expect(jsonNestsDeeperThan('{"allow":["a"]}', 2)).toBe(false);
    expect(jsonNestsDeeperThan('{"allow":[["a"]]}', 2)).toBe(true);
    expect(jsonNestsDeeperThan('{"a":{"b":{}}}', 2)).toBe(true);
    expect(jsonNestsDeeperThan("[]", 1)).toBe(false);
    expect(jsonNestsDeeperThan("[[]]", 1)).toBe(true);
    expect(jsonNestsDeeperThan('"text"', 0)).toBe(false);
    expect(jsonNestsDeeperThan("{}", 0)).toBe(true);
  });

  it("measures depth, not the number of containers", () => {
    expect(jsonNestsDeeperThan(`[${Array.from({ length: 10_000 }, () => "[]").join(",")}]`, 2)).toBe(false);
  });

  it("ignores brackets inside strings, escaped quotes included", () => {
    expect(jsonNestsDeeperThan(`{"allow":["${"[{".repeat(500)}"]}`, 2)).toBe(false);
    expect(jsonNestsDeeperThan(`{"a":"\\"[[[[","b":"\\\\"}`, 1)).toBe(false);
    expect(jsonNestsDeeperThan(`{"a":"\\\\",  "b":[[[]]]}`, 2)).toBe(true);
    expect(jsonNestsDeeperThan(`["\\u005b\\u005b"]`, 1)).toBe(false);
  });

  it("answers for 7,000 and for 500,000 levels without recursion", () => {
    expect(jsonNestsDeeperThan(nested(7_000), 2)).toBe(true);
    expect(jsonNestsDeeperThan(nested(500_000), 2)).toBe(true);
    expect(jsonNestsDeeperThan(nested(500_000), 500_000)).toBe(false);
  });

  it("agrees with JSON.parse on every valid document it lets through", () => {
    const documents = ['{"a":[1,{"b":"]]]"}]}', '[["\\"]"]]', '{"k\\\\":{"v":[]}}', "[1,2,[3,[4]]]"];
    const depthOf = (value: unknown): number =>
      typeof value === "object" && value !== null ? 1 + Math.max(0, ...Object.values(value).map(depthOf)) : 0;
    for (const text of documents) {
      const depth = depthOf(JSON.parse(text));
      expect(jsonNestsDeeperThan(text, depth), text).toBe(false);
      expect(jsonNestsDeeperThan(text, depth - 1), text).toBe(true);
    }
  });
});
