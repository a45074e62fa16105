import type { Actor } from "../audit.js";
import { accountStatusPermits, findReachableAccount, reachError } from "../auth/account-reach.js";
import type { Principal } from "../auth/principal.js";
import { AppError } from "../errors/app-error.js";
import type { RegionContext } from "../region-context.js";
import type { AccountChanges } from "../store-port.js";
import { type AccountStatus, isSubaccount, type StoredAccount } from "./account.js";
import { auditAccountChange } from "./audit-account.js";

export interface AccountUpdate {
  readonly friendlyName?: string;
  readonly status?: AccountStatus;
}

/**
 * Renames an account or moves a subaccount's status (active <-> suspended, and to the final closed).
 * Only the parent changes a subaccount's status; an owner account's status never changes here.
 */
export async function updateAccount(
  context: RegionContext,
  caller: { readonly principal: Principal; readonly actor: Actor },
  sid: string,
  update: AccountUpdate,
): Promise<StoredAccount> {
  const now = context.clock.now();
  let statusChanged = false;
  const updated = await context.store.transaction(async (tx) => {
    // Loaded for reading first: what the update may do depends on what it changes (see below).
    const account = await findReachableAccount(tx, caller.principal, sid, "read");
    const renamed = update.friendlyName !== undefined && update.friendlyName !== account.friendlyName;
    statusChanged = update.status !== undefined && update.status !== account.status;
    // Nothing to change is not a change: no write, no audit row, date_updated stays.
    if (!renamed && !statusChanged) return account;
    if (statusChanged && update.status !== undefined)
      assertStatusChangeAllowed(account, caller.principal, update.status);
    // A closed subaccount is read-only to its parent; a suspended one takes a status change only, which
    // may carry a new name along as the account leaves suspension.
    const intent = statusChanged ? "status" : "write";
    if (!accountStatusPermits(account, intent)) throw reachError("not_active", account.sid);
    const changes: AccountChanges = {
      dateUpdated: now,
      ...(renamed && update.friendlyName !== undefined && { friendlyName: update.friendlyName }),
      ...(statusChanged && update.status !== undefined && { status: update.status }),
    };
    const result = await tx.accounts.update(account.sid, changes);
    if (result === undefined) throw new AppError("NOT_FOUND");
    await auditAccountChange(tx, context, {
      action: "account.updated",
      actor: caller.actor,
      accountSid: account.sid,
      changes: {
        ...(changes.friendlyName !== undefined && { friendly_name: changes.friendlyName }),
        ...(changes.status !== undefined && { status: changes.status, previous_status: account.status }),
      },
      at: now,
    });
    return result;
  });
  // Suspension reaches the account's keys and its subaccounts' credentials: start from a cold cache.
  if (statusChanged) context.authenticator.invalidateAll();
  return updated;
}

function assertStatusChangeAllowed(account: StoredAccount, principal: Principal, status: AccountStatus): void {
  if (!isSubaccount(account)) {
    throw new AppError("ACCESS_DENIED", { message: "The owner account cannot be suspended or closed through the API" });
  }
  if (account.ownerAccountSid !== principal.accountSid) {
    throw new AppError("ACCESS_DENIED", { message: "Only the parent account can change a subaccount's status" });
  }
  if (account.status === "closed") {
    throw new AppError("INVALID_PARAMETER", { message: `A closed account cannot become ${status}` });
  }
}
