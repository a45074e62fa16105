import { findConsoleKey } from "../console-key.js";
import { consoleRegionCall } from "../console-region.js";
import type { ConsoleRoute } from "../console-route.js";
import { serializeConsoleKey } from "../serialize-console-key.js";

/** GET /console/api/regions/:region/keys/:Sid: one key of the account, never its secret. */
export const readConsoleKey: ConsoleRoute = {
  method: "GET",
  url: "/console/api/regions/:region/keys/:Sid",
  gate: "session",
  async handler(request) {
    const call = await consoleRegionCall(request, "keys.read");
    const { Sid } = request.params as { Sid: string };
    return serializeConsoleKey(await findConsoleKey(call, Sid));
  },
};
