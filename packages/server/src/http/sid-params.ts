import { parseSid } from "@latchkey/core";

/**
 * Rewrites the path params that name SIDs (`Sid`, `AccountSid`) to their canonical lower-case form, so
 * `/v1/Keys/SK0A…` reaches the key `SK0a…` as Twilio's case-insensitive patterns allow, and everything
 * after the edge (reach checks, stores, links in the answer) sees one spelling of each SID.
 */
export function canonicalizeSidParams(params: unknown): void {
  if (typeof params !== "object" || params === null) return;
  const values = params as Record<string, unknown>;
  for (const name in values) {
    const value = values[name];
    // Only a 34-character value can be a SID; a canonical one passes through parseSid's first check.
    if (typeof value !== "string" || value.length !== 34 || !name.endsWith("Sid")) continue;
    const canonical = parseSid("account", value) ?? parseSid("key", value);
    if (canonical !== undefined && canonical !== value) values[name] = canonical;
  }
}
