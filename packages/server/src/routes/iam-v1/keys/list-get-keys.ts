import { AppError, listKeys, parseSid } from "@latchkey/core";
import { queryFields, requiredParam } from "../../../http/form.js";
import { originOf, pageLinks, readPageRequest, v1Meta } from "../../../http/paging.js";
import { callerOf, type RouteDefinition } from "../../../http/route.js";
import { serializeKeyListItemV1 } from "../../../http/serialize-key.js";
import { IAM_V1 } from "../../catalog-hosts.js";

/** GET /v1/Keys?AccountSid= — Twilio operationId ListGetKeys. */
export const listGetKeys: RouteDefinition = {
  method: "GET",
  url: "/v1/Keys",
  access: IAM_V1,
  async handler(request) {
    // The links of the page carry the canonical (lower-case) SID, whatever case the client sent.
    const accountSid = parseSid("account", requiredParam(queryFields(request), "AccountSid", "query"));
    if (accountSid === undefined) {
      throw new AppError("INVALID_PARAMETER", { message: "AccountSid must be AC followed by 32 hex digits" });
    }
    const page = readPageRequest(request, "key");
    const result = await listKeys(request.region, callerOf(request).principal, { accountSid, ...page });
    const links = pageLinks("/v1/Keys", { AccountSid: accountSid }, page, result);
    return { keys: result.items.map(serializeKeyListItemV1), meta: v1Meta(originOf(request), "keys", page, links) };
  },
};
