import type { ApiKey, KeyType } from "@latchkey/core";
import { rfc2822 } from "./dates.js";

// snake_case lives only here: the wire shapes of a key in each API.

/** 2010-04-01 Keys and SigningKeys: no policy, no flags. */
export function serializeKeyV2010(key: ApiKey) {
  return {
    sid: key.sid,
    friendly_name: key.friendlyName,
    date_created: rfc2822(key.dateCreated),
    date_updated: rfc2822(key.dateUpdated),
  };
}

/** iam v1 fetch and update: with the policy object (null unless restricted). */
export function serializeKeyV1(key: ApiKey) {
  return { ...serializeKeyV2010(key), policy: key.policy };
}

const FLAGS: Readonly<Record<KeyType, readonly string[]>> = {
  main: ["rest_api", "signing", "manage_accounts", "manage_keys"],
  standard: ["rest_api", "signing"],
  // Restricted keys cannot sign Access Tokens, so they do not carry `signing`.
  restricted: ["rest_api", "restricted"],
};

/** iam v1 list item: flags instead of the policy. */
export function serializeKeyListItemV1(key: ApiKey) {
  return { ...serializeKeyV2010(key), flags: FLAGS[key.type] };
}

/** SECURITY: the only serializers that emit a secret; used by the create responses alone. */
export function withSecret<T extends object>(body: T, secret: string): T & { secret: string } {
  return { ...body, secret };
}
