/** The longest email address SMTP can carry (RFC 5321's path limit less its angle brackets). */
export const MAX_CONSOLE_EMAIL_LENGTH = 254;
const MIN_CONSOLE_EMAIL_LENGTH = 3;

// One "@" with something on each side, and no whitespace or control characters anywhere. Deliberately no
// stricter: the email names a person to an operator and is never sent mail by Latchkey, and `owner@localhost`
// must pass.
const EMAIL_SHAPE = /^[^@\s\p{Cc}]+@[^@\s\p{Cc}]+$/u;

/**
 * The normalized form of a console user's email (trimmed, lowercased), or undefined when it is not one.
 * Every lookup and every write goes through here, so `Owner@Example.com ` and `owner@example.com` are one user.
 *
 * @example
 * ```ts
 * normalizeConsoleEmail("  Owner@LocalHost "); // "owner@localhost"
 * normalizeConsoleEmail("owner"); // undefined
 * ```
 */
export function normalizeConsoleEmail(text: unknown): string | undefined {
  if (typeof text !== "string" || text.length > MAX_CONSOLE_EMAIL_LENGTH * 4) return undefined;
  const email = text.trim().toLowerCase();
  if (email.length < MIN_CONSOLE_EMAIL_LENGTH || email.length > MAX_CONSOLE_EMAIL_LENGTH) return undefined;
  return EMAIL_SHAPE.test(email) ? email : undefined;
}
