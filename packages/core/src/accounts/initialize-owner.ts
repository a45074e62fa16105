import type { Actor } from "../audit.js";
import { AppError } from "../errors/app-error.js";
import type { RegionContext } from "../region-context.js";
import { newAccountRecord } from "./new-account.js";

export const OWNER_ACCOUNT_SETTING = "owner_account_sid";
export const MASTER_KEY_CHECK_SETTING = "master_key_check";

export interface OwnerCredentials {
  readonly accountSid: string;
  /** Returned once, to be shown to the operator; only its verifier and sealed copy are stored. */
  readonly authToken: string;
}

export class AlreadyInitializedError extends Error {
  constructor(readonly accountSid: string) {
    super(`This data dir is already initialized (owner account ${accountSid})`);
    this.name = "AlreadyInitializedError";
  }
}

/** Creates the owner account of an empty data dir, records the master-key check, and audits it. */
export async function initializeOwner(context: RegionContext, actor: Actor): Promise<OwnerCredentials> {
  const now = context.clock.now();
  const { account, authToken } = newAccountRecord(context, {
    ownerAccountSid: null,
    friendlyName: "Owner account",
    now,
  });
  const sid = account.sid;
  await context.store.transaction(async (tx) => {
    const existing = await tx.settings.get(OWNER_ACCOUNT_SETTING);
    if (existing !== undefined) throw new AlreadyInitializedError(existing);
    await tx.accounts.create(account);
    await tx.settings.set(OWNER_ACCOUNT_SETTING, sid);
    await tx.settings.set(MASTER_KEY_CHECK_SETTING, context.secrets.masterKeyCheck());
    await tx.audit.append({
      action: "account.initialized",
      actorSid: actor.sid,
      address: actor.address,
      region: context.region,
      accountSid: sid,
      targetSid: sid,
      changes: { friendly_name: account.friendlyName, status: account.status },
      at: now,
    });
  });
  return { accountSid: sid, authToken };
}

/** Refuses to run against data sealed with another master key. */
export async function assertMasterKeyMatches(context: RegionContext): Promise<void> {
  const stored = await context.store.settings.get(MASTER_KEY_CHECK_SETTING);
  if (stored !== undefined && stored !== context.secrets.masterKeyCheck()) {
    throw new AppError("SERVICE_UNAVAILABLE", {
      message:
        "The master key does not match this data dir: set LATCHKEY_MASTER_KEY to the key it was initialized with",
    });
  }
}
