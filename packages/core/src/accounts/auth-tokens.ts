/**
 * Auth Token rotation (accounts v1): create a secondary token, drop it, or promote it. While a
 * secondary exists both tokens authenticate; promotion makes the old primary fail on the next request.
 */
import type { Actor } from "../audit.js";
import type { Principal } from "../auth/principal.js";
import { generateAuthToken } from "../credentials/generate.js";
import { AppError } from "../errors/app-error.js";
import type { RegionContext } from "../region-context.js";
import type { AccountChanges } from "../store-port.js";
import type { StoredAccount } from "./account.js";
import { auditAccountChange } from "./audit-account.js";

type Caller = { readonly principal: Principal; readonly actor: Actor };

export interface AuthTokenResult {
  readonly account: StoredAccount;
  /** The token the response shows: the new secondary, or the promoted primary. */
  readonly token: string;
}

export async function createSecondaryAuthToken(context: RegionContext, caller: Caller): Promise<AuthTokenResult> {
  const sid = caller.principal.accountSid;
  const token = generateAuthToken(context.random);
  const now = context.clock.now();
  const account = await changeTokens(context, caller, "auth_token.secondary_created", () => ({
    secondaryAuthTokenVerifier: context.secrets.verifierOf(token).toString("base64"),
    sealedSecondaryAuthToken: context.secrets.seal(token, sid),
    secondaryAuthTokenDateCreated: now,
    dateUpdated: now,
  }));
  return { account, token };
}

export async function deleteSecondaryAuthToken(context: RegionContext, caller: Caller): Promise<void> {
  await changeTokens(context, caller, "auth_token.secondary_deleted", (account) => {
    assertHasSecondary(account);
    return {
      secondaryAuthTokenVerifier: null,
      sealedSecondaryAuthToken: null,
      secondaryAuthTokenDateCreated: null,
      dateUpdated: context.clock.now(),
    };
  });
}

export async function promoteSecondaryAuthToken(context: RegionContext, caller: Caller): Promise<AuthTokenResult> {
  let promoted = "";
  const account = await changeTokens(context, caller, "auth_token.promoted", (current) => {
    const secondary = assertHasSecondary(current);
    promoted = context.secrets.open(secondary.sealed, current.sid);
    return {
      authTokenVerifier: secondary.verifier,
      sealedAuthToken: secondary.sealed,
      authTokenDateCreated: secondary.dateCreated,
      secondaryAuthTokenVerifier: null,
      sealedSecondaryAuthToken: null,
      secondaryAuthTokenDateCreated: null,
      dateUpdated: context.clock.now(),
    };
  });
  return { account, token: promoted };
}

/** Reads the caller's account, applies the change with its audit row in one transaction, then drops the cached credential. */
async function changeTokens(
  context: RegionContext,
  caller: Caller,
  action: "auth_token.secondary_created" | "auth_token.secondary_deleted" | "auth_token.promoted",
  change: (account: StoredAccount) => AccountChanges,
): Promise<StoredAccount> {
  const sid = caller.principal.accountSid;
  const updated = await context.store.transaction(async (tx) => {
    const account = await tx.accounts.findBySid(sid);
    if (account === undefined) throw new AppError("NOT_FOUND");
    const result = await tx.accounts.update(sid, change(account));
    if (result === undefined) throw new AppError("NOT_FOUND");
    // SECURITY: the audit row says what happened, never which token.
    await auditAccountChange(tx, context, {
      action,
      actor: caller.actor,
      accountSid: sid,
      changes: {},
      at: result.dateUpdated,
    });
    return result;
  });
  context.authenticator.invalidate(sid);
  return updated;
}

function assertHasSecondary(account: StoredAccount) {
  const { secondaryAuthTokenVerifier, sealedSecondaryAuthToken, secondaryAuthTokenDateCreated } = account;
  if (
    secondaryAuthTokenVerifier === null ||
    sealedSecondaryAuthToken === null ||
    secondaryAuthTokenDateCreated === null
  ) {
    throw new AppError("NOT_FOUND", { message: "This account has no secondary Auth Token" });
  }
  return {
    verifier: secondaryAuthTokenVerifier,
    sealed: sealedSecondaryAuthToken,
    dateCreated: secondaryAuthTokenDateCreated,
  };
}
