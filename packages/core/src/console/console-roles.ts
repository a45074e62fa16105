/**
 * Owns the invariant that a console user does only what their role allows: every console action the
 * console API offers is named here, and its handler asks {@link consoleRoleMay} before calling a use case.
 * This decides which *person* may press a button; what the resulting operation may do to the account is
 * still decided by the core use cases, exactly as for the REST APIs.
 */
import type { KeyType } from "../keys/api-key.js";

export const CONSOLE_ROLES = ["owner", "administrator", "developer", "read-only"] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

/**
 * Key actions carry the type of the key acted on, because acting on a Main key is Main-key management:
 * deleting or renaming one is reserved to the roles that may create one. A new key type therefore adds
 * rows that do not compile until they are decided.
 */
export type ConsoleKeyVerb = "create" | "rename" | "delete";
export type ConsoleKeyAction = `keys.${ConsoleKeyVerb}.${KeyType}`;

export type ConsoleAction =
  | "regions.select"
  | "users.change_own_password"
  | "permission_catalog.read"
  | "keys.list"
  | "keys.read"
  | ConsoleKeyAction
  /** Replace a restricted key's permissions (only restricted keys have any). */
  | "keys.edit_permissions"
  /** Open the create form prefilled from a restricted key: it creates a restricted key. */
  | "keys.duplicate"
  /** The Auth tokens tab with every token masked; never a token's value. */
  | "auth_tokens.list"
  | "auth_tokens.read_primary"
  | "auth_tokens.create_secondary"
  | "auth_tokens.promote"
  | "auth_tokens.delete_secondary"
  | "subaccounts.list"
  | "subaccounts.create"
  | "subaccounts.rename"
  | "subaccounts.suspend"
  | "subaccounts.reactivate"
  | "subaccounts.close";

type RoleVerdicts = Readonly<Record<ConsoleRole, boolean>>;

// SECURITY: this table is the whole console authorization model. It is keyed by action and every row spells
// out a verdict for every role, rather than a role → set-of-actions table (a forgotten action is silently
// denied to a role nobody looked at) or an action → roles list (a forgotten role is silently left out): a
// new action does not compile until each role has a verdict in its row, and a new role does not compile
// until every row says what it may do.
export const CONSOLE_ROLE_RULES: Readonly<Record<ConsoleAction, RoleVerdicts>> = freezeRows({
  // Every signed-in person works in some region and must be able to leave a one-time password behind.
  "regions.select": { owner: true, administrator: true, developer: true, "read-only": true },
  "users.change_own_password": { owner: true, administrator: true, developer: true, "read-only": true },
  // Lists and details, never a secret: a key's secret is shown only once, inside keys.create.*.
  "permission_catalog.read": { owner: true, administrator: true, developer: true, "read-only": true },
  "keys.list": { owner: true, administrator: true, developer: true, "read-only": true },
  "keys.read": { owner: true, administrator: true, developer: true, "read-only": true },
  "auth_tokens.list": { owner: true, administrator: true, developer: true, "read-only": true },
  // Developers manage standard and restricted keys.
  "keys.create.standard": { owner: true, administrator: true, developer: true, "read-only": false },
  "keys.create.restricted": { owner: true, administrator: true, developer: true, "read-only": false },
  "keys.rename.standard": { owner: true, administrator: true, developer: true, "read-only": false },
  "keys.rename.restricted": { owner: true, administrator: true, developer: true, "read-only": false },
  "keys.delete.standard": { owner: true, administrator: true, developer: true, "read-only": false },
  "keys.delete.restricted": { owner: true, administrator: true, developer: true, "read-only": false },
  "keys.edit_permissions": { owner: true, administrator: true, developer: true, "read-only": false },
  "keys.duplicate": { owner: true, administrator: true, developer: true, "read-only": false },
  // A Main key and the Auth Token hold every right in the account, so making, changing or seeing one is
  // as much power as the account itself: Owner and Administrator only.
  "keys.create.main": { owner: true, administrator: true, developer: false, "read-only": false },
  "keys.rename.main": { owner: true, administrator: true, developer: false, "read-only": false },
  "keys.delete.main": { owner: true, administrator: true, developer: false, "read-only": false },
  "auth_tokens.read_primary": { owner: true, administrator: true, developer: false, "read-only": false },
  "auth_tokens.create_secondary": { owner: true, administrator: true, developer: false, "read-only": false },
  "auth_tokens.promote": { owner: true, administrator: true, developer: false, "read-only": false },
  "auth_tokens.delete_secondary": { owner: true, administrator: true, developer: false, "read-only": false },
  // Issue 10 puts the whole Subaccounts screen behind Owner/Administrator, the list included: a read-only
  // user seeing accounts a developer cannot see would invert the roles.
  "subaccounts.list": { owner: true, administrator: true, developer: false, "read-only": false },
  "subaccounts.create": { owner: true, administrator: true, developer: false, "read-only": false },
  "subaccounts.rename": { owner: true, administrator: true, developer: false, "read-only": false },
  "subaccounts.suspend": { owner: true, administrator: true, developer: false, "read-only": false },
  "subaccounts.reactivate": { owner: true, administrator: true, developer: false, "read-only": false },
  "subaccounts.close": { owner: true, administrator: true, developer: false, "read-only": false },
});

function freezeRows<T extends Record<string, RoleVerdicts>>(rules: T): Readonly<T> {
  for (const verdicts of Object.values(rules)) Object.freeze(verdicts);
  return Object.freeze(rules);
}

/** Every console action, in table order (for UIs and exhaustive tests). */
export const CONSOLE_ACTIONS = Object.freeze(Object.keys(CONSOLE_ROLE_RULES) as ConsoleAction[]);

/**
 * May a console user with `role` perform `action`? Anything outside the table is refused, so a role or
 * action string that reached here unchecked (from a session row, a request) can never grant.
 *
 * @example
 * ```ts
 * consoleRoleMay("developer", "keys.create.restricted"); // true
 * consoleRoleMay("developer", consoleKeyAction("delete", "main")); // false
 * ```
 */
export function consoleRoleMay(role: ConsoleRole, action: ConsoleAction): boolean {
  // SECURITY: own-property lookups only, so "constructor" or "__proto__" never reach Object.prototype.
  if (!Object.hasOwn(CONSOLE_ROLE_RULES, action)) return false;
  const verdicts = CONSOLE_ROLE_RULES[action];
  return Object.hasOwn(verdicts, role) && verdicts[role] === true;
}

/**
 * The action for a key verb on a key of `type`, so handlers name the key's own type rather than
 * pattern-matching strings.
 *
 * @example
 * ```ts
 * consoleKeyAction("rename", key.type); // "keys.rename.main" for a Main key
 * ```
 */
export function consoleKeyAction(verb: ConsoleKeyVerb, type: KeyType): ConsoleKeyAction {
  return `keys.${verb}.${type}`;
}

/**
 * The role a CLI `--role` value names, or undefined. Case and surrounding spaces are forgiven
 * (`Read-only` is how the console labels it); nothing else is.
 *
 * @example
 * ```ts
 * parseConsoleRole("Administrator"); // "administrator"
 * parseConsoleRole("admin"); // undefined
 * ```
 */
export function parseConsoleRole(text: string): ConsoleRole | undefined {
  const wanted = text.trim().toLowerCase();
  return CONSOLE_ROLES.find((role) => role === wanted);
}
