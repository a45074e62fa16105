import { permission, type RouteAccess } from "@latchkey/core";

/**
 * The Accounts API is account management: closed to standard keys; restricted keys may read and
 * list with `/twilio/iam/accounts/{read,list}`. Creating and updating accounts, and rotating Auth
 * Tokens, need permissions the catalog never grants, so only account credentials and Main keys may.
 */
export const ACCOUNT_ACCESS = {
  create: { kind: "management", permission: permission("/twilio/iam/accounts/create") },
  read: { kind: "management", permission: permission("/twilio/iam/accounts/read") },
  list: { kind: "management", permission: permission("/twilio/iam/accounts/list") },
  update: { kind: "management", permission: permission("/twilio/iam/accounts/update") },
  authTokens: { kind: "management", permission: permission("/twilio/iam/auth-tokens/update") },
} as const satisfies Record<string, RouteAccess>;
