import { generateAuthToken } from "../credentials/generate.js";
import type { RegionContext } from "../region-context.js";
import { newSid } from "../sids.js";
import type { StoredAccount } from "./account.js";

/**
 * A new active account record with a fresh Auth Token (kept only as verifier and sealed copy).
 * `ownerAccountSid` null makes an owner (top-level) account, which names itself as its owner.
 */
export function newAccountRecord(
  context: Pick<RegionContext, "random" | "secrets" | "region">,
  fields: { readonly ownerAccountSid: string | null; readonly friendlyName: string; readonly now: number },
): { readonly account: StoredAccount; readonly authToken: string } {
  const sid = newSid(context.random, "account");
  const authToken = generateAuthToken(context.random);
  const account: StoredAccount = {
    sid,
    ownerAccountSid: fields.ownerAccountSid ?? sid,
    friendlyName: fields.friendlyName,
    status: "active",
    type: "Full",
    region: context.region,
    dateCreated: fields.now,
    dateUpdated: fields.now,
    authTokenVerifier: context.secrets.verifierOf(authToken).toString("base64"),
    sealedAuthToken: context.secrets.seal(authToken, sid),
    authTokenDateCreated: fields.now,
    secondaryAuthTokenVerifier: null,
    sealedSecondaryAuthToken: null,
    secondaryAuthTokenDateCreated: null,
  };
  return { account, authToken };
}
