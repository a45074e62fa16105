import { CREDENTIAL_RULES } from "../auth/access-rules.js";
import type { Principal } from "../auth/principal.js";
import type { Account } from "./account.js";

/**
 * Whether a response to `principal` may carry `account`'s Auth Token in the clear.
 *
 * SECURITY: only callers that could already do everything with the account see its Auth Token (its own
 * Auth Token or Main key, or the parent's); a restricted key with accounts/read, a standard key or an
 * Access Token sees null, or one read would hand it every right. The account must also be the caller's
 * own or one of its subaccounts: routes only pass reachable accounts, and this check keeps a future
 * caller that forgets from leaking another account's token. Full power is the rule table's: a credential
 * that reaches account-admin endpoints unconditionally. A closed account's token is never shown: it can
 * no longer authenticate, and a closed account is read-only history.
 *
 * @example
 * const authToken = mayViewAuthToken(principal, account) ? secrets.open(account.sealedAuthToken, account.sid) : null;
 */
export function mayViewAuthToken(principal: Principal, account: Account): boolean {
  const ownsAccount = principal.accountSid === account.sid || principal.accountSid === account.ownerAccountSid;
  const holdsFullPower = CREDENTIAL_RULES[principal.credentialType].reach["account-admin"] === "granted";
  return ownsAccount && holdsFullPower && account.status !== "closed";
}
