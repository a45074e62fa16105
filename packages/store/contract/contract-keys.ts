import type { StoredKey } from "@latchkey/core";

/** The accounts every store contract test seeds; keys belong to ACCOUNT unless told otherwise. */
export const ACCOUNT = `AC${"a".repeat(32)}`;
export const OTHER_ACCOUNT = `AC${"b".repeat(32)}`;

/** Key number `index`: its SID and dates grow with the index, so the newest-first order is by index. */
export function key(index: number, overrides: Partial<StoredKey> = {}): StoredKey {
  return {
    sid: `SK${index.toString(16).padStart(32, "0")}`,
    accountSid: ACCOUNT,
    friendlyName: `key ${index}`,
    type: "standard",
    policy: null,
    region: "us1",
    dateCreated: 1_000 + index,
    dateUpdated: 1_000 + index,
    secretVerifier: `verifier-${index}`,
    sealedSecret: `v1.sealed-${index}`,
    ...overrides,
  };
}
