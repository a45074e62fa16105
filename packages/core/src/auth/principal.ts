import type { PolicyMatcher } from "../policy/policy.js";

export type CredentialType = "auth_token" | "main" | "standard" | "restricted" | "access_token";

/** Who a request authenticated as. Built once per credential and cached, never per request. */
export interface Principal {
  readonly accountSid: string;
  /** The key SID (the issuing key for an Access Token), or the account SID for auth-token credentials. */
  readonly credentialSid: string;
  readonly credentialType: CredentialType;
  /** Present only for restricted keys. */
  readonly policy: PolicyMatcher | null;
}
