import { describe, expect, it } from "vitest";
import type { CredentialType, Principal } from "../auth/principal.js";
import type { Account } from "./account.js";
import { mayViewAuthToken } from "./auth-token-visibility.js";

const PARENT = `AC${"a".repeat(32)}`;
const CHILD = `AC${"b".repeat(32)}`;
const STRANGER = `AC${"c".repeat(32)}`;

function principal(credentialType: CredentialType, accountSid = PARENT): Principal {
  return { accountSid, credentialSid: `SK${"d".repeat(32)}`, credentialType, policy: null };
}

function account(sid: string, ownerAccountSid = sid): Account {
  return {
    sid,
    ownerAccountSid,
    friendlyName: "test",
    status: "active",
    type: "Full",
    region: "us1",
    dateCreated: 0,
    dateUpdated: 0,
  };
}

describe("mayViewAuthToken", () => {
  it("shows the Auth Token of its own account to the Auth Token and to a Main key", () => {
    expect(mayViewAuthToken(principal("auth_token"), account(PARENT))).toBe(true);
    expect(mayViewAuthToken(principal("main"), account(PARENT))).toBe(true);
  });

  it("shows a subaccount's Auth Token to the parent's Auth Token", () => {
    expect(mayViewAuthToken(principal("auth_token"), account(CHILD, PARENT))).toBe(true);
  });

  it("hides the Auth Token from standard keys, restricted keys and Access Tokens", () => {
    for (const type of ["standard", "restricted", "access_token"] as const) {
      expect(mayViewAuthToken(principal(type), account(PARENT)), type).toBe(false);
      expect(mayViewAuthToken(principal(type), account(CHILD, PARENT)), type).toBe(false);
    }
  });

  it("hides the Auth Token of an account that is neither the caller's own nor its subaccount", () => {
    expect(mayViewAuthToken(principal("auth_token"), account(STRANGER))).toBe(false);
    expect(mayViewAuthToken(principal("main"), account(STRANGER))).toBe(false);
    expect(mayViewAuthToken(principal("auth_token", CHILD), account(PARENT))).toBe(false);
  });
});
