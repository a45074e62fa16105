/** Policies written to break the parser: none may throw anything but a 400/70002 AppError. */
import { describe, expect, it, vi } from "vitest";
import { AppError } from "../errors/app-error.js";
import { twilioPermissionCatalog } from "./permission-catalog.js";
import { parsePolicy } from "./policy.js";

function rejection(raw: string): AppError {
  try {
    parsePolicy(raw, twilioPermissionCatalog);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected a rejection");
}

const nested = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;
const DEPTH_MESSAGE = 'Policy must be {"allow":[<permission strings>]}; it nests objects or arrays deeper than that';

describe("parsePolicy on hostile values", () => {
  it("refuses an entry whose toString is not callable with 400/70002, without converting it", () => {
    const error = rejection('{"allow":[{"toString":1}]}');
    expect({ code: error.code, status: error.status, twilioCode: error.twilioCode, message: error.message }).toEqual({
      code: "INVALID_POLICY",
      status: 400,
      twilioCode: 70002,
      message: DEPTH_MESSAGE,
    });
  });

  it.each([
    ["[1]", 1, "a number"],
    ["[true]", 1, "a boolean"],
    ["[null]", 1, "null"],
    ['["/twilio/messaging/messages/read","/twilio/messaging/messages/read",-0.5e400]', 3, "a number"],
  ])("describes the bad entry of %s by its position and JSON type", (allow, position, type) => {
    expect(rejection(`{"allow":${allow}}`).message).toBe(
      `Invalid policy: assertion ${position} is ${type}; each assertion must be a permission string`,
    );
  });

  it("quotes a bad string entry, truncated to 200 characters", () => {
    const long = `/twilio/${"x".repeat(500)}`;
    expect(rejection(JSON.stringify({ allow: [long] })).message).toBe(
      `Invalid policy: assertion '${long.slice(0, 200)}' is invalid`,
    );
  });

  it("refuses 7,000 nested arrays (14 KB) before parsing, as nesting too deep", () => {
    const raw = `{"allow":${nested(7_000)}}`;
    expect(raw.length).toBeLessThan(16 * 1024);
    const parse = vi.spyOn(JSON, "parse");
    try {
      const error = rejection(raw);
      expect(error.code).toBe("INVALID_POLICY");
      expect(error.message).toBe(DEPTH_MESSAGE);
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });

  it("refuses nesting in a field other than allow, and a nested array as the entry", () => {
    expect(rejection(`{"allow":["/twilio/messaging/messages/read"],"x":${nested(5_000)}}`).code).toBe("INVALID_POLICY");
    expect(rejection(`{"allow":[${nested(3)}]}`).message).toBe(DEPTH_MESSAGE);
    expect(rejection('{"allow":[["/twilio/messaging/messages/read"]]}').message).toBe(DEPTH_MESSAGE);
  });

  it("counts no bracket inside a permission string, and quotes such an unknown permission", () => {
    expect(rejection('{"allow":["[[[[{{{{"]}').message).toBe("Invalid policy: assertion '[[[[{{{{' is invalid");
  });
});
