import type { Actor } from "../audit.js";
import { assertReachableAccount } from "../auth/account-reach.js";
import type { Principal } from "../auth/principal.js";
import { generateKeySecret } from "../credentials/generate.js";
import { AppError } from "../errors/app-error.js";
import type { Policy } from "../policy/policy.js";
import type { RegionContext } from "../region-context.js";
import { newSid } from "../sids.js";
import type { KeyType, StoredKey } from "./api-key.js";
import { describeKey } from "./key-changes.js";
import { assertMayCreate } from "./key-rights.js";

export type NewKeyInput =
  | { readonly accountSid: string; readonly friendlyName: string | null; readonly type: "standard" }
  | {
      readonly accountSid: string;
      readonly friendlyName: string | null;
      readonly type: "restricted";
      readonly policy: Policy;
    };

export interface CreatedKey {
  readonly key: StoredKey;
  /** Shown exactly once, in the create response; only a verifier and a sealed copy are kept. */
  readonly secret: string;
}

/**
 * Creates a standard or restricted key through the API. Main keys are not expressible here: they
 * come only from the operator path (`createMainKey`).
 */
export async function createKey(
  context: RegionContext,
  caller: { readonly principal: Principal; readonly actor: Actor },
  input: NewKeyInput,
): Promise<CreatedKey> {
  await assertReachableAccount(context.store, caller.principal, input.accountSid, "write");
  const policy = input.type === "restricted" ? input.policy : null;
  assertMayCreate({ escalation: context.keyEscalation, principal: caller.principal }, { type: input.type, policy });
  return insertKey(context, caller.actor, {
    accountSid: input.accountSid,
    friendlyName: input.friendlyName,
    type: input.type,
    policy,
  });
}

/** The operator path to a Main key, used by `latchkey keys create --type main`. */
export async function createMainKey(
  context: RegionContext,
  actor: Actor,
  input: { readonly accountSid: string; readonly friendlyName: string | null },
): Promise<CreatedKey> {
  const account = await context.store.accounts.findBySid(input.accountSid);
  if (account === undefined) {
    // A region added to the list gets its copies of the accounts when the server next starts with it.
    throw new AppError("NOT_FOUND", {
      message: `Account ${input.accountSid} does not exist in region ${context.region} of this data dir (a region just added to LATCHKEY_REGIONS gets its accounts when the server starts with it)`,
    });
  }
  return insertKey(context, actor, { ...input, type: "main", policy: null });
}

async function insertKey(
  context: RegionContext,
  actor: Actor,
  fields: { accountSid: string; friendlyName: string | null; type: KeyType; policy: Policy | null },
): Promise<CreatedKey> {
  const now = context.clock.now();
  const sid = newSid(context.random, "key");
  const secret = generateKeySecret(context.random);
  const key: StoredKey = {
    sid,
    ...fields,
    region: context.region,
    dateCreated: now,
    dateUpdated: now,
    secretVerifier: context.secrets.verifierOf(secret).toString("base64"),
    sealedSecret: context.secrets.seal(secret, sid),
  };
  await context.store.transaction(async (tx) => {
    await tx.keys.create(key);
    await tx.audit.append({
      action: "key.created",
      actorSid: actor.sid,
      address: actor.address,
      region: context.region,
      accountSid: key.accountSid,
      targetSid: sid,
      changes: describeKey(key),
      at: now,
    });
  });
  return { key, secret };
}
