import { assertReachableAccount } from "../auth/account-reach.js";
import type { Principal } from "../auth/principal.js";
import { type KeysetPage, toKeysetPage } from "../paging/keyset-page.js";
import type { PageCursor } from "../paging/page-cursor.js";
import type { RegionContext } from "../region-context.js";
import type { KeyType, StoredKey } from "./api-key.js";

export interface KeyPageRequest {
  readonly accountSid: string;
  readonly pageSize: number;
  readonly page: number;
  readonly cursor: PageCursor | null;
  /** A key SID (exact, any case) or part of a friendly name (any case); the console's search box. */
  readonly search?: string | null;
  /** Only keys of this type; the console's type filter. */
  readonly type?: KeyType | null;
}

/** One page of an account's keys, newest update first, by keyset: page N costs what page 0 costs. */
export async function listKeys(
  context: RegionContext,
  principal: Principal,
  request: KeyPageRequest,
): Promise<KeysetPage<StoredKey>> {
  await assertReachableAccount(context.store, principal, request.accountSid, "read");
  const rows = await context.store.keys.listPage({
    accountSid: request.accountSid,
    limit: request.pageSize + 1,
    cursor: request.cursor,
    offset: request.page * request.pageSize,
    search: request.search ?? null,
    type: request.type ?? null,
  });
  return toKeysetPage(rows, request);
}
