import { deleteSecondaryAuthToken } from "@latchkey/core";
import { consoleRegionCall } from "../console-region.js";
import type { ConsoleRoute } from "../console-route.js";

/** DELETE /console/api/regions/:region/auth-tokens/secondary: drop the secondary; 404 when there is none. */
export const deleteSecondaryToken: ConsoleRoute = {
  method: "DELETE",
  url: "/console/api/regions/:region/auth-tokens/secondary",
  gate: "session",
  async handler(request, reply) {
    const { region, caller } = await consoleRegionCall(request, "auth_tokens.delete_secondary");
    await deleteSecondaryAuthToken(region, caller);
    return reply.code(204).send();
  },
};
