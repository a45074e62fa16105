import type { Actor } from "../audit.js";
import type { Principal } from "../auth/principal.js";
import { AppError } from "../errors/app-error.js";
import type { Policy } from "../policy/policy.js";
import type { RegionContext } from "../region-context.js";
import type { KeyChanges } from "../store-port.js";
import type { StoredKey } from "./api-key.js";
import { findReachableKey } from "./find-reachable-key.js";

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
  const updated = await context.store.transaction(async (tx) => {
    const key = await findReachableKey(tx, caller.principal, target.sid, target.accountSid);
    if (update.policy !== undefined && key.type !== "restricted") {
      throw new AppError("INVALID_POLICY", { message: "Policy can only be set on a restricted key" });
    }
    const changes: KeyChanges = {
      dateUpdated: now,
      ...(update.friendlyName !== undefined && { friendlyName: update.friendlyName }),
      ...(update.policy !== undefined && { policy: update.policy }),
    };
    const result = await tx.keys.update(key.sid, changes);
    if (result === undefined) throw new AppError("NOT_FOUND");
    const { dateUpdated: _ignored, ...visible } = changes;
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
    return result;
  });
  // A new policy must apply from the next request on.
  context.authenticator.invalidate(updated.sid);
  return updated;
}
