import type { Principal } from "../auth/principal.js";
import { type KeysetPage, toKeysetPage } from "../paging/keyset-page.js";
import type { PageCursor } from "../paging/page-cursor.js";
import type { RegionContext } from "../region-context.js";
import type { AccountStatus, StoredAccount } from "./account.js";

export interface AccountPageRequest {
  readonly friendlyName: string | null;
  readonly status: AccountStatus | null;
  readonly pageSize: number;
  readonly page: number;
  readonly cursor: PageCursor | null;
}

/**
 * The caller's account and, for a parent's Auth Token, its subaccounts; API keys see their own
 * account only (the rule of findReachableAccount).
 */
export async function listAccounts(
  context: RegionContext,
  principal: Principal,
  request: AccountPageRequest,
): Promise<KeysetPage<StoredAccount>> {
  const rows = await context.store.accounts.listPage({
    accountSid: principal.accountSid,
    includeSubaccounts: principal.credentialType === "auth_token",
    friendlyName: request.friendlyName,
    status: request.status,
    limit: request.pageSize + 1,
    cursor: request.cursor,
    offset: request.page * request.pageSize,
  });
  return toKeysetPage(rows, request);
}
