/**
 * What a gateway may learn from the decision API. A gateway token may ask about any credential. A Main
 * key may ask only about credentials of its own account and, when that account is a parent, of its
 * subaccounts: without this bound, a subaccount's Main key could test guesses at its parent's or its
 * siblings' secrets and read their account and credential facts.
 */
import {
  AppError,
  type Decision,
  type DecisionRequest,
  type DeniedDecision,
  decide,
  isAppError,
  type Principal,
  type RegionContext,
} from "@latchkey/core";
import type { GatewayIdentity } from "./gateway-auth.js";

/** {@link decide}, with a credential outside the gateway's reach answered as an unknown one. */
export async function decideForGateway(
  region: RegionContext,
  gateway: GatewayIdentity,
  request: DecisionRequest,
): Promise<Decision> {
  const decision = await decide(region, request);
  const credential = decision.principal;
  if (gateway.kind === "gateway_token" || credential === null) return decision;
  if (await withinReach(region, gateway.principal, credential.accountSid)) return decision;
  return asUnknownCredential(credential);
}

async function withinReach(region: RegionContext, gateway: Principal, accountSid: string): Promise<boolean> {
  if (accountSid === gateway.accountSid) return true;
  try {
    const account = await region.store.accounts.findBySid(accountSid);
    return account !== undefined && account.ownerAccountSid === gateway.accountSid;
  } catch (error) {
    // As in decide(): an outage is a 503, never an answer that reads like a fact about the credential.
    throw isAppError(error) ? error : new AppError("STORE_UNAVAILABLE", { cause: error });
  }
}

/**
 * SECURITY: exactly what a credential that does not exist gets (Basic: 401/20003; an Access Token:
 * 401/20101, which an unknown signing key gets), with no account or credential in the body or headers,
 * so the gateway cannot tell a right secret from a wrong one. The claimed SID is kept for throttling,
 * which then counts it as the failure it reads as: a right secret answers the same 429 as a wrong one.
 */
function asUnknownCredential(credential: Principal): DeniedDecision {
  return {
    allowed: false,
    reason: "authentication_failed",
    principal: null,
    error: new AppError(
      credential.credentialType === "access_token" ? "ACCESS_TOKEN_INVALID" : "AUTHENTICATION_FAILED",
    ),
    missingPermission: null,
    failedSid: credential.credentialSid,
  };
}
