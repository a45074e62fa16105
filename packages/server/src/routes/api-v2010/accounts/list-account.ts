import { listAccounts } from "@latchkey/core";
import { parseAccountName, parseAccountStatus } from "../../../http/account-params.js";
import { optionalParam, queryFields } from "../../../http/form.js";
import { pageLinks, readPageRequest, v2010Paging } from "../../../http/paging.js";
import { callerOf, type RouteDefinition } from "../../../http/route.js";
import { serializeAccount } from "../../../http/serialize-account.js";
import { API_V2010 } from "../../catalog-hosts.js";

/** GET /2010-04-01/Accounts.json — Twilio operationId ListAccount: the caller and its subaccounts. */
export const listAccount: RouteDefinition = {
  method: "GET",
  url: "/2010-04-01/Accounts.json",
  access: API_V2010,
  async handler(request) {
    const query = queryFields(request);
    const friendlyName = parseAccountName(optionalParam(query, "FriendlyName"));
    const status = parseAccountStatus(optionalParam(query, "Status"));
    const page = readPageRequest(request, "account");
    const { principal } = callerOf(request);
    const result = await listAccounts(request.region, principal, {
      friendlyName: friendlyName ?? null,
      status: status ?? null,
      ...page,
    });
    const filters = {
      ...(friendlyName !== undefined && { FriendlyName: friendlyName }),
      ...(status !== undefined && { Status: status }),
    };
    const links = pageLinks("/2010-04-01/Accounts.json", filters, page, result);
    return {
      accounts: result.items.map((account) => serializeAccount(account, principal, request.region)),
      ...v2010Paging(page, links, result.items.length),
    };
  },
};
