import { describe, expect, it } from "vitest";
import { PolicyMatcher } from "../policy/policy.js";
import { twilioRouteTree } from "../routing/permission-catalog-routes.js";
import type { RouteMatch } from "../routing/route-tree.js";
import { CREDENTIAL_RULES, DENIAL_MESSAGES, judgeAccess } from "./access-rules.js";
import type { CredentialType, Principal } from "./principal.js";

const AC = `AC${"a".repeat(32)}`;

function principal(credentialType: CredentialType, allow: string[] = []): Principal {
  return {
    accountSid: AC,
    credentialSid: `SK${"b".repeat(32)}`,
    credentialType,
    policy: credentialType === "restricted" ? new PolicyMatcher({ allow }) : null,
  };
}

function endpoint(host: string, method: string, path: string): RouteMatch {
  const match = twilioRouteTree.match({ host, method, path });
  if (match === undefined) throw new Error(`no catalog endpoint for ${method} ${path}`);
  return match;
}

const READ_KEY = endpoint("iam", "GET", "/v1/Keys/SK123");
const READ_MESSAGE = endpoint("api", "GET", `/2010-04-01/Accounts/${AC}/Messages/SM1.json`);
const CREATE_ACCOUNT = endpoint("api", "POST", "/2010-04-01/Accounts.json");
const UPDATE_ACCOUNT = endpoint("api", "POST", `/2010-04-01/Accounts/${AC}.json`);
const PROMOTE_TOKEN = endpoint("accounts", "POST", "/v1/AuthTokens/Promote");
const UNKNOWN = { method: "GET", path: "/v1/Nowhere" };

describe("the catalog's endpoint classes", () => {
  it("marks the Key APIs and reading accounts as management, product APIs as product", () => {
    expect(READ_KEY.endpointClass).toBe("management");
    expect(endpoint("api", "GET", `/2010-04-01/Accounts/${AC}/SigningKeys.json`).endpointClass).toBe("management");
    expect(endpoint("api", "GET", "/2010-04-01/Accounts.json").endpointClass).toBe("management");
    expect(READ_MESSAGE.endpointClass).toBe("product");
  });

  it("lists account creation, account updates and Auth Token rotation as account-admin, with no permission", () => {
    for (const match of [CREATE_ACCOUNT, UPDATE_ACCOUNT, PROMOTE_TOKEN]) {
      expect(match.endpointClass).toBe("account-admin");
      expect(match.permissions).toEqual([]);
    }
    expect(endpoint("accounts", "DELETE", "/v1/AuthTokens/Secondary").endpointClass).toBe("account-admin");
  });
});

describe("judgeAccess", () => {
  it("has a rule for every credential type", () => {
    expect(Object.keys(CREDENTIAL_RULES).sort()).toEqual([
      "access_token",
      "auth_token",
      "main",
      "restricted",
      "standard",
    ]);
  });

  it("lets Auth Tokens and Main keys use every class of endpoint and unknown ones", () => {
    for (const type of ["auth_token", "main"] as const) {
      for (const match of [READ_KEY, READ_MESSAGE, CREATE_ACCOUNT, UPDATE_ACCOUNT, PROMOTE_TOKEN, undefined]) {
        expect(judgeAccess(principal(type), match, UNKNOWN).allowed).toBe(true);
      }
    }
    expect(judgeAccess(principal("main"), READ_KEY, UNKNOWN)).toEqual({
      allowed: true,
      permission: "/twilio/iam/api-keys/read",
    });
  });

  it("answers 401/20003 to standard keys and Access Tokens on management and account-admin endpoints", () => {
    for (const type of ["standard", "access_token"] as const) {
      for (const match of [READ_KEY, CREATE_ACCOUNT, UPDATE_ACCOUNT, PROMOTE_TOKEN]) {
        const verdict = judgeAccess(principal(type), match, UNKNOWN);
        expect(verdict.allowed).toBe(false);
        if (verdict.allowed) continue;
        expect(verdict.reason).toBe("management_forbidden");
        expect([verdict.error.status, verdict.error.twilioCode]).toEqual([401, 20003]);
      }
      expect(judgeAccess(principal(type), READ_MESSAGE, UNKNOWN)).toEqual({
        allowed: true,
        permission: "/twilio/messaging/messages/read",
      });
      expect(judgeAccess(principal(type), undefined, UNKNOWN).allowed).toBe(true);
    }
  });

  it("keeps account-admin endpoints from restricted keys whatever their policy", () => {
    const everything = principal("restricted", ["/twilio/iam/accounts/*", "/twilio/iam/api-keys/*"]);
    for (const match of [CREATE_ACCOUNT, UPDATE_ACCOUNT, PROMOTE_TOKEN]) {
      const verdict = judgeAccess(everything, match, UNKNOWN);
      if (verdict.allowed) throw new Error("a restricted key reached an account-admin endpoint");
      expect([verdict.error.status, verdict.error.twilioCode, verdict.error.message]).toEqual([
        403,
        70051,
        DENIAL_MESSAGES.accountAdmin,
      ]);
      expect(verdict.missingPermission).toBeNull();
    }
  });

  it("answers 403/70051 naming the permission a restricted key lacks, and accepts its wildcard", () => {
    const verdict = judgeAccess(principal("restricted", ["/twilio/iam/api-keys/list"]), READ_KEY, UNKNOWN);
    expect(verdict).toMatchObject({
      allowed: false,
      reason: "permission_denied",
      missingPermission: "/twilio/iam/api-keys/read",
      error: { status: 403, twilioCode: 70051, message: DENIAL_MESSAGES.lacksPermission("/twilio/iam/api-keys/read") },
    });
    expect(judgeAccess(principal("restricted", ["/twilio/iam/api-keys/*"]), READ_KEY, UNKNOWN)).toEqual({
      allowed: true,
      permission: "/twilio/iam/api-keys/read",
    });
  });

  it("denies a restricted key an endpoint the catalog does not know, naming the request", () => {
    expect(judgeAccess(principal("restricted", ["/twilio/messaging/messages/*"]), undefined, UNKNOWN)).toMatchObject({
      allowed: false,
      reason: "no_matching_route",
      missingPermission: null,
      error: { status: 403, twilioCode: 70051, message: "Authorization Failed: no permission covers GET /v1/Nowhere" },
    });
  });
});
