import type { Account, StoredAccount } from "../accounts/account.js";
import { AppError } from "../errors/app-error.js";
import { isSid } from "../sids.js";
import type { StoreRepositories } from "../store-port.js";
import type { Principal } from "./principal.js";

/**
 * What a request means to do with an account it names: `read` (fetch and list), `status` (change the
 * account's status) or `write` (anything else: keys, names, product traffic).
 */
export type AccountIntent = "read" | "status" | "write";

export type AccountReach =
  | { readonly ok: true; readonly account: StoredAccount }
  /** `not_found` also covers accounts the principal may not see at all: they must look missing. */
  | { readonly ok: false; readonly reason: "not_found" | "not_active"; readonly account?: StoredAccount };

/**
 * Which accounts a principal may act on, and how: its own, and — for the parent's Auth Token only — its
 * subaccounts. API keys, Main keys included, stay inside their own account, as Twilio documents for
 * main-account keys on subaccount resources. A closed subaccount is read-only to its parent; a suspended
 * one accepts reads and a status change (back to active) only.
 *
 * SECURITY: an account outside the principal's reach answers `not_found`, exactly as a missing account does.
 */
export async function reachAccount(
  repositories: StoreRepositories,
  principal: Principal,
  accountSid: string,
  intent: AccountIntent,
): Promise<AccountReach> {
  const reachable = accountSid === principal.accountSid || principal.credentialType === "auth_token";
  const account =
    reachable && isSid("account", accountSid) ? await repositories.accounts.findBySid(accountSid) : undefined;
  if (account === undefined) return NOT_FOUND;
  if (account.sid !== principal.accountSid && account.ownerAccountSid !== principal.accountSid) return NOT_FOUND;
  if (!accountStatusPermits(account, intent)) return { ok: false, reason: "not_active", account };
  return { ok: true, account };
}

const NOT_FOUND: AccountReach = { ok: false, reason: "not_found" };

/**
 * What an account's status lets a request do with it. The principal's own account is active whenever it
 * authenticates (the authenticator refuses the rest), so only a parent acting on its subaccounts meets the
 * other statuses.
 */
export function accountStatusPermits(account: Pick<Account, "status">, intent: AccountIntent): boolean {
  switch (account.status) {
    case "active":
      return true;
    case "suspended":
      return intent !== "write";
    case "closed":
      return intent === "read";
  }
}

/** {@link reachAccount} for use cases: the account, or the error the caller gets. */
export async function findReachableAccount(
  repositories: StoreRepositories,
  principal: Principal,
  accountSid: string,
  intent: AccountIntent,
): Promise<StoredAccount> {
  const reach = await reachAccount(repositories, principal, accountSid, intent);
  if (reach.ok) return reach.account;
  throw reachError(reach.reason, accountSid);
}

/** The same rule without loading the account when it is the principal's own (the common case). */
export async function assertReachableAccount(
  repositories: StoreRepositories,
  principal: Principal,
  accountSid: string,
  intent: AccountIntent,
): Promise<void> {
  if (accountSid !== principal.accountSid) await findReachableAccount(repositories, principal, accountSid, intent);
}

/** The Twilio error for an unreachable account. */
export function reachError(reason: "not_found" | "not_active", accountSid: string): AppError {
  return reason === "not_found"
    ? new AppError("NOT_FOUND")
    : new AppError("ACCOUNT_NOT_ACTIVE", {
        message: `Account ${accountSid} is not active: a closed account is read-only and a suspended one accepts only reads and a status change`,
      });
}
