import type { Random } from "./ports.js";

/** The one table of SID prefixes. Twilio SIDs are a 2-letter prefix and 32 lowercase hex digits. */
export const SID_PREFIX = {
  account: "AC",
  key: "SK",
  request: "RQ",
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
