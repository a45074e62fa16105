import { assertConsoleMay, consoleKeyAction, deleteKey } from "@latchkey/core";
import { findConsoleKey } from "../console-key.js";
import { consoleRegionCall } from "../console-region.js";
import type { ConsoleRoute } from "../console-route.js";

/** DELETE /console/api/regions/:region/keys/:Sid: revoke a key; it fails from the next request on. */
export const deleteConsoleKey: ConsoleRoute = {
  method: "DELETE",
  url: "/console/api/regions/:region/keys/:Sid",
  gate: "session",
  async handler(request, reply) {
    const call = await consoleRegionCall(request, "keys.read");
    const { Sid } = request.params as { Sid: string };
    const key = await findConsoleKey(call, Sid);
    assertConsoleMay(call.user, consoleKeyAction("delete", key.type));
    await deleteKey(call.region, call.caller, { sid: key.sid, accountSid: call.user.accountSid });
    return reply.code(204).send();
  },
};
