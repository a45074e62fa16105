import { AppError } from "../errors/app-error.js";
import { jsonNestsDeeperThan } from "../json-depth.js";
import type { Permission } from "./permission.js";
import type { PermissionCatalog } from "./permission-catalog.js";

export const MAX_POLICY_PERMISSIONS = 100;
// 100 permissions of realistic length fit in well under 16 KiB; anything larger is not a policy.
export const MAX_POLICY_JSON_LENGTH = 16 * 1024;
// `{"allow":[…]}` is two levels; nothing a policy can hold goes deeper.
const MAX_POLICY_DEPTH = 2;

/** A restricted key's policy as stored and returned: `{"allow": [...]}`. */
export interface Policy {
  readonly allow: readonly string[];
}

/**
 * Parses the `Policy` form field (a JSON string). Duplicates collapse; the first bad permission is
 * named in the error so the caller can fix it.
 */
export function parsePolicy(raw: string, catalog: PermissionCatalog): Policy {
  if (raw.length > MAX_POLICY_JSON_LENGTH) {
    throw invalidPolicy(`Policy is larger than ${MAX_POLICY_JSON_LENGTH} characters`);
  }
  // SECURITY: measured before parsing, so no value built from a hostile document is ever walked.
  if (jsonNestsDeeperThan(raw, MAX_POLICY_DEPTH)) {
    throw invalidPolicy('Policy must be {"allow":[<permission strings>]}; it nests objects or arrays deeper than that');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalidPolicy('Policy must be a JSON object such as {"allow":["/twilio/messaging/messages/read"]}');
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw invalidPolicy('Policy must be a JSON object with an "allow" array');
  }
  const unknownField = Object.keys(parsed).find((field) => field !== "allow");
  if (unknownField !== undefined) {
    throw invalidPolicy(`Policy field '${unknownField.slice(0, 64)}' is not supported; only "allow" is`);
  }
  const allow = (parsed as { allow?: unknown }).allow;
  if (!Array.isArray(allow) || allow.length === 0) {
    throw invalidPolicy('Policy "allow" must be a non-empty array of permissions');
  }
  // SECURITY: entries are client values; they are described by type, never converted to text.
  const nonString = allow.findIndex((entry) => typeof entry !== "string");
  if (nonString !== -1) {
    throw invalidPolicy(
      `Invalid policy: assertion ${nonString + 1} is ${jsonTypeOf(allow[nonString])}; each assertion must be a permission string`,
    );
  }
  const unique = [...new Set(allow as string[])];
  if (unique.length > MAX_POLICY_PERMISSIONS) {
    throw invalidPolicy(`Policy may hold at most ${MAX_POLICY_PERMISSIONS} permissions; it has ${unique.length}`);
  }
  for (const entry of unique) {
    if (!catalog.isGrantable(entry))
      throw invalidPolicy(`Invalid policy: assertion '${entry.slice(0, 200)}' is invalid`);
  }
  return { allow: unique };
}

/** A JSON value's type in words, for messages about values that must not be printed. */
function jsonTypeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  switch (typeof value) {
    case "number":
      return "a number";
    case "boolean":
      return "a boolean";
    case "object":
      return "an object";
    default:
      return `a ${typeof value}`;
  }
}

function invalidPolicy(message: string): AppError {
  return new AppError("INVALID_POLICY", { message });
}

/** Answers "does this policy grant that permission?" with at most two set lookups, whatever its size. */
export class PolicyMatcher {
  readonly #granted: ReadonlySet<string>;

  constructor(policy: Policy) {
    this.#granted = new Set(policy.allow);
  }

  allows(permission: Permission): boolean {
    return this.#granted.has(permission.name) || this.#granted.has(permission.wildcard);
  }

  /** The grants as written in the policy, for checks over whole policies (keys/key-rights.ts). */
  get granted(): ReadonlySet<string> {
    return this.#granted;
  }
}
