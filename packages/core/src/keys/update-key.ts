import type { Actor } from "../audit.js";
import type { Principal } from "../auth/principal.js";
import { AppError } from "../errors/app-error.js";
import type { Policy } from "../policy/policy.js";
import type { RegionContext } from "../region-context.js";
import type { KeyChanges } from "../store-port.js";
import type { StoredKey } from "./api-key.js";
import { findReachableKey } from "./find-reachable-key.js";
import { assertMayChange } from "./key-rights.js";

export interface KeyUpdate {
  readonly friendlyName?: string | null;
  /** Replaces the whole policy; only restricted keys have one. */
  readonly policy?: Policy;
}

export async function updateKey(
  context: RegionContext,
  caller: { readonly principal: Principal; readonly actor: Actor },
  target: { readonly sid: string; readonly accountSid?: string },
  update: KeyUpdate,
): Promise<StoredKey> {
  const now = context.clock.now();
  const { key: updated, changed } = await context.store.transaction(async (tx) => {
    const key = await findReachableKey(tx, caller.principal, target.sid, target.accountSid, "write");
    assertMayChange({ escalation: context.keyEscalation, principal: caller.principal }, key, update);
    if (update.policy !== undefined && key.type !== "restricted") {
      throw new AppError("INVALID_POLICY", { message: "Policy can only be set on a restricted key" });
    }
    const visible = changedFields(key, update);
    // An update that changes nothing writes nothing: date_updated stays and no audit row is written.
    if (visible === null) return { key, changed: false };
    const result = await tx.keys.update(key.sid, { dateUpdated: now, ...visible });
    if (result === undefined) throw new AppError("NOT_FOUND");
    await tx.audit.append({
      action: "key.updated",
      actorSid: caller.actor.sid,
      address: caller.actor.address,
      region: context.region,
      accountSid: key.accountSid,
      targetSid: key.sid,
      changes: {
        ...("friendlyName" in visible && { friendly_name: visible.friendlyName }),
        ...("policy" in visible && { policy: visible.policy }),
      },
      at: now,
    });
    return { key: result, changed: true };
  });
  // A new policy must apply from the next request on.
  if (changed) context.authenticator.invalidate(updated.sid);
  return updated;
}

/**
 * The fields of `update` whose values differ from the key's, or null when none does. A policy is the
 * same only with the same permissions in the same order, since the order is what the API shows.
 */
function changedFields(key: StoredKey, update: KeyUpdate): Omit<KeyChanges, "dateUpdated"> | null {
  const fields = {
    ...(update.friendlyName !== undefined &&
      update.friendlyName !== key.friendlyName && { friendlyName: update.friendlyName }),
    ...(update.policy !== undefined && !samePolicy(update.policy, key.policy) && { policy: update.policy }),
  };
  return Object.keys(fields).length === 0 ? null : fields;
}

function samePolicy(next: Policy, current: Policy | null): boolean {
  return (
    current !== null &&
    next.allow.length === current.allow.length &&
    next.allow.every((grant, index) => grant === current.allow[index])
  );
}
