import type { Actor } from "../audit.js";
import type { Principal } from "../auth/principal.js";
import { inDirectory } from "../directory/directory-write.js";
import { AppError } from "../errors/app-error.js";
import type { RegionContext } from "../region-context.js";
import { isSubaccount, type StoredAccount } from "./account.js";
import { auditAccountChange } from "./audit-account.js";
import { newAccountIdentity } from "./new-account.js";
import { copyAccount, copyEverywhere } from "./replicate-account.js";

export interface CreatedSubaccount {
  readonly account: StoredAccount;
  /** The new subaccount's Auth Token in the region asked; its parent may read it again later, as on Twilio. */
  readonly authToken: string;
}

/**
 * Creates a subaccount of the caller's account, in every region: the directory checks and records it
 * (subaccounts cannot nest; each parent has a cap on the subaccounts it has open, active or suspended,
 * and closing one frees its place), then the region asked copies it with its audit row, then the others
 * copy it, each with an Auth Token of its own.
 */
export async function createSubaccount(
  context: RegionContext,
  caller: { readonly principal: Principal; readonly actor: Actor },
  input: { readonly friendlyName: string | null },
): Promise<CreatedSubaccount> {
  const now = context.clock.now();
  const parentSid = caller.principal.accountSid;
  const identity = newAccountIdentity(context.random, {
    ownerAccountSid: parentSid,
    friendlyName: input.friendlyName ?? defaultSubaccountName(now),
    region: context.region,
    now,
  });
  const { deployment } = context;
  await inDirectory(deployment, async (tx) => {
    const parent = await tx.accounts.findBySid(parentSid);
    if (parent === undefined) throw new AppError("NOT_FOUND");
    if (isSubaccount(parent)) throw new AppError("SUBACCOUNT_NESTING");
    if ((await tx.accounts.countSubaccounts(parentSid)) >= context.maxSubaccounts) {
      throw new AppError("SUBACCOUNT_LIMIT", {
        message: `Reached maximum number of subaccounts (${context.maxSubaccounts})`,
      });
    }
    await tx.accounts.create(identity);
  });
  return copyEverywhere(context, identity, () =>
    context.store.transaction(async (tx) => {
      const outcome = await copyAccount(context, tx, identity);
      await auditAccountChange(tx, context, {
        action: "account.created",
        actor: caller.actor,
        accountSid: identity.sid,
        changes: { friendly_name: identity.friendlyName, owner_account_sid: parentSid, status: identity.status },
        at: now,
      });
      const account = await tx.accounts.findBySid(identity.sid);
      if (outcome.kind !== "created" || account === undefined) throw new Error(`account ${identity.sid} was not new`);
      return { account, authToken: outcome.authToken };
    }),
  );
}

/** Twilio's default name: `SubAccount Created at 2026-11-22 06:45 am` (UTC). */
export function defaultSubaccountName(epochMs: number): string {
  const date = new Date(epochMs);
  const hours = date.getUTCHours();
  const hour12 = hours % 12 === 0 ? 12 : hours % 12;
  const two = (value: number) => String(value).padStart(2, "0");
  const day = `${date.getUTCFullYear()}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())}`;
  return `SubAccount Created at ${day} ${two(hour12)}:${two(date.getUTCMinutes())} ${hours < 12 ? "am" : "pm"}`;
}
