/**
 * Owns the invariant that no key raises its own rights: holding an api-keys permission lets a key
 * manage keys only within what it holds itself. Latchkey goes past Twilio here on purpose (on Twilio a
 * restricted key holding only api-keys/create can mint a standard key); `twilio` mode restores
 * Twilio's behaviour for deployments that depend on it. Pure functions: the use cases load the target
 * key and call these inside their transaction, after the reach check (another account's key is a
 * 404, never a 403).
 */
import { CREDENTIAL_RULES } from "../auth/access-rules.js";
import type { Principal } from "../auth/principal.js";
import { AppError } from "../errors/app-error.js";
import type { Policy } from "../policy/policy.js";
import type { ApiKey, KeyType } from "./api-key.js";

/** `strict` (the default): the rules below. `twilio`: only the route's permission is checked. */
export type KeyEscalation = "strict" | "twilio";

/** Who asks, and under which mode. */
export interface KeyRightsCaller {
  readonly escalation: KeyEscalation;
  readonly principal: Principal;
}

/**
 * The grants of `requested` that `held` does not cover, in the order requested. A held resource
 * wildcard covers each action of its resource; a requested wildcard is covered only by the same
 * wildcard, so a key never gains an action the catalog adds to a resource later.
 *
 * @example
 * permissionsBeyond(["/twilio/messaging/messages/read", "/twilio/voice/calls/*"],
 *   new Set(["/twilio/messaging/messages/*"])) // ["/twilio/voice/calls/*"]
 */
export function permissionsBeyond(requested: readonly string[], held: ReadonlySet<string>): string[] {
  return requested.filter((grant) => !isCovered(grant, held));
}

function isCovered(grant: string, held: ReadonlySet<string>): boolean {
  if (held.has(grant)) return true;
  return !grant.endsWith("/*") && held.has(`${grant.slice(0, grant.lastIndexOf("/") + 1)}*`);
}

/** Throws 403/70051 unless `caller` may create a key of this type and policy. */
export function assertMayCreate(
  caller: KeyRightsCaller,
  requested: { readonly type: KeyType; readonly policy: Policy | null },
): void {
  if (managesAnyKey(caller)) return;
  // SECURITY: a standard key holds every product permission, so minting one is the widest escalation.
  if (requested.type !== "restricted" || requested.policy === null) {
    throw denied("a restricted key may create only restricted keys within its own policy");
  }
  assertWithin(requested.policy, grantsOf(caller.principal), "the new key's policy");
}

/** Throws 403/70051 unless `caller` may apply `change` to `target` (an empty change included). */
export function assertMayChange(
  caller: KeyRightsCaller,
  target: ApiKey,
  change: { readonly friendlyName?: string | null; readonly policy?: Policy },
): void {
  if (managesAnyKey(caller)) return;
  // Refused whatever the change holds: whether it would change anything must not be a way to probe.
  if (target.type === "main") throw denied("only the Auth Token or a Main key may change a Main key");
  if (change.policy === undefined) return;
  if (target.sid === caller.principal.credentialSid) {
    // SECURITY: compared with the stored policy, the current one even if a cached principal lagged.
    const current = new Set(target.policy?.allow ?? []);
    assertWithin(change.policy, current, "a key may not widen its own policy: the new policy");
  } else {
    assertWithin(change.policy, grantsOf(caller.principal), "the new policy");
  }
}

/** Throws 403/70051 unless `caller` may delete `target`. */
export function assertMayDelete(caller: KeyRightsCaller, target: ApiKey): void {
  if (managesAnyKey(caller)) return;
  if (target.type === "main") throw denied("only the Auth Token or a Main key may delete a Main key");
}

/**
 * True when no rule below applies to the caller; throws for callers that may not manage keys at all. Read
 * from the rule table: full reach over management endpoints means full power over keys, reach through a
 * policy means the policy bounds what it may grant.
 */
function managesAnyKey(caller: KeyRightsCaller): boolean {
  switch (CREDENTIAL_RULES[caller.principal.credentialType].reach.management) {
    case "granted":
      return true;
    case "by-policy":
      return caller.escalation === "twilio";
    case "refused":
      // SECURITY: the auth hook refuses these on every key route already, in both modes; refusing here
      // too keeps a new caller of the use cases from skipping it.
      throw new AppError("AUTHENTICATION_FAILED");
  }
}

function grantsOf(principal: Principal): ReadonlySet<string> {
  return principal.policy?.granted ?? new Set();
}

function assertWithin(policy: Policy, held: ReadonlySet<string>, subject: string): void {
  const beyond = permissionsBeyond(policy.allow, held);
  const [first] = beyond;
  if (first === undefined) return;
  const more = beyond.length - 1;
  const others = more === 0 ? "" : ` and ${more} more permission${more === 1 ? "" : "s"}`;
  throw denied(`${subject} grants '${first}'${others}, which this key does not hold`);
}

function denied(reason: string): AppError {
  return new AppError("PERMISSION_DENIED", { message: `Authorization Failed: ${reason}` });
}
