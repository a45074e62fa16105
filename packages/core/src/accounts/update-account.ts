import type { Actor } from "../audit.js";
import { accountStatusPermits, findReachableAccount, reachError } from "../auth/account-reach.js";
import type { Principal } from "../auth/principal.js";
import type { DirectoryAccountChanges } from "../directory/directory-port.js";
import { inDirectory } from "../directory/directory-write.js";
import { AppError } from "../errors/app-error.js";
import type { RegionContext } from "../region-context.js";
import { type Account, type AccountStatus, isSubaccount, type StoredAccount } from "./account.js";
import { auditAccountChange } from "./audit-account.js";
import { afterCopy, copyAccount, copyEverywhere } from "./replicate-account.js";

export interface AccountUpdate {
  readonly friendlyName?: string;
  readonly status?: AccountStatus;
}

/**
 * Renames an account or moves a subaccount's status (active <-> suspended, and to the final closed), in
 * every region. Only the parent changes a subaccount's status; an owner account's status never changes here.
 */
export async function updateAccount(
  context: RegionContext,
  caller: { readonly principal: Principal; readonly actor: Actor },
  sid: string,
  update: AccountUpdate,
): Promise<StoredAccount> {
  const now = context.clock.now();
  // Who may reach the account is this region's to say (an account's owner never changes); what the
  // change may do is the directory's, whose status no other region's change can have overtaken.
  const regional = await findReachableAccount(context.store, caller.principal, sid, "read");
  const { deployment } = context;
  const change = await inDirectory(deployment, async (tx) => {
    const account = await tx.accounts.findBySid(regional.sid);
    if (account === undefined) throw new AppError("NOT_FOUND");
    const renamed = update.friendlyName !== undefined && update.friendlyName !== account.friendlyName;
    const statusChanged = update.status !== undefined && update.status !== account.status;
    // Nothing to change is not a change: no write, no audit row, date_updated stays.
    if (!renamed && !statusChanged) return null;
    if (statusChanged && update.status !== undefined)
      assertStatusChangeAllowed(account, caller.principal, update.status);
    // A closed subaccount is read-only to its parent; a suspended one takes a status change only, which
    // may carry a new name along as the account leaves suspension.
    if (!accountStatusPermits(account, statusChanged ? "status" : "write")) throw reachError("not_active", account.sid);
    const changes: DirectoryAccountChanges = {
      dateUpdated: now,
      ...(renamed && update.friendlyName !== undefined && { friendlyName: update.friendlyName }),
      ...(statusChanged && update.status !== undefined && { status: update.status }),
    };
    const updated = await tx.accounts.update(account.sid, changes);
    if (updated === undefined) throw new AppError("NOT_FOUND");
    return { updated, changes, previousStatus: account.status };
  });
  if (change === null) return regional;
  const { updated, changes, previousStatus } = change;
  return copyEverywhere(context, updated, async () => {
    const result = await context.store.transaction(async (tx) => {
      const outcome = await copyAccount(context, tx, updated);
      await auditAccountChange(tx, context, {
        action: "account.updated",
        actor: caller.actor,
        accountSid: updated.sid,
        changes: {
          ...(changes.friendlyName !== undefined && { friendly_name: changes.friendlyName }),
          ...(changes.status !== undefined && { status: changes.status, previous_status: previousStatus }),
        },
        at: now,
      });
      const account = await tx.accounts.findBySid(updated.sid);
      if (account === undefined) throw new AppError("NOT_FOUND");
      return { account, outcome };
    });
    afterCopy(context, result.outcome);
    return result.account;
  });
}

function assertStatusChangeAllowed(account: Account, principal: Principal, status: AccountStatus): void {
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
