import type { ConsoleRole } from "./console-roles.js";

/**
 * A person who signs in to the console. Users are deployment-wide (they live in the account directory,
 * not in a region's store) because one person works across every region the deployment serves.
 */
export interface ConsoleUser {
  /** "US" + 32 lowercase hex, Twilio's user SID shape. */
  readonly sid: string;
  /** Normalized: trimmed, lowercased; 3..254 characters with one "@" (console-email.ts). */
  readonly email: string;
  readonly role: ConsoleRole;
  /** The owner account or a subaccount: the account whose full power the role narrows. */
  readonly accountSid: string;
  /** True after a one-time password, until the user chooses their own. */
  readonly mustChangePassword: boolean;
  /** The region the user last selected; null means the deployment's default region. */
  readonly region: string | null;
  /** Epoch milliseconds. */
  readonly dateCreated: number;
  readonly dateUpdated: number;
}

/** A user as the directory stores it. SECURITY: `passwordHash` never leaves core's use cases. */
export interface StoredConsoleUser extends ConsoleUser {
  /** `scrypt$N$r$p$salt$hash` from hashPassword. */
  readonly passwordHash: string;
}

/** A signed-in browser. */
export interface ConsoleSession {
  /** base64url SHA-256 of the cookie token. SECURITY: the token itself is never stored. */
  readonly idHash: string;
  readonly userSid: string;
  readonly createdAt: number;
  readonly lastSeenAt: number;
}

/** The user without their password hash: what leaves the use cases. */
export function publicConsoleUser(user: StoredConsoleUser): ConsoleUser {
  const { passwordHash: _hidden, ...visible } = user;
  return visible;
}
