import { assertOwnAccount } from "../auth/authorize.js";
import type { Principal } from "../auth/principal.js";
import { encodePageToken, type PageCursor } from "../paging/page-cursor.js";
import type { RegionContext } from "../region-context.js";
import type { StoredKey } from "./api-key.js";

export interface KeyPageRequest {
  readonly accountSid: string;
  readonly pageSize: number;
  readonly page: number;
  readonly cursor: PageCursor | null;
}

export interface KeyPage {
  readonly keys: readonly StoredKey[];
  /** Tokens for the neighbouring pages, or null at either end. */
  readonly nextPageToken: string | null;
  readonly previousPageToken: string | null;
}

/** One page of an account's keys, newest update first, by keyset: page N costs what page 0 costs. */
export async function listKeys(
  context: RegionContext,
  principal: Principal,
  request: KeyPageRequest,
): Promise<KeyPage> {
  assertOwnAccount(principal, request.accountSid);
  const rows = await context.store.keys.listPage({
    accountSid: request.accountSid,
    limit: request.pageSize + 1,
    cursor: request.cursor,
    offset: request.page * request.pageSize,
  });
  const hasMore = rows.length > request.pageSize;
  const keys = rows.slice(0, request.pageSize);
  const walkingBack = request.cursor?.direction === "before";
  const first = keys[0];
  const last = keys[keys.length - 1];
  // Walking forward, extra rows mean a next page; walking back, they mean an earlier one.
  const hasNext = walkingBack ? true : hasMore;
  const hasPrevious = walkingBack ? hasMore : request.page > 0;
  return {
    keys,
    nextPageToken:
      hasNext && last !== undefined
        ? encodePageToken({ direction: "after", dateUpdated: last.dateUpdated, sid: last.sid })
        : null,
    previousPageToken:
      hasPrevious && first !== undefined
        ? encodePageToken({ direction: "before", dateUpdated: first.dateUpdated, sid: first.sid })
        : null,
  };
}
