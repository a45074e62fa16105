import type { StoredAccount } from "../accounts/account.js";
import { AppError } from "../errors/app-error.js";
import { isSid } from "../sids.js";
import type { StoreRepositories } from "../store-port.js";
import type { Principal } from "./principal.js";

/**
 * Which accounts a principal may act on: its own, and — for the parent's Auth Token only — its
 * subaccounts. API keys, Main keys included, stay inside their own account, as Twilio documents
 * for main-account keys on subaccount resources.
 *
 * SECURITY: anything else answers 404, exactly as a missing account does.
 */
export async function findReachableAccount(
  repositories: StoreRepositories,
  principal: Principal,
  accountSid: string,
): Promise<StoredAccount> {
  const reachable = accountSid === principal.accountSid || principal.credentialType === "auth_token";
  const account =
    reachable && isSid("account", accountSid) ? await repositories.accounts.findBySid(accountSid) : undefined;
  if (account === undefined) throw new AppError("NOT_FOUND");
  if (account.sid !== principal.accountSid && account.ownerAccountSid !== principal.accountSid) {
    throw new AppError("NOT_FOUND");
  }
  return account;
}

/** The same rule without loading the account when it is the principal's own (the common case). */
export async function assertReachableAccount(
  repositories: StoreRepositories,
  principal: Principal,
  accountSid: string,
): Promise<void> {
  if (accountSid !== principal.accountSid) await findReachableAccount(repositories, principal, accountSid);
}
