import { createSecondaryAuthToken } from "@latchkey/core";
import { iso8601 } from "../../http/dates.js";
import { consoleRegionCall } from "../console-region.js";
import type { ConsoleRoute } from "../console-route.js";

/** POST /console/api/regions/:region/auth-tokens/secondary: a new secondary token, shown once; replaces any earlier. */
export const createSecondaryToken: ConsoleRoute = {
  method: "POST",
  url: "/console/api/regions/:region/auth-tokens/secondary",
  gate: "session",
  async handler(request, reply) {
    const { region, caller } = await consoleRegionCall(request, "auth_tokens.create_secondary");
    const { account, token } = await createSecondaryAuthToken(region, caller);
    return reply.code(201).send({
      secondary_auth_token: token,
      date_created: iso8601(account.secondaryAuthTokenDateCreated ?? account.dateUpdated),
    });
  },
};
