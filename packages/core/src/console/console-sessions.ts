/**
 * Owns the invariants of console sign-in: a session token exists only in the browser's cookie (the
 * directory keeps its SHA-256), a session ends after `idleTimeoutMs` without use or `maxSessionMs` after
 * sign-in, and sign-in does the same work whether or not the email belongs to anybody.
 *
 * Sessions are deployment-wide, like users, and are not written to any region's audit log.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { regionNamed } from "../deployment.js";
import { inDirectory } from "../directory/directory-write.js";
import { AppError } from "../errors/app-error.js";
import type { ConsoleDeps } from "./console-deps.js";
import { withDirectory } from "./console-directory.js";
import { normalizeConsoleEmail } from "./console-email.js";
import { type ConsoleSession, type ConsoleUser, publicConsoleUser } from "./console-user.js";
import { DUMMY_PASSWORD_HASH } from "./dummy-password-hash.js";
import { checkNewPassword, hashPassword, MAX_PASSWORD_BYTES, verifyPassword } from "./password-hash.js";

export type SignInResult =
  | { readonly ok: true; readonly token: string; readonly user: ConsoleUser }
  | { readonly ok: false };

export interface ResumedSession {
  readonly user: ConsoleUser;
  readonly session: ConsoleSession;
}

/** A session's lastSeenAt is written at most this often, so console requests are not each a write. */
export const CONSOLE_SESSION_TOUCH_INTERVAL_MS = 60_000;

const TOKEN_BYTES = 32;
// 32 bytes in unpadded base64url.
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

const FAILED: SignInResult = Object.freeze({ ok: false });

/**
 * Checks an email and password and, when they match, starts a session. A wrong password, an unknown email
 * and a malformed one all give the same `{ ok: false }`. The account's status does not matter here: a user
 * of a suspended or closed account signs in and is refused actions by the use cases, with their message.
 */
export async function signIn(deps: ConsoleDeps, input: { email: string; password: string }): Promise<SignInResult> {
  // SECURITY: an over-long password is refused before any hashing, so nobody can make us hash megabytes.
  if (typeof input.password !== "string" || Buffer.byteLength(input.password) > MAX_PASSWORD_BYTES) return FAILED;
  const email = normalizeConsoleEmail(input.email);
  const user =
    email === undefined ? undefined : await withDirectory(deps.deployment, (d) => d.users.findByEmail(email));
  // SECURITY: exactly one scrypt verification whether or not the email exists, so timing does not tell.
  const matches = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
  if (user === undefined || !matches) return FAILED;

  const token = deps.random.bytes(TOKEN_BYTES).toString("base64url");
  const now = deps.clock.now();
  await inDirectory(deps.deployment, async (tx) => {
    // Sign-in is rare, so it is where the directory forgets sessions nobody will resume.
    await tx.sessions.deleteExpired(now - deps.idleTimeoutMs, now - deps.maxSessionMs);
    await tx.sessions.create({ idHash: sessionIdHash(token), userSid: user.sid, createdAt: now, lastSeenAt: now });
  });
  return { ok: true, token, user: publicConsoleUser(user) };
}

/**
 * The user and session a cookie token names, or undefined when it names none that is still alive: unknown,
 * idle for longer than `idleTimeoutMs`, older than `maxSessionMs`, or of a user who was deleted. An expired
 * row is deleted on the way.
 */
export async function resumeSession(deps: ConsoleDeps, token: string): Promise<ResumedSession | undefined> {
  if (!isTokenShaped(token)) return undefined;
  const idHash = sessionIdHash(token);
  const directory = deps.deployment;
  const session = await withDirectory(directory, (d) => d.sessions.findByIdHash(idHash));
  if (session === undefined) return undefined;
  const now = deps.clock.now();
  const expired = now - session.lastSeenAt > deps.idleTimeoutMs || now - session.createdAt > deps.maxSessionMs;
  const user = expired ? undefined : await withDirectory(directory, (d) => d.users.findBySid(session.userSid));
  if (user === undefined) {
    await withDirectory(directory, (d) => d.sessions.delete(idHash));
    return undefined;
  }
  // lastSeenAt may lag real use by up to the touch interval, so a session can end up to that much early.
  if (now - session.lastSeenAt > CONSOLE_SESSION_TOUCH_INTERVAL_MS) {
    await withDirectory(directory, (d) => d.sessions.touch(idHash, now));
    return { user: publicConsoleUser(user), session: { ...session, lastSeenAt: now } };
  }
  return { user: publicConsoleUser(user), session };
}

/** Ends the session a cookie token names; nothing happens for a token that names none. */
export async function signOut(deps: ConsoleDeps, token: string): Promise<void> {
  if (!isTokenShaped(token)) return;
  const idHash = sessionIdHash(token);
  await withDirectory(deps.deployment, (d) => d.sessions.delete(idHash));
}

/**
 * Replaces the signed-in user's password (a one-time one included), after checking the current one, and
 * ends every other session of theirs: whoever knew the old password is signed out everywhere else.
 */
export async function changeOwnPassword(
  deps: ConsoleDeps,
  current: { user: ConsoleUser; session: ConsoleSession },
  input: { currentPassword: string; newPassword: string },
): Promise<ConsoleUser> {
  const stored = await withDirectory(deps.deployment, (d) => d.users.findBySid(current.user.sid));
  if (stored === undefined) throw signedOut();
  if (!(await verifyPassword(input.currentPassword, stored.passwordHash))) {
    throw new AppError("CURRENT_PASSWORD_WRONG");
  }
  const reason = checkNewPassword(input.newPassword);
  if (reason !== null) throw new AppError("INVALID_PARAMETER", { message: reason });
  if (input.newPassword.normalize("NFKC") === input.currentPassword.normalize("NFKC")) {
    throw new AppError("INVALID_PARAMETER", { message: "The new password must differ from the current one" });
  }
  const passwordHash = await hashPassword(input.newPassword, deps.random);
  const now = deps.clock.now();
  const updated = await inDirectory(deps.deployment, async (tx) => {
    const changed = await tx.users.update(stored.sid, { passwordHash, mustChangePassword: false, dateUpdated: now });
    await tx.sessions.deleteForUser(stored.sid, current.session.idHash);
    return changed;
  });
  if (updated === undefined) throw signedOut();
  return publicConsoleUser(updated);
}

/** Remembers the region the user works in; REGION_NOT_SERVED for one the deployment does not serve. */
export async function selectRegion(deps: ConsoleDeps, user: ConsoleUser, region: string): Promise<ConsoleUser> {
  if (regionNamed(deps.deployment, region) === undefined) {
    const served = deps.deployment.regions.map((context) => context.region).join(", ");
    const named = typeof region === "string" && region.length <= 64 ? `The region ${region}` : "That region";
    throw new AppError("REGION_NOT_SERVED", {
      message: `${named} is not served by this Latchkey deployment (it serves ${served})`,
    });
  }
  const now = deps.clock.now();
  const updated = await withDirectory(deps.deployment, (d) => d.users.update(user.sid, { region, dateUpdated: now }));
  if (updated === undefined) throw signedOut();
  return publicConsoleUser(updated);
}

/**
 * The CSRF token of a session: derived from the session token, so it needs no storage and changes with
 * every sign-in. A page can read it (it is in the session JSON) while the session token stays HttpOnly.
 */
export function csrfTokenFor(token: string): string {
  return createHash("sha256").update(`csrf:${token}`).digest("base64url");
}

/** Does `presented` (an X-CSRF-Token header) belong to the session `token`? */
export function csrfTokenMatches(token: string, presented: string | undefined): boolean {
  if (typeof presented !== "string") return false;
  const expected = Buffer.from(csrfTokenFor(token));
  const candidate = Buffer.from(presented);
  // SECURITY: constant-time; a length mismatch says nothing, every token has the same length.
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}

/** What the directory stores for a session token. */
export function sessionIdHash(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

function isTokenShaped(token: unknown): token is string {
  return typeof token === "string" && TOKEN_SHAPE.test(token);
}

function signedOut(): AppError {
  return new AppError("AUTHENTICATION_FAILED", { message: "Sign in to use the console" });
}
