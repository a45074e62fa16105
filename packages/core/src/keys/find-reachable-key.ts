import { type AccountIntent, assertReachableAccount } from "../auth/account-reach.js";
import type { Principal } from "../auth/principal.js";
import { AppError } from "../errors/app-error.js";
import { isSid } from "../sids.js";
import type { StoreRepositories } from "../store-port.js";
import type { StoredKey } from "./api-key.js";

/**
 * Loads a key the principal may see: a malformed SID, a missing key and a key of an unreachable
 * account all answer the same 404. When `accountSid` is given (2010 paths), the key must belong to it.
 * `intent` is what the caller means to do with the key: changing a key is a write to its account.
 */
export async function findReachableKey(
  repositories: StoreRepositories,
  principal: Principal,
  sid: string,
  accountSid: string | undefined,
  intent: Exclude<AccountIntent, "status">,
): Promise<StoredKey> {
  if (accountSid !== undefined) await assertReachableAccount(repositories, principal, accountSid, intent);
  const key = isSid("key", sid) ? await repositories.keys.findBySid(sid) : undefined;
  if (key === undefined || (accountSid !== undefined && key.accountSid !== accountSid)) {
    throw new AppError("NOT_FOUND");
  }
  if (accountSid === undefined) await assertReachableAccount(repositories, principal, key.accountSid, intent);
  return key;
}
