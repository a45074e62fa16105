import { permission, type RouteAccess } from "@latchkey/core";

/**
 * The Accounts API is account management: closed to standard keys; restricted keys may read and
 * list with `/twilio/iam/accounts/{read,list}`. Creating and updating accounts and rotating Auth
 * Tokens are for account credentials and Main keys only (`account-admin`), even for a restricted
 * key holding `/twilio/iam/accounts/*`.
 */
export const ACCOUNT_ACCESS = {
  create: { kind: "account-admin", permission: permission("/twilio/iam/accounts/create") },
  read: { kind: "management", permission: permission("/twilio/iam/accounts/read") },
  list: { kind: "management", permission: permission("/twilio/iam/accounts/list") },
  update: { kind: "account-admin", permission: permission("/twilio/iam/accounts/update") },
  authTokens: { kind: "account-admin", permission: permission("/twilio/iam/auth-tokens/update") },
} as const satisfies Record<string, RouteAccess>;
