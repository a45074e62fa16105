import { deleteSecondaryAuthToken as deleteSecondary } from "@latchkey/core";
import { callerOf, type RouteDefinition } from "../../../http/route.js";
import { ACCOUNTS_V1 } from "../../catalog-hosts.js";

/** DELETE /v1/AuthTokens/Secondary — Twilio operationId DeleteSecondaryAuthToken; 404 when there is none. */
export const deleteSecondaryAuthToken: RouteDefinition = {
  method: "DELETE",
  url: "/v1/AuthTokens/Secondary",
  access: ACCOUNTS_V1,
  async handler(request, reply) {
    await deleteSecondary(request.region, callerOf(request));
    return reply.code(204).send();
  },
};
