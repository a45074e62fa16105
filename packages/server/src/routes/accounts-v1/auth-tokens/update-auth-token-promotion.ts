import { promoteSecondaryAuthToken } from "@latchkey/core";
import { iso8601 } from "../../../http/dates.js";
import { originOf } from "../../../http/paging.js";
import { callerOf, type RouteDefinition } from "../../../http/route.js";
import { ACCOUNTS_V1 } from "../../catalog-hosts.js";

/**
 * POST /v1/AuthTokens/Promote — Twilio operationId UpdateAuthTokenPromotion. The secondary becomes
 * the primary; the old primary fails from the next request on. 404 when there is no secondary.
 */
export const updateAuthTokenPromotion: RouteDefinition = {
  method: "POST",
  url: "/v1/AuthTokens/Promote",
  access: ACCOUNTS_V1,
  async handler(request) {
    const { account, token } = await promoteSecondaryAuthToken(request.region, callerOf(request));
    return {
      account_sid: account.sid,
      auth_token: token,
      date_created: iso8601(account.authTokenDateCreated),
      date_updated: iso8601(account.dateUpdated),
      url: `${originOf(request)}/v1/AuthTokens/Promote`,
    };
  },
};
