/**
 * Console users: who may sign in, with which role, for which account.
 *
 * Users are deployment-wide facts of the account directory, not of a region, so creating or deleting one
 * writes no row to any region's audit log (those logs record what happened in that region). What a user
 * then does to keys, tokens and accounts is audited by the existing use cases, with the US SID as actor.
 */
import { OWNER_ACCOUNT_SETTING } from "../accounts/owner-setting.js";
import type { Actor } from "../audit.js";
import type { DirectoryRepositories } from "../directory/directory-port.js";
import { inDirectory } from "../directory/directory-write.js";
import { AppError, isAppError } from "../errors/app-error.js";
import { isSid, parseSid } from "../sids.js";
import type { ConsoleDeps } from "./console-deps.js";
import { withDirectory } from "./console-directory.js";
import { MAX_CONSOLE_EMAIL_LENGTH, normalizeConsoleEmail } from "./console-email.js";
import { CONSOLE_ROLES, type ConsoleRole } from "./console-roles.js";
import { type ConsoleUser, publicConsoleUser, type StoredConsoleUser } from "./console-user.js";
import { checkNewPassword, hashPassword, newConsoleUserSid } from "./password-hash.js";

export interface NewConsoleUserInput {
  readonly email: string;
  readonly role: ConsoleRole;
  readonly accountSid: string;
  /** Null: a one-time password is made, which the user must change at first sign-in. */
  readonly password: string | null;
}

export interface CreatedConsoleUser {
  readonly user: ConsoleUser;
  /** Shown once to whoever created the user; null when they chose the password. Only its hash is kept. */
  readonly oneTimePassword: string | null;
}

// 16 bytes are 128 bits, 22 base64url characters: unguessable, and short enough to type from a banner.
const ONE_TIME_PASSWORD_BYTES = 16;
const LIST_BATCH = 500;

/**
 * Creates a console user for an active or suspended account of the directory.
 *
 * @example
 * ```ts
 * const { user, oneTimePassword } = await createConsoleUser(deps, actor, {
 *   email: "dev@example.com", role: "developer", accountSid, password: null,
 * });
 * ```
 */
export async function createConsoleUser(
  deps: ConsoleDeps,
  // Not written anywhere yet: users are deployment-wide and regional audit logs do not hold them (see above).
  _actor: Actor,
  input: NewConsoleUserInput,
): Promise<CreatedConsoleUser> {
  const email = requireEmail(input.email);
  if (!CONSOLE_ROLES.includes(input.role)) {
    throw new AppError("INVALID_PARAMETER", {
      message: `Invalid parameter: Role must be one of ${CONSOLE_ROLES.join(", ")}`,
    });
  }
  if (input.password !== null) {
    const reason = checkNewPassword(input.password);
    if (reason !== null) throw new AppError("INVALID_PARAMETER", { message: `Invalid parameter: Password: ${reason}` });
  }
  // Checked before hashing too, so a refusal costs no scrypt; checked again inside the transaction below.
  await withDirectory(deps.deployment, (directory) => assertNewUserFits(directory, input.accountSid, email));
  const oneTimePassword =
    input.password === null ? deps.random.bytes(ONE_TIME_PASSWORD_BYTES).toString("base64url") : null;
  // Hashing (~0.26 s) happens before the transaction, so the directory is never held while scrypt runs.
  const passwordHash = await hashPassword(input.password ?? oneTimePassword ?? "", deps.random);
  const now = deps.clock.now();
  const user: StoredConsoleUser = {
    sid: newConsoleUserSid(deps.random),
    email,
    role: input.role,
    accountSid: input.accountSid,
    mustChangePassword: input.password === null,
    region: null,
    dateCreated: now,
    dateUpdated: now,
    passwordHash,
  };
  try {
    await inDirectory(deps.deployment, async (tx) => {
      await assertNewUserFits(tx, input.accountSid, email);
      await tx.users.create(user);
    });
  } catch (error) {
    // Two creations racing past the check: the UNIQUE email refuses the second, which is the same refusal.
    if (!isAppError(error) || error.code !== "STORE_UNAVAILABLE") throw error;
    const winner = await withDirectory(deps.deployment, (directory) => directory.users.findByEmail(email));
    if (winner !== undefined) throw new AppError("CONSOLE_USER_EXISTS");
    throw error;
  }
  return { user: publicConsoleUser(user), oneTimePassword };
}

/**
 * The Owner user a new deployment starts with (serve/init on an empty data dir), with a one-time password
 * for the start banner.
 */
export async function createFirstOwnerUser(
  deps: ConsoleDeps,
  ownerAccountSid: string,
  email: string,
): Promise<{ user: ConsoleUser; oneTimePassword: string }> {
  const created = await createConsoleUser(
    deps,
    { sid: "operator", address: "local" },
    { email, role: "owner", accountSid: ownerAccountSid, password: null },
  );
  if (created.oneTimePassword === null) throw new Error("a console user made without a password has a one-time one");
  return { user: created.user, oneTimePassword: created.oneTimePassword };
}

/** Every console user, in email order. */
export async function listConsoleUsers(deps: ConsoleDeps): Promise<ConsoleUser[]> {
  const users: ConsoleUser[] = [];
  let after: string | null = null;
  for (;;) {
    const batch: StoredConsoleUser[] = await withDirectory(deps.deployment, (directory) =>
      directory.users.listAfter(after, LIST_BATCH),
    );
    users.push(...batch.map(publicConsoleUser));
    const last = batch[batch.length - 1];
    if (batch.length < LIST_BATCH || last === undefined) return users;
    after = last.email;
  }
}

/**
 * Deletes a user, named by SID or email, and ends their sessions. The deployment always keeps an Owner of
 * its owner account, so the console can never lock everybody out of Main keys and subaccounts.
 */
export async function deleteConsoleUser(deps: ConsoleDeps, _actor: Actor, sidOrEmail: string): Promise<ConsoleUser> {
  return inDirectory(deps.deployment, async (tx) => {
    const user = await findUser(tx, sidOrEmail);
    if (user === undefined) {
      throw new AppError("NOT_FOUND", { message: `No console user ${describeName(sidOrEmail)} exists` });
    }
    if (user.role === "owner" && (await isLastOwnerOfDeployment(tx, user))) {
      throw new AppError("CONSTRAINT_VIOLATION", {
        message: `${user.email} is the last Owner of the owner account and cannot be deleted; make another Owner first`,
      });
    }
    await tx.users.delete(user.sid);
    return publicConsoleUser(user);
  });
}

/** The normalized email, or INVALID_PARAMETER naming Email. */
function requireEmail(text: string): string {
  const email = normalizeConsoleEmail(text);
  if (email !== undefined) return email;
  throw new AppError("INVALID_PARAMETER", {
    message: `Invalid parameter: Email must be an email address with one @, at most ${MAX_CONSOLE_EMAIL_LENGTH} characters`,
  });
}

/** Refuses an account that is missing or closed (closing is final: nobody new joins it) and a taken email. */
async function assertNewUserFits(tx: DirectoryRepositories, accountSid: string, email: string): Promise<void> {
  const account = isSid("account", accountSid) ? await tx.accounts.findBySid(accountSid) : undefined;
  if (account === undefined || account.status === "closed") {
    throw new AppError("NOT_FOUND", { message: `Account ${describeName(accountSid)} was not found or is closed` });
  }
  if ((await tx.users.findByEmail(email)) !== undefined) throw new AppError("CONSOLE_USER_EXISTS");
}

async function findUser(tx: DirectoryRepositories, sidOrEmail: string): Promise<StoredConsoleUser | undefined> {
  const sid = parseSid("user", sidOrEmail);
  if (sid !== undefined) return tx.users.findBySid(sid);
  const email = normalizeConsoleEmail(sidOrEmail);
  return email === undefined ? undefined : tx.users.findByEmail(email);
}

async function isLastOwnerOfDeployment(tx: DirectoryRepositories, user: StoredConsoleUser): Promise<boolean> {
  const ownerAccountSid = await tx.settings.get(OWNER_ACCOUNT_SETTING);
  return user.accountSid === ownerAccountSid && (await tx.users.countOwners(user.accountSid)) <= 1;
}

/** A name from the caller, echoed in an error only when short enough to be one. */
function describeName(text: string): string {
  return typeof text === "string" && text.length <= MAX_CONSOLE_EMAIL_LENGTH ? text : "(too long)";
}
