import { encodePageToken, type PageCursor } from "./page-cursor.js";

export interface KeysetPage<T> {
  readonly items: readonly T[];
  /** Tokens for the neighbouring pages, or null at either end. */
  readonly nextPageToken: string | null;
  readonly previousPageToken: string | null;
}

/**
 * Turns the rows of one keyset read (asked for pageSize + 1 rows) into a page and the tokens of its
 * neighbours. The extra row only says that more exist in the direction of travel.
 */
export function toKeysetPage<T extends { readonly sid: string; readonly dateUpdated: number }>(
  rows: readonly T[],
  request: { readonly pageSize: number; readonly page: number; readonly cursor: PageCursor | null },
): KeysetPage<T> {
  const hasMore = rows.length > request.pageSize;
  const walkingBack = request.cursor?.direction === "before";
  // Walking back, the store returns the rows nearest the cursor last, so the extra row is the first one.
  const items = walkingBack ? rows.slice(-request.pageSize) : rows.slice(0, request.pageSize);
  const first = items[0];
  const last = items[items.length - 1];
  const hasNext = walkingBack ? true : hasMore;
  const hasPrevious = walkingBack ? hasMore : request.page > 0;
  return {
    items,
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
