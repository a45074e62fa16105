import { assertOwnAccount } from "../auth/authorize.js";
import type { Principal } from "../auth/principal.js";
import { AppError } from "../errors/app-error.js";
import { isSid } from "../sids.js";
import type { StoreRepositories } from "../store-port.js";
import type { StoredKey } from "./api-key.js";

/**
 * Loads a key the principal may see: a malformed SID, a missing key and another account's key all
 * answer the same 404. When `accountSid` is given (v2010 paths), the key must also belong to it.
 */
export async function findOwnKey(
  repositories: StoreRepositories,
  principal: Principal,
  sid: string,
  accountSid: string = principal.accountSid,
): Promise<StoredKey> {
  assertOwnAccount(principal, accountSid);
  const key = isSid("key", sid) ? await repositories.keys.findBySid(sid) : undefined;
  if (key === undefined || key.accountSid !== accountSid) throw new AppError("NOT_FOUND");
  return key;
}
