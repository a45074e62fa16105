import { AppError, mayViewAuthToken } from "@latchkey/core";
import { ownAccount } from "../console-account.js";
import { consoleRegionCall } from "../console-region.js";
import type { ConsoleRoute } from "../console-route.js";

/**
 * POST /console/api/regions/:region/auth-tokens/primary/reveal: the primary Auth Token in the clear. A POST
 * (with the CSRF token) rather than a GET, so no other page can make the browser fetch it, and never cached.
 */
export const revealPrimaryAuthToken: ConsoleRoute = {
  method: "POST",
  url: "/console/api/regions/:region/auth-tokens/primary/reveal",
  gate: "session",
  async handler(request) {
    const call = await consoleRegionCall(request, "auth_tokens.read_primary");
    const account = await ownAccount(call);
    // SECURITY: who sees an Auth Token is core's rule, as for the Accounts API.
    if (!mayViewAuthToken(call.caller.principal, account)) {
      throw new AppError("PERMISSION_DENIED", { message: "Authorization Failed: this Auth Token cannot be shown" });
    }
    return { auth_token: call.region.secrets.open(account.sealedAuthToken, account.sid) };
  },
};
