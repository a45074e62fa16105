import { iso8601 } from "../../http/dates.js";
import { ownAccount } from "../console-account.js";
import { consoleRegionCall } from "../console-region.js";
import type { ConsoleRoute } from "../console-route.js";

/** GET /console/api/regions/:region/auth-tokens: the region's Auth Tokens, masked (dates only). */
export const listAuthTokens: ConsoleRoute = {
  method: "GET",
  url: "/console/api/regions/:region/auth-tokens",
  gate: "session",
  async handler(request) {
    const account = await ownAccount(await consoleRegionCall(request, "auth_tokens.list"));
    const secondary = account.secondaryAuthTokenDateCreated;
    return {
      primary: { date_created: iso8601(account.authTokenDateCreated) },
      secondary: secondary === null ? null : { date_created: iso8601(secondary) },
    };
  },
};
