import { promoteSecondaryAuthToken } from "@latchkey/core";
import { iso8601 } from "../../http/dates.js";
import { consoleRegionCall } from "../console-region.js";
import type { ConsoleRoute } from "../console-route.js";

/** POST /console/api/regions/:region/auth-tokens/promote: the secondary becomes primary; the old one fails next. */
export const promoteSecondaryToken: ConsoleRoute = {
  method: "POST",
  url: "/console/api/regions/:region/auth-tokens/promote",
  gate: "session",
  async handler(request) {
    const { region, caller } = await consoleRegionCall(request, "auth_tokens.promote");
    // The promoted token was the secondary the user already saw; the answer does not repeat it.
    const { account } = await promoteSecondaryAuthToken(region, caller);
    return { primary: { date_created: iso8601(account.authTokenDateCreated) }, secondary: null };
  },
};
