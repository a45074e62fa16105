import { parseSid } from "@latchkey/core";
import { type RawBuilder, sql } from "kysely";

/**
 * The condition for the console's key search box: the key whose SID it is (exact, in any case, prefix
 * included: a SID pasted from a lower-cased log line still finds its key), or every key whose friendly name contains it, ignoring case. `%`, `_` and `\` are literal.
 *
 * One query for both engines: `lower(…) LIKE lower(…) ESCAPE '\'` means case-insensitive on SQLite (for
 * ASCII letters, which is all SQLite's lower() folds) and on PostgreSQL (whose LIKE is case-sensitive and
 * whose lower() folds every letter). Null for an empty search: no filter.
 */
export function keySearchCondition(search: string | null): RawBuilder<boolean> | null {
  const text = search?.trim() ?? "";
  if (text === "") return null;
  const pattern = `%${escapeLike(text)}%`;
  const byName = sql<boolean>`lower(friendly_name) LIKE lower(${pattern}) ESCAPE '\\'`;
  const sid = parseSid("key", /^sk/i.test(text) ? `SK${text.slice(2)}` : text);
  return sid === undefined ? byName : sql<boolean>`(sid = ${sid} OR ${byName})`;
}

/** `text` with LIKE's wildcards and its escape character taken literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
