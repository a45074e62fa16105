import type { AuditAction } from "../audit.js";
import type { RegionContext } from "../region-context.js";
import type { StoreRepositories } from "../store-port.js";

/** Appends the audit row of an account or auth-token mutation. SECURITY: `changes` never holds a token. */
export function auditAccountChange(
  tx: StoreRepositories,
  context: RegionContext,
  entry: {
    readonly action: AuditAction;
    readonly actor: { readonly sid: string; readonly address: string };
    readonly accountSid: string;
    readonly changes: Readonly<Record<string, unknown>>;
    readonly at: number;
  },
): Promise<void> {
  return tx.audit.append({
    action: entry.action,
    actorSid: entry.actor.sid,
    address: entry.actor.address,
    region: context.region,
    accountSid: entry.accountSid,
    targetSid: entry.accountSid,
    changes: entry.changes,
    at: entry.at,
  });
}
