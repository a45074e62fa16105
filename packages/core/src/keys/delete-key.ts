import type { Actor } from "../audit.js";
import type { Principal } from "../auth/principal.js";
import type { RegionContext } from "../region-context.js";
import { findReachableKey } from "./find-reachable-key.js";
import { describeKey } from "./key-changes.js";
import { assertMayDelete } from "./key-rights.js";

/** Deletes a key; it stops authenticating on the next request. */
export async function deleteKey(
  context: RegionContext,
  caller: { readonly principal: Principal; readonly actor: Actor },
  target: { readonly sid: string; readonly accountSid?: string },
): Promise<void> {
  const now = context.clock.now();
  await context.store.transaction(async (tx) => {
    const key = await findReachableKey(tx, caller.principal, target.sid, target.accountSid, "write");
    assertMayDelete({ escalation: context.keyEscalation, principal: caller.principal }, key);
    await tx.keys.delete(key.sid);
    await tx.audit.append({
      action: "key.deleted",
      actorSid: caller.actor.sid,
      address: caller.actor.address,
      region: context.region,
      accountSid: key.accountSid,
      targetSid: key.sid,
      changes: describeKey(key),
      at: now,
    });
  });
  context.authenticator.invalidate(target.sid);
}
