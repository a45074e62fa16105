import { generateAuthToken } from "../credentials/generate.js";
import type { DirectoryAccount } from "../directory/directory-port.js";
import type { Random } from "../ports.js";
import type { RegionContext } from "../region-context.js";
import { newSid } from "../sids.js";
import type { StoredAccount } from "./account.js";

/**
 * A new active account as the directory records it. `ownerAccountSid` null makes an owner (top-level)
 * account, which names itself as its owner. `region` is where it was created; it exists in every region.
 */
export function newAccountIdentity(
  random: Random,
  fields: {
    readonly ownerAccountSid: string | null;
    readonly friendlyName: string;
    readonly region: string;
    readonly now: number;
  },
): DirectoryAccount {
  const sid = newSid(random, "account");
  return {
    sid,
    ownerAccountSid: fields.ownerAccountSid ?? sid,
    friendlyName: fields.friendlyName,
    status: "active",
    type: "Full",
    region: fields.region,
    dateCreated: fields.now,
    dateUpdated: fields.now,
    version: 1,
  };
}

/** A region's copy of `identity` with a fresh Auth Token of that region's own (kept only as verifier and sealed copy). */
export function regionalAccountRecord(
  context: Pick<RegionContext, "random" | "secrets">,
  identity: DirectoryAccount,
  now: number,
): { readonly account: StoredAccount; readonly authToken: string } {
  const authToken = generateAuthToken(context.random);
  const account: StoredAccount = {
    ...identity,
    authTokenVerifier: context.secrets.verifierOf(authToken).toString("base64"),
    sealedAuthToken: context.secrets.seal(authToken, identity.sid),
    authTokenDateCreated: now,
    secondaryAuthTokenVerifier: null,
    sealedSecondaryAuthToken: null,
    secondaryAuthTokenDateCreated: null,
  };
  return { account, authToken };
}
