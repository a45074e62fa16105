import type { Random } from "./ports.js";

/** The one table of SID prefixes. Twilio SIDs are a 2-letter prefix and 32 lowercase hex digits. */
export const SID_PREFIX = {
  account: "AC",
  key: "SK",
  request: "RQ",
  user: "US",
} as const;

export type SidKind = keyof typeof SID_PREFIX;
export type Sid<K extends SidKind> = `${(typeof SID_PREFIX)[K]}${string}`;

const SID_BODY = /^[0-9a-f]{32}$/;

export function newSid<K extends SidKind>(random: Random, kind: K): Sid<K> {
  return `${SID_PREFIX[kind]}${random.bytes(16).toString("hex")}` as Sid<K>;
}

/** Accepts only the canonical lowercase form the server issues; anything else cannot name a stored row. */
export function isSid<K extends SidKind>(kind: K, value: unknown): value is Sid<K> {
  return (
    typeof value === "string" &&
    value.length === 34 &&
    value.startsWith(SID_PREFIX[kind]) &&
    SID_BODY.test(value.slice(2))
  );
}

const SID_BODY_ANY_CASE = /^[0-9a-fA-F]{32}$/;

/**
 * The canonical (lower-case hex) form of a SID a client sent, or undefined when `value` is not a SID
 * of `kind`. Twilio's patterns (`^SK[0-9a-fA-F]{32}$`) allow either case of the hex digits, and the
 * server stores and answers lower case only, so every SID arriving from outside goes through here
 * once, at the edge; the prefix stays exact. The canonical form costs one `isSid` check.
 *
 * @example
 * ```ts
 * parseSid("key", "SK0123456789ABCDEF0123456789ABCDEF"); // "SK0123456789abcdef0123456789abcdef"
 * parseSid("key", "sk0123456789abcdef0123456789abcdef"); // undefined
 * ```
 */
export function parseSid<K extends SidKind>(kind: K, value: unknown): Sid<K> | undefined {
  if (isSid(kind, value)) return value;
  if (typeof value !== "string" || value.length !== 34 || !value.startsWith(SID_PREFIX[kind])) return undefined;
  const body = value.slice(2);
  return SID_BODY_ANY_CASE.test(body) ? (`${SID_PREFIX[kind]}${body.toLowerCase()}` as Sid<K>) : undefined;
}

// An account or key SID filling a path segment, or the part before its suffix (`AC….json`).
const SID_SEGMENT = new RegExp(`/(${SID_PREFIX.account}|${SID_PREFIX.key})([0-9a-fA-F]{32})(?=[./]|$)`, "g");
// The same with at least one upper-case digit. Decisions run this on every path: a test that finds
// nothing costs ~0.2 µs, the replace ~1 µs.
const UPPER_CASE_SID_SEGMENT = new RegExp(
  `/(?:${SID_PREFIX.account}|${SID_PREFIX.key})[0-9a-f]*[A-F][0-9a-fA-F]*(?=[./]|$)`,
);

/**
 * `path` with every account and key SID segment in canonical form, for request paths a gateway asks
 * about: `/2010-04-01/Accounts/AC0A…/Calls.json` acts on the account `AC0a…`.
 *
 * @example
 * ```ts
 * canonicalSidsInPath("/v1/Keys/SK0123456789ABCDEF0123456789ABCDEF"); // "/v1/Keys/SK0123456789abcdef0123456789abcdef"
 * ```
 */
export function canonicalSidsInPath(path: string): string {
  if (!UPPER_CASE_SID_SEGMENT.test(path)) return path;
  return path.replace(SID_SEGMENT, (_segment, prefix: string, body: string) => `/${prefix}${body.toLowerCase()}`);
}
