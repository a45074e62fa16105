import type { ApiKey } from "./api-key.js";

/** The audit record of a key's visible fields. SECURITY: built from ApiKey, which has no secret. */
export function describeKey(key: ApiKey): Record<string, unknown> {
  return { friendly_name: key.friendlyName, type: key.type, policy: key.policy };
}
