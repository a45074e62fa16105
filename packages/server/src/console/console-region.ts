import {
  type Actor,
  AppError,
  assertConsoleMay,
  type ConsoleAction,
  type ConsoleUser,
  consoleActor,
  consolePrincipal,
  type Principal,
  type RegionContext,
  regionNamed,
} from "@latchkey/core";
import type { FastifyRequest } from "fastify";
import { signedInOf } from "./signed-in.js";

/** A console request in the region its path names, as the use cases take it. */
export interface ConsoleRegionCall {
  readonly region: RegionContext;
  readonly user: ConsoleUser;
  readonly caller: { readonly principal: Principal; readonly actor: Actor };
}

/**
 * The region of `/console/api/regions/:region/…` for the signed-in user, once the role table allows
 * `action` (null: the handler asks itself, when the action depends on what it loads).
 *
 * The console takes the region from its path, not from the Host: one console page works in every region.
 */
export async function consoleRegionCall(
  request: FastifyRequest,
  action: ConsoleAction | null,
): Promise<ConsoleRegionCall> {
  const { user } = signedInOf(request);
  const region = regionOf(request);
  if (action !== null) assertConsoleMay(user, action);
  await assertAccountActive(region, user.accountSid);
  return {
    region,
    user,
    caller: { principal: consolePrincipal(user), actor: consoleActor(user, request.ip) },
  };
}

function regionOf(request: FastifyRequest): RegionContext {
  const { region: name } = request.params as { region: string };
  const region = regionNamed(request.region.deployment, name);
  if (region !== undefined) return region;
  const served = request.region.deployment.regions.map((context) => context.region).join(", ");
  // The name is echoed only when it looks like a region id, so the message never carries arbitrary text.
  const named = /^[a-z0-9-]{1,32}$/.test(name) ? `The region ${name}` : "That region";
  throw new AppError("REGION_NOT_SERVED", {
    message: `${named} is not served by this Latchkey deployment (it serves ${served})`,
  });
}

/**
 * SECURITY: the REST APIs never authenticate a credential of an account that is not active (or whose parent
 * is not), and the use cases rely on that for the caller's own account. A console user is not authenticated
 * by credential, so the same rule is applied here, before any use case runs.
 */
async function assertAccountActive(region: RegionContext, accountSid: string): Promise<void> {
  const account = await region.store.accounts.findBySid(accountSid);
  const parent =
    account !== undefined && account.ownerAccountSid !== account.sid
      ? await region.store.accounts.findBySid(account.ownerAccountSid)
      : account;
  if (account === undefined || parent === undefined) throw new AppError("NOT_FOUND");
  const inactive = account.status !== "active" ? account : parent.status !== "active" ? parent : undefined;
  if (inactive === undefined) return;
  throw new AppError("ACCOUNT_NOT_ACTIVE", {
    message: `Account ${inactive.sid} is ${inactive.status}: the console cannot act on its keys, tokens or subaccounts until it is active`,
  });
}
