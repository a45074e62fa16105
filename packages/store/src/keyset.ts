import type { PageCursor } from "@latchkey/core";
import { type RawBuilder, sql } from "kysely";

/**
 * How to read one page of a list sorted by (date_updated DESC, sid DESC), for any table with those
 * columns. Walking back ("before" a cursor) reads the rows just above it in ascending order and
 * flips them, so both directions are one range scan of the same index.
 */
export interface KeysetPlan {
  /** The range condition, or null for a first page (which may then use an offset). */
  readonly where: RawBuilder<boolean> | null;
  readonly order: "asc" | "desc";
  /** Whether the rows come back reversed and must be flipped into display order. */
  readonly reverse: boolean;
}

export function keysetPlan(cursor: PageCursor | null): KeysetPlan {
  if (cursor === null) return { where: null, order: "desc", reverse: false };
  const { dateUpdated, sid } = cursor;
  if (cursor.direction === "after") {
    return {
      where: sql<boolean>`(date_updated < ${dateUpdated} OR (date_updated = ${dateUpdated} AND sid < ${sid}))`,
      order: "desc",
      reverse: false,
    };
  }
  return {
    where: sql<boolean>`(date_updated > ${dateUpdated} OR (date_updated = ${dateUpdated} AND sid > ${sid}))`,
    order: "asc",
    reverse: true,
  };
}
