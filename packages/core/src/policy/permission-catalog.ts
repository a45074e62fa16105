import knownPermissions from "../data/permissions.json" with { type: "json" };
import { PERMISSION_GRAMMAR } from "./permission.js";

export interface PermissionEntry {
  readonly permission: string;
}

/** The permissions a policy may grant: known ones, and `*` over any resource that has a known one. */
export class PermissionCatalog {
  /** In catalog order, for listing (the console's picker); lookups use the set. */
  readonly #listed: readonly string[];
  readonly #permissions: ReadonlySet<string>;
  readonly #wildcards: ReadonlySet<string>;

  constructor(entries: Iterable<PermissionEntry>) {
    const permissions = new Set<string>();
    const wildcards = new Set<string>();
    for (const { permission } of entries) {
      permissions.add(permission);
      wildcards.add(`${permission.slice(0, permission.lastIndexOf("/") + 1)}*`);
    }
    this.#permissions = permissions;
    this.#wildcards = wildcards;
    this.#listed = Object.freeze([...permissions]);
  }

  /** Every permission a policy may name (the resource wildcards aside), in catalog order. */
  permissions(): readonly string[] {
    return this.#listed;
  }

  isGrantable(permission: string): boolean {
    return (
      PERMISSION_GRAMMAR.test(permission) && (this.#permissions.has(permission) || this.#wildcards.has(permission))
    );
  }

  get size(): number {
    return this.#permissions.size;
  }
}

/** Twilio's restricted-key permissions, shipped with the project as data. */
export const twilioPermissionCatalog = new PermissionCatalog(knownPermissions.permissions);
