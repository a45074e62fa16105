import type { Actor } from "../audit.js";
import type { SecretKeeper } from "../credentials/secret-keeper.js";
import type { Deployment } from "../deployment.js";
import type { DirectoryAccount } from "../directory/directory-port.js";
import { inDirectory } from "../directory/directory-write.js";
import { AppError } from "../errors/app-error.js";
import type { SettingsRepository } from "../store-port.js";
import { AlreadyInitializedError } from "./already-initialized.js";
import { newAccountIdentity } from "./new-account.js";
import { MASTER_KEY_CHECK_SETTING, OWNER_ACCOUNT_SETTING } from "./owner-setting.js";
import { copyAccount, missedCopy } from "./replicate-account.js";

export { MASTER_KEY_CHECK_SETTING, OWNER_ACCOUNT_SETTING } from "./owner-setting.js";

export interface OwnerCredentials {
  readonly accountSid: string;
  /** The default region's Auth Token. Returned once, to be shown to the operator; only its verifier and sealed copy are stored. */
  readonly authToken: string;
  /** Each region's Auth Token for the account, by region id; the default region's is `authToken`. */
  readonly authTokens: Readonly<Record<string, string>>;
}

export { AlreadyInitializedError } from "./already-initialized.js";

/**
 * Creates the owner account of an empty deployment: one SID in the directory, then a copy with its own
 * Auth Token in every region, each audited there.
 */
export async function initializeOwner(deployment: Deployment, actor: Actor): Promise<OwnerCredentials> {
  return createTopLevelAccount(deployment, actor, { friendlyName: "Owner account", asOwner: true });
}

/**
 * A top-level account: the deployment's owner, or (`asOwner` false) another tenant the operator adds. A
 * region that fails to take its copy is reported and gets it when reconciled, which then reports that
 * region's new Auth Token (runtime: the start banner); the tokens returned are those of the regions that took it.
 */
export async function createTopLevelAccount(
  deployment: Deployment,
  actor: Actor,
  options: { readonly friendlyName: string; readonly asOwner: boolean },
): Promise<OwnerCredentials> {
  const [home] = deployment.regions;
  if (home === undefined) throw new Error("a deployment serves at least one region");
  const identity = newAccountIdentity(home.random, {
    ownerAccountSid: null,
    friendlyName: options.friendlyName,
    region: home.region,
    now: home.clock.now(),
  });
  await inDirectory(deployment, async (tx) => {
    if (options.asOwner) {
      const existing = await tx.settings.get(OWNER_ACCOUNT_SETTING);
      if (existing !== undefined) throw new AlreadyInitializedError(existing);
      await tx.settings.set(OWNER_ACCOUNT_SETTING, identity.sid);
    }
    await tx.accounts.create(identity);
  });
  const authTokens = await createInEveryRegion(deployment, identity, actor, options.asOwner);
  return { accountSid: identity.sid, authToken: authTokens[home.region] ?? "", authTokens };
}

async function createInEveryRegion(
  deployment: Deployment,
  identity: DirectoryAccount,
  actor: Actor,
  asOwner: boolean,
): Promise<Record<string, string>> {
  const authTokens: Record<string, string> = {};
  for (const region of deployment.regions) {
    try {
      const outcome = await region.store.transaction(async (tx) => {
        const copied = await copyAccount(region, tx, identity);
        // Each region also knows its owner, so a lost directory can be rebuilt from any region (runtime).
        if (asOwner) await tx.settings.set(OWNER_ACCOUNT_SETTING, identity.sid);
        await tx.audit.append({
          action: asOwner ? "account.initialized" : "account.created",
          actorSid: actor.sid,
          address: actor.address,
          region: region.region,
          accountSid: identity.sid,
          targetSid: identity.sid,
          changes: { friendly_name: identity.friendlyName, status: identity.status },
          at: identity.dateCreated,
        });
        return copied;
      });
      if (outcome.kind === "created") authTokens[region.region] = outcome.authToken;
    } catch (error) {
      missedCopy(region, error);
    }
  }
  return authTokens;
}

/**
 * Refuses to run against data sealed with another master key, and records the key's check on a store
 * that has none yet (a new one), so the next start can tell.
 */
export async function checkMasterKey(settings: SettingsRepository, secrets: SecretKeeper): Promise<void> {
  const stored = await settings.get(MASTER_KEY_CHECK_SETTING);
  if (stored === undefined) {
    await settings.set(MASTER_KEY_CHECK_SETTING, secrets.masterKeyCheck());
    return;
  }
  if (stored !== secrets.masterKeyCheck()) {
    throw new AppError("SERVICE_UNAVAILABLE", {
      message:
        "The master key does not match this data dir: set LATCHKEY_MASTER_KEY to the key it was initialized with",
    });
  }
}
