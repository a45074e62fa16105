import type { StoredAccount } from "@latchkey/core";
import { iso8601 } from "../http/dates.js";

/** A subaccount as the Subaccounts page shows it; its Auth Token is not part of it. */
export function serializeSubaccount(account: StoredAccount) {
  return {
    sid: account.sid,
    friendly_name: account.friendlyName,
    status: account.status,
    date_created: iso8601(account.dateCreated),
    date_updated: iso8601(account.dateUpdated),
  };
}
