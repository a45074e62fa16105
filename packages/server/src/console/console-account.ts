import { AppError, type StoredAccount } from "@latchkey/core";
import type { ConsoleRegionCall } from "./console-region.js";

/** The user's own account as the call's region stores it (its Auth Tokens are per region). */
export async function ownAccount(call: ConsoleRegionCall): Promise<StoredAccount> {
  const account = await call.region.store.accounts.findBySid(call.user.accountSid);
  if (account === undefined) throw new AppError("NOT_FOUND");
  return account;
}
