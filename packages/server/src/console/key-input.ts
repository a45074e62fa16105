import {
  AppError,
  checkFriendlyName,
  type KeyType,
  type PermissionCatalog,
  type Policy,
  parsePolicy,
} from "@latchkey/core";

const KEY_TYPES: readonly KeyType[] = ["standard", "restricted", "main"];

/** The `type` of a new key; the role action to check depends on it, so it is read first. */
export function parseKeyType(value: string | undefined, name = "type"): KeyType {
  if (value !== undefined && (KEY_TYPES as readonly string[]).includes(value)) return value as KeyType;
  throw new AppError("INVALID_PARAMETER", {
    message: `Invalid parameter: ${name} must be one of ${KEY_TYPES.join(", ")}`,
  });
}

/** A friendly name as the REST APIs take it: at most 64 characters, empty meaning none. */
export function parseFriendlyName(value: string | undefined): string | null | undefined {
  return checkFriendlyName(value);
}

/**
 * A restricted key's permissions through the REST APIs' own policy parser, so the console accepts exactly
 * the policies `/v1/Keys` accepts (grammar, catalog, at most 100, duplicates collapsed).
 */
export function parsePermissions(permissions: readonly unknown[], catalog: PermissionCatalog): Policy {
  return parsePolicy(JSON.stringify({ allow: permissions }), catalog);
}
