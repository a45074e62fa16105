import type { Actor } from "../audit.js";
import type { Principal } from "../auth/principal.js";
import { AppError } from "../errors/app-error.js";
import { type ConsoleAction, type ConsoleRole, consoleRoleMay } from "./console-roles.js";
import type { ConsoleUser } from "./console-user.js";

/** How the console names each role to people. */
export const CONSOLE_ROLE_LABELS: Readonly<Record<ConsoleRole, string>> = Object.freeze({
  owner: "Owner",
  administrator: "Administrator",
  developer: "Developer",
  "read-only": "Read-only",
});

/**
 * The principal a console user's requests act as in core's use cases.
 *
 * SECURITY: a console user acts with the account's full power (as its Auth Token would), narrowed by the
 * role table ({@link assertConsoleMay}) before any use case runs; the use cases still apply every account
 * rule (reach, status, key rights) exactly as for the REST APIs.
 */
export function consolePrincipal(user: ConsoleUser): Principal {
  return { accountSid: user.accountSid, credentialSid: user.sid, credentialType: "auth_token", policy: null };
}

/** The actor of a console mutation: audit rows name the user's US SID and the browser's address. */
export function consoleActor(user: ConsoleUser, address: string): Actor {
  return { sid: user.sid, address };
}

/**
 * Throws PERMISSION_DENIED unless the user's role may perform `action`.
 *
 * @example
 * ```ts
 * assertConsoleMay(developer, "keys.create.main");
 * // AppError 403/70051 "Authorization Failed: the Developer role may not create Main keys"
 * ```
 */
export function assertConsoleMay(user: ConsoleUser, action: ConsoleAction): void {
  if (consoleRoleMay(user.role, action)) return;
  // A role read from storage that is not in the table has no label: say so rather than print "undefined".
  const label = Object.hasOwn(CONSOLE_ROLE_LABELS, user.role) ? CONSOLE_ROLE_LABELS[user.role] : "unknown";
  throw new AppError("PERMISSION_DENIED", {
    message: `Authorization Failed: the ${label} role may not ${describeConsoleAction(action)}`,
  });
}

const KEY_TYPE_WORDS = { main: "Main keys", standard: "Standard keys", restricted: "Restricted keys" } as const;

const ACTION_WORDS: Readonly<Record<ConsoleAction, string>> = {
  "regions.select": "select a region",
  "users.change_own_password": "change their password",
  "permission_catalog.read": "read the permission catalog",
  "keys.list": "list API keys",
  "keys.read": "read API keys",
  "keys.create.main": `create ${KEY_TYPE_WORDS.main}`,
  "keys.create.standard": `create ${KEY_TYPE_WORDS.standard}`,
  "keys.create.restricted": `create ${KEY_TYPE_WORDS.restricted}`,
  "keys.rename.main": `rename ${KEY_TYPE_WORDS.main}`,
  "keys.rename.standard": `rename ${KEY_TYPE_WORDS.standard}`,
  "keys.rename.restricted": `rename ${KEY_TYPE_WORDS.restricted}`,
  "keys.delete.main": `delete ${KEY_TYPE_WORDS.main}`,
  "keys.delete.standard": `delete ${KEY_TYPE_WORDS.standard}`,
  "keys.delete.restricted": `delete ${KEY_TYPE_WORDS.restricted}`,
  "keys.edit_permissions": "edit a key's permissions",
  "keys.duplicate": "duplicate keys",
  "auth_tokens.list": "list auth tokens",
  "auth_tokens.read_primary": "reveal the primary auth token",
  "auth_tokens.create_secondary": "create a secondary auth token",
  "auth_tokens.promote": "promote the secondary auth token",
  "auth_tokens.delete_secondary": "delete the secondary auth token",
  "subaccounts.list": "list subaccounts",
  "subaccounts.create": "create subaccounts",
  "subaccounts.rename": "rename subaccounts",
  "subaccounts.suspend": "suspend subaccounts",
  "subaccounts.reactivate": "reactivate subaccounts",
  "subaccounts.close": "close subaccounts",
};

/** The action in words for a refusal ("create Main keys"); unknown strings are named as given. */
export function describeConsoleAction(action: ConsoleAction): string {
  return Object.hasOwn(ACTION_WORDS, action) ? ACTION_WORDS[action] : action;
}
