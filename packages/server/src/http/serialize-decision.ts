import type { Decision } from "@latchkey/core";
import { toTwilioErrorBody } from "./twilio-error.js";

/** The body of POST /v1/Authorize. */
export function serializeDecision(decision: Decision, path: string) {
  return {
    allowed: decision.allowed,
    account_sid: decision.principal?.accountSid ?? null,
    credential_sid: decision.principal?.credentialSid ?? null,
    credential_type: decision.principal?.credentialType ?? null,
    permission: decision.allowed ? decision.permission : null,
    missing_permission: decision.allowed ? null : decision.missingPermission,
    reason: decision.reason,
    error: decision.allowed ? null : toTwilioErrorBody(decision.error, path),
    // Present for Access Tokens only: the service behind the gateway enforces the grants.
    ...(decision.allowed &&
      decision.accessToken !== null && {
        identity: decision.accessToken.identity,
        grants: decision.accessToken.grants,
      }),
  };
}

/** Headers of GET /v1/Authorize/Request, for the gateway to forward upstream or log. */
export function decisionHeaders(decision: Decision): Record<string, string> {
  const headers: Record<string, string> = { "X-Latchkey-Reason": decision.reason };
  if (decision.principal !== null) {
    headers["X-Latchkey-Account-Sid"] = decision.principal.accountSid;
    headers["X-Latchkey-Credential-Sid"] = decision.principal.credentialSid;
    headers["X-Latchkey-Credential-Type"] = decision.principal.credentialType;
  }
  if (!decision.allowed) {
    headers["X-Latchkey-Error-Code"] = String(decision.error.twilioCode);
    return headers;
  }
  if (decision.permission !== null) headers["X-Latchkey-Permission"] = decision.permission;
  const identity = decision.accessToken?.identity;
  // Identities are free text: encoded, so no value can break the header. A lone surrogate (valid JSON,
  // but not text) would make encodeURIComponent throw: it reads as U+FFFD. Verification refuses
  // identities over MAX_ACCESS_TOKEN_IDENTITY_LENGTH (256) code units, and one unit encodes to at most
  // 9 bytes (`%XX` × 3), so the header is at most 2,304 bytes.
  if (identity !== undefined && identity !== null) {
    headers["X-Latchkey-Identity"] = encodeURIComponent(identity.replace(/\p{Surrogate}/gu, "\ufffd"));
  }
  return headers;
}
