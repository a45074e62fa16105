import { createSecondaryAuthToken as createSecondary } from "@latchkey/core";
import { iso8601 } from "../../../http/dates.js";
import { originOf } from "../../../http/paging.js";
import { callerOf, type RouteDefinition } from "../../../http/route.js";
import { ACCOUNTS_V1 } from "../../catalog-hosts.js";

/** POST /v1/AuthTokens/Secondary — Twilio operationId CreateSecondaryAuthToken. Replaces any earlier secondary. */
export const createSecondaryAuthToken: RouteDefinition = {
  method: "POST",
  url: "/v1/AuthTokens/Secondary",
  access: ACCOUNTS_V1,
  async handler(request, reply) {
    const { account, token } = await createSecondary(request.region, callerOf(request));
    return reply.code(201).send({
      account_sid: account.sid,
      date_created: iso8601(account.secondaryAuthTokenDateCreated ?? account.dateUpdated),
      date_updated: iso8601(account.dateUpdated),
      secondary_auth_token: token,
      url: `${originOf(request)}/v1/AuthTokens/Secondary`,
    });
  },
};
