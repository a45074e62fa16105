/**
 * The forms of a request path that authorization must see through. An upstream may resolve dot
 * segments, merge slashes, ignore a trailing slash or serve the 2010 API's XML and CSV forms of a
 * JSON endpoint; a path written that way must meet the same permission as the endpoint it reaches.
 */
import { canonicalSidsInPath } from "../sids.js";

const BASE = "http://latchkey.invalid";
const ACCOUNT_SEGMENT = /\/Accounts\/(AC[0-9a-fA-F]{32})(?:\.[A-Za-z]+)?(?:\/|$)/i;

/**
 * Dot segments (also percent-encoded) resolved, repeated slashes merged, no trailing slash, no query,
 * and account and key SIDs in canonical lower case (Twilio's patterns allow either case of hex).
 */
export function canonicalPath(path: string): string {
  const end = path.search(/[?#]/);
  const bare = (end === -1 ? path : path.slice(0, end)).replace(/[/\\]{2,}/g, "/");
  let resolved: string;
  try {
    resolved = new URL(bare.startsWith("/") ? bare : `/${bare}`, BASE).pathname;
  } catch {
    return canonicalSidsInPath(bare);
  }
  return canonicalSidsInPath(resolved.length > 1 ? resolved.replace(/\/+$/, "") || "/" : resolved);
}

/**
 * The JSON form of a 2010-style path written without a suffix or with `.xml`/`.csv`, or undefined
 * when the path already ends in `.json` or names another file type.
 */
export function jsonFormOf(path: string): string | undefined {
  const lastSlash = path.lastIndexOf("/");
  const last = path.slice(lastSlash + 1);
  if (last === "") return undefined;
  const dot = last.lastIndexOf(".");
  if (dot === -1) return `${path}.json`;
  const extension = last.slice(dot + 1).toLowerCase();
  return extension === "xml" || extension === "csv" ? `${path.slice(0, lastSlash + 1 + dot)}.json` : undefined;
}

/** The Account SID of an `/Accounts/AC…` segment anywhere in the path, for routes the catalog does not know. */
export function accountSegmentOf(path: string): string | undefined {
  return ACCOUNT_SEGMENT.exec(path)?.[1];
}
