import { describe, expect, it } from "vitest";
import { permission } from "../policy/permission.js";
import { PolicyMatcher } from "../policy/policy.js";
import { authorize } from "./authorize.js";
import type { Principal } from "./principal.js";

const READ_KEYS = { kind: "management", permission: permission("/twilio/iam/api-keys/read") } as const;
const READ_MESSAGES = { kind: "product", permission: permission("/twilio/messaging/messages/read") } as const;

function principal(credentialType: Principal["credentialType"], allow: string[] = []): Principal {
  return {
    accountSid: `AC${"a".repeat(32)}`,
    credentialSid: `SK${"b".repeat(32)}`,
    credentialType,
    policy: credentialType === "restricted" ? new PolicyMatcher({ allow }) : null,
  };
}

describe("authorize", () => {
  it("lets auth tokens and main keys do everything", () => {
    for (const type of ["auth_token", "main"] as const) {
      expect(() => authorize(principal(type), READ_KEYS)).not.toThrow();
    }
  });

  it("answers 401/20003 to a standard key on management routes and lets it use products", () => {
    expect(() => authorize(principal("standard"), READ_KEYS)).toThrowError(
      expect.objectContaining({ status: 401, twilioCode: 20003 }),
    );
    expect(() => authorize(principal("standard"), READ_MESSAGES)).not.toThrow();
  });

  it("keeps account-admin routes from restricted keys whatever their policy", () => {
    const createAccounts = { kind: "account-admin", permission: permission("/twilio/iam/accounts/create") } as const;
    expect(() => authorize(principal("restricted", ["/twilio/iam/accounts/*"]), createAccounts)).toThrowError(
      expect.objectContaining({ status: 403, twilioCode: 70051 }),
    );
    expect(() => authorize(principal("standard"), createAccounts)).toThrowError(
      expect.objectContaining({ status: 401, twilioCode: 20003 }),
    );
    expect(() => authorize(principal("main"), createAccounts)).not.toThrow();
  });

  it("answers 403/70051 naming the permission a restricted key lacks", () => {
    expect(() => authorize(principal("restricted", ["/twilio/iam/api-keys/list"]), READ_KEYS)).toThrowError(
      expect.objectContaining({
        status: 403,
        twilioCode: 70051,
        message: "Authorization Failed: the API key lacks the permission '/twilio/iam/api-keys/read'",
      }),
    );
    expect(() => authorize(principal("restricted", ["/twilio/iam/api-keys/*"]), READ_KEYS)).not.toThrow();
  });
});
