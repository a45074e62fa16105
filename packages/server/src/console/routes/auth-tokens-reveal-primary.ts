import { revealPrimaryAuthToken as revealAuthToken } from "@latchkey/core";
import { consoleRegionCall } from "../console-region.js";
import type { ConsoleRoute } from "../console-route.js";

/**
 * POST /console/api/regions/:region/auth-tokens/primary/reveal: the primary Auth Token in the clear, audited.
 * A POST (with the CSRF token) rather than a GET, so no other page can make the browser fetch it, and never cached.
 */
export const revealPrimaryAuthToken: ConsoleRoute = {
  method: "POST",
  url: "/console/api/regions/:region/auth-tokens/primary/reveal",
  gate: "session",
  async handler(request) {
    const { region, caller } = await consoleRegionCall(request, "auth_tokens.read_primary");
    return { auth_token: await revealAuthToken(region, caller) };
  },
};
