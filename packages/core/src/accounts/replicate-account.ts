/**
 * How an account change reaches every region. The directory decides (accounts/*.ts commit there first),
 * then each region copies the result into its own store, each with its own Auth Token for a new
 * account. A region that cannot copy now (its store failed) is told to the deployment and copies the
 * change when it is reconciled; the version on every copy makes late and repeated copies harmless.
 */
import type { Deployment } from "../deployment.js";
import type { DirectoryAccount } from "../directory/directory-port.js";
import type { RegionContext } from "../region-context.js";
import type { StoreRepositories } from "../store-port.js";
import { regionalAccountRecord } from "./new-account.js";
import { OWNER_ACCOUNT_SETTING } from "./owner-setting.js";

/** What copying an account into a region did. */
export type CopyOutcome =
  /** The region had no copy: it now has one, with this Auth Token of its own (shown once, to whoever asked). */
  | { readonly kind: "created"; readonly authToken: string }
  | { readonly kind: "updated"; readonly statusChanged: boolean }
  /** The region's copy was as new or newer. */
  | { readonly kind: "current" };

/**
 * Brings `region`'s copy of the account up to `identity`, inside the caller's regional transaction (so an
 * audit row can commit with it). The caller drops credential caches when the status changed (see below).
 * A new copy's Auth Token is dated `tokenCreatedAt`: the account's creation, unless the copy comes later.
 */
export async function copyAccount(
  region: RegionContext,
  tx: StoreRepositories,
  identity: DirectoryAccount,
  tokenCreatedAt: number = identity.dateCreated,
): Promise<CopyOutcome> {
  const current = await tx.accounts.findBySid(identity.sid);
  if (current === undefined) {
    const { account, authToken } = regionalAccountRecord(region, identity, tokenCreatedAt);
    await tx.accounts.create(account);
    return { kind: "created", authToken };
  }
  if (current.version >= identity.version) return { kind: "current" };
  await tx.accounts.update(identity.sid, {
    friendlyName: identity.friendlyName,
    status: identity.status,
    dateUpdated: identity.dateUpdated,
    version: identity.version,
  });
  return { kind: "updated", statusChanged: current.status !== identity.status };
}

/** {@link copyAccount} in a transaction of its own, with the region's caches kept true. */
export async function copyAccountInto(region: RegionContext, identity: DirectoryAccount): Promise<CopyOutcome> {
  const outcome = await region.store.transaction((tx) => copyAccount(region, tx, identity));
  afterCopy(region, outcome);
  return outcome;
}

/**
 * A status change reaches an account's keys and its subaccounts' credentials (suspending a parent stops
 * them all), so the region's credential cache starts cold; such changes are rare enough to pay for it.
 */
export function afterCopy(region: RegionContext, outcome: CopyOutcome): void {
  if (outcome.kind === "updated" && outcome.statusChanged) region.authenticator.invalidateAll();
}

/**
 * Copies `identity` into every region but `done` (which the caller already updated in its own transaction;
 * null copies into all).
 * A region whose store fails keeps serving what it has, as {@link missedCopy} says.
 */
export async function copyToOtherRegions(
  deployment: Deployment,
  identity: DirectoryAccount,
  done: RegionContext | null,
): Promise<void> {
  for (const region of deployment.regions) {
    if (region === done) continue;
    try {
      await copyAccountInto(region, identity);
    } catch (error) {
      missedCopy(region, error);
    }
  }
}

/**
 * A region that could not store an account change. SECURITY: its credential cache is dropped, so what it
 * could not store (a suspension) is not answered from memory; the deployment reconciles it later.
 */
export function missedCopy(region: RegionContext, error: unknown): void {
  region.authenticator.invalidateAll();
  region.deployment.replicationFailed(region, error);
}

/**
 * An account change that has committed in the directory, applied where it was asked (`own`: the region's
 * copy with its audit row) and then in every other region. The others get it even when `own` fails: the
 * directory has decided, so the caller's error must not leave them behind; the asking region then catches
 * up like any region that failed to copy.
 */
export async function copyEverywhere<T>(
  context: RegionContext,
  identity: DirectoryAccount,
  own: () => Promise<T>,
): Promise<T> {
  try {
    return await own();
  } catch (error) {
    missedCopy(context, error);
    throw error;
  } finally {
    await copyToOtherRegions(context.deployment, identity, context);
  }
}

/** What reconciling a region did. */
export interface Reconciliation {
  readonly region: string;
  /** Accounts the region had no copy of (every account, for a region just added). */
  readonly created: number;
  readonly updated: number;
  /** The owner account's new Auth Token in this region, when this reconciliation created its copy. */
  readonly ownerAuthToken: string | null;
}

const RECONCILE_PAGE = 500;

/**
 * Makes the region's copies match the directory: every account exists (a region added to an existing
 * deployment gets them all, each with a new Auth Token) and carries the directory's latest version. Runs
 * at every start and after a region failed to copy a change; it is idempotent.
 */
export async function reconcileRegion(
  region: RegionContext,
  ownerAccountSid: string | undefined,
): Promise<Reconciliation> {
  const { directory } = region.deployment;
  let created = 0;
  let updated = 0;
  let ownerAuthToken: string | null = null;
  let statusChanged = false;
  for (let after: string | null = null; ; ) {
    const page: DirectoryAccount[] = await directory.accounts.listAfter(after, RECONCILE_PAGE);
    if (page.length === 0) break;
    for (const identity of page) {
      const outcome = await region.store.transaction(async (tx) => {
        const copied = await copyAccount(region, tx, identity, region.clock.now());
        if (copied.kind === "created" && identity.sid === ownerAccountSid) {
          await tx.settings.set(OWNER_ACCOUNT_SETTING, identity.sid);
        }
        return copied;
      });
      if (outcome.kind === "created") {
        created += 1;
        if (identity.sid === ownerAccountSid) ownerAuthToken = outcome.authToken;
      } else if (outcome.kind === "updated") {
        updated += 1;
        statusChanged ||= outcome.statusChanged;
      }
    }
    after = page[page.length - 1]?.sid ?? null;
  }
  if (statusChanged) region.authenticator.invalidateAll();
  return { region: region.region, created, updated, ownerAuthToken };
}
