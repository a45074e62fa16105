import { describe, expect, it } from "vitest";
import knownPermissions from "../data/permissions.json" with { type: "json" };
import { AppError } from "../errors/app-error.js";
import { permission } from "./permission.js";
import { twilioPermissionCatalog } from "./permission-catalog.js";
import { PolicyMatcher, parsePolicy } from "./policy.js";

const parse = (raw: string) => parsePolicy(raw, twilioPermissionCatalog);

function rejection(raw: string): AppError {
  try {
    parse(raw);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected a rejection");
}

describe("parsePolicy", () => {
  it("accepts known permissions and resource wildcards, collapsing duplicates", () => {
    const policy = parse(
      JSON.stringify({
        allow: ["/twilio/messaging/messages/read", "/twilio/messaging/messages/read", "/twilio/voice/calls/*"],
      }),
    );
    expect(policy).toEqual({ allow: ["/twilio/messaging/messages/read", "/twilio/voice/calls/*"] });
  });

  it("names the first unknown permission", () => {
    const error = rejection(JSON.stringify({ allow: ["/twilio/messaging/messages/read", "/twilio/x/y/read"] }));
    expect(error.code).toBe("INVALID_POLICY");
    expect(error.twilioCode).toBe(70002);
    expect(error.message).toBe("Invalid policy: assertion '/twilio/x/y/read' is invalid");
  });

  it("rejects a wildcard over a resource that does not exist", () => {
    expect(rejection(JSON.stringify({ allow: ["/twilio/messaging/nothing/*"] })).code).toBe("INVALID_POLICY");
  });

  it.each([
    ["not JSON", "{allow:"],
    ["an array", "[]"],
    ["a missing allow", "{}"],
    ["an empty allow", '{"allow":[]}'],
    ["a non-string permission", '{"allow":[1]}'],
    ["an extra field", '{"allow":["/twilio/messaging/messages/read"],"deny":[]}'],
  ])("rejects %s", (_name, raw) => {
    expect(rejection(raw).status).toBe(400);
  });

  it("accepts 100 permissions and rejects 101", () => {
    const all = knownPermissions.permissions.map((entry) => entry.permission);
    expect(all.length).toBeGreaterThan(101);
    expect(parse(JSON.stringify({ allow: all.slice(0, 100) })).allow).toHaveLength(100);
    expect(rejection(JSON.stringify({ allow: all.slice(0, 101) })).message).toBe(
      "Policy may hold at most 100 permissions; it has 101",
    );
  });

  it("rejects an oversized policy before parsing it", () => {
    expect(rejection(`{"allow":["${"a".repeat(20_000)}"]}`).message).toContain("larger than");
  });
});

describe("PolicyMatcher", () => {
  it("allows an exact permission or its resource wildcard, nothing else", () => {
    const matcher = new PolicyMatcher({ allow: ["/twilio/messaging/messages/read", "/twilio/voice/calls/*"] });
    expect(matcher.allows(permission("/twilio/messaging/messages/read"))).toBe(true);
    expect(matcher.allows(permission("/twilio/messaging/messages/list"))).toBe(false);
    expect(matcher.allows(permission("/twilio/voice/calls/delete"))).toBe(true);
    expect(matcher.allows(permission("/twilio/voice/calls.recordings/read"))).toBe(false);
  });
});
