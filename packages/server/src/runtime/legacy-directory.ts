import {
  type Deployment,
  type DirectoryAccount,
  OWNER_ACCOUNT_SETTING,
  type RegionContext,
  type StoredAccount,
} from "@latchkey/core";
import { ConfigError } from "../config.js";

const PAGE = 1000;

/**
 * A data dir with region stores but no account directory: one from before regions formed one deployment,
 * or one whose directory file was lost. A region that knows its owner gives the directory its owner and
 * subaccounts, keeping their SIDs and Auth Tokens, so every credential keeps working; the other regions
 * then get copies on reconciliation. A second region that was initialized apart, with another owner,
 * cannot join: its SIDs would clash.
 */
export async function importLegacyAccounts(deployment: Deployment): Promise<void> {
  const { directory } = deployment;
  if ((await directory.settings.get(OWNER_ACCOUNT_SETTING)) !== undefined) return;
  const owners = new Map<RegionContext, string>();
  for (const region of deployment.regions) {
    const owner = await region.store.settings.get(OWNER_ACCOUNT_SETTING);
    if (owner !== undefined) owners.set(region, owner);
  }
  const [first] = owners;
  if (first === undefined) return;
  const [source, ownerSid] = first;
  for (const [region, other] of owners) {
    if (other !== ownerSid) {
      throw new ConfigError(
        `regions ${source.region} and ${region.region} were initialized apart (owner accounts ${ownerSid} and ${other}); they cannot serve one deployment: give each its own data dir`,
      );
    }
  }
  await directory.transaction(async (tx) => {
    for (let offset = 0; ; offset += PAGE) {
      const page = await source.store.accounts.listPage({
        accountSid: ownerSid,
        includeSubaccounts: true,
        friendlyName: null,
        status: null,
        limit: PAGE,
        cursor: null,
        offset,
      });
      for (const account of page) await tx.accounts.create(identityOf(account));
      if (page.length < PAGE) break;
    }
    await tx.settings.set(OWNER_ACCOUNT_SETTING, ownerSid);
  });
}

function identityOf(account: StoredAccount): DirectoryAccount {
  return {
    sid: account.sid,
    ownerAccountSid: account.ownerAccountSid,
    friendlyName: account.friendlyName,
    status: account.status,
    type: account.type,
    region: account.region,
    dateCreated: account.dateCreated,
    dateUpdated: account.dateUpdated,
    version: account.version,
  };
}
