import { AppError } from "../errors/app-error.js";
import { isSid, type SidKind } from "../sids.js";

/**
 * A keyset position in a list sorted by (dateUpdated, sid) descending. `after` walks forward (next page),
 * `before` walks back (previous page), so any page costs one indexed range scan.
 */
export interface PageCursor {
  readonly direction: "after" | "before";
  readonly dateUpdated: number;
  readonly sid: string;
}

const TOKEN_PREFIX = "PT";
const MAX_TOKEN_LENGTH = 200;

export function encodePageToken(cursor: PageCursor): string {
  const direction = cursor.direction === "after" ? "a" : "b";
  return `${TOKEN_PREFIX}${Buffer.from(`${direction}:${cursor.dateUpdated}:${cursor.sid}`).toString("base64url")}`;
}

/** Decodes a PageToken; anything that is not one this server issued answers 400/21481. */
export function decodePageToken(token: string, sidKind: SidKind): PageCursor {
  if (token.length > MAX_TOKEN_LENGTH || !token.startsWith(TOKEN_PREFIX)) throw invalidToken();
  const parts = Buffer.from(token.slice(TOKEN_PREFIX.length), "base64url").toString("utf8").split(":");
  const [direction, dateUpdated, sid] = parts;
  if (parts.length !== 3 || (direction !== "a" && direction !== "b")) throw invalidToken();
  if (!/^\d{1,15}$/.test(dateUpdated ?? "") || !isSid(sidKind, sid)) throw invalidToken();
  return { direction: direction === "a" ? "after" : "before", dateUpdated: Number(dateUpdated), sid };
}

function invalidToken(): AppError {
  return new AppError("INVALID_PAGE_TOKEN");
}
