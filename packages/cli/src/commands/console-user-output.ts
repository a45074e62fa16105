import type { ConsoleUser } from "@latchkey/core";

/** `2026-12-02T18:06:25Z`: ISO 8601 in UTC, to the second. */
export function isoDate(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19)}Z`;
}

/** A console user as the commands print it in JSON (snake_case, like the APIs). */
export function consoleUserJson(user: ConsoleUser) {
  return { sid: user.sid, email: user.email, role: user.role, account_sid: user.accountSid };
}
