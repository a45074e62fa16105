import { findReachableAccount } from "@latchkey/core";
import { callerOf, type RouteDefinition } from "../../../http/route.js";
import { serializeAccount } from "../../../http/serialize-account.js";
import { API_V2010 } from "../../catalog-hosts.js";

/** GET /2010-04-01/Accounts/{Sid}.json — Twilio operationId FetchAccount. */
export const fetchAccount: RouteDefinition = {
  method: "GET",
  url: "/2010-04-01/Accounts/:Sid.json",
  access: API_V2010,
  async handler(request) {
    const { Sid } = request.params as { Sid: string };
    const { principal } = callerOf(request);
    const account = await findReachableAccount(request.region.store, principal, Sid, "read");
    return serializeAccount(account, principal, request.region);
  },
};
