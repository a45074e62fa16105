import { findReachableKey, type StoredKey } from "@latchkey/core";
import type { ConsoleRegionCall } from "./console-region.js";

/**
 * A key of the user's own account in the call's region, or 404: a malformed SID, a missing key, and a key of
 * any other account (a subaccount's included: the console shows one account's keys) all look the same.
 */
export function findConsoleKey(call: ConsoleRegionCall, sid: string): Promise<StoredKey> {
  return findReachableKey(call.region.store, call.caller.principal, sid, call.user.accountSid, "read");
}
