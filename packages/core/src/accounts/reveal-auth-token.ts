import type { Actor } from "../audit.js";
import type { Principal } from "../auth/principal.js";
import { AppError } from "../errors/app-error.js";
import type { RegionContext } from "../region-context.js";
import { auditAccountChange } from "./audit-account.js";
import { mayViewAuthToken } from "./auth-token-visibility.js";

/**
 * The caller's primary Auth Token in this region, shown on request (the console's Reveal). A person looking
 * at the credential that holds every right in the account is worth a line in the audit log: who, from
 * where, when; never the token.
 */
export async function revealPrimaryAuthToken(
  context: RegionContext,
  caller: { readonly principal: Principal; readonly actor: Actor },
): Promise<string> {
  const sid = caller.principal.accountSid;
  return context.store.transaction(async (tx) => {
    const account = await tx.accounts.findBySid(sid);
    if (account === undefined) throw new AppError("NOT_FOUND");
    // SECURITY: who sees an Auth Token is one rule, the Accounts API's.
    if (!mayViewAuthToken(caller.principal, account)) {
      throw new AppError("PERMISSION_DENIED", { message: "Authorization Failed: this Auth Token cannot be shown" });
    }
    await auditAccountChange(tx, context, {
      action: "auth_token.revealed",
      actor: caller.actor,
      accountSid: sid,
      changes: {},
      at: context.clock.now(),
    });
    return context.secrets.open(account.sealedAuthToken, account.sid);
  });
}
