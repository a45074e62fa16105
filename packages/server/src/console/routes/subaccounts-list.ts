import { listAccounts } from "@latchkey/core";
import { consoleRegionCall } from "../console-region.js";
import type { ConsoleRoute } from "../console-route.js";
import { readConsolePage } from "../query-params.js";
import { serializeSubaccount } from "../serialize-subaccount.js";

/** GET /console/api/regions/:region/subaccounts: the account's subaccounts, newest change first, by keyset. */
export const listSubaccounts: ConsoleRoute = {
  method: "GET",
  url: "/console/api/regions/:region/subaccounts",
  gate: "session",
  async handler(request) {
    const { region, user, caller } = await consoleRegionCall(request, "subaccounts.list");
    const page = readConsolePage(request, "account");
    const result = await listAccounts(region, caller.principal, { friendlyName: null, status: null, ...page });
    // The Accounts API lists the parent with its subaccounts; this page is about the subaccounts alone, so a
    // page may hold one fewer than asked (its token still continues after the rows it read).
    const subaccounts = result.items.filter((account) => account.sid !== user.accountSid);
    return { subaccounts: subaccounts.map(serializeSubaccount), next_page_token: result.nextPageToken };
  },
};
