import type { ApiKey } from "@latchkey/core";
import { iso8601 } from "../http/dates.js";

/** A key as the console shows it: never a secret (the create answer adds it once). */
export function serializeConsoleKey(key: ApiKey) {
  return {
    sid: key.sid,
    friendly_name: key.friendlyName,
    type: key.type,
    region: key.region,
    permissions: key.policy === null ? null : [...key.policy.allow],
    date_created: iso8601(key.dateCreated),
    date_updated: iso8601(key.dateUpdated),
  };
}
