import { signOut } from "@latchkey/core";
import type { ConsoleRoute } from "../console-route.js";
import { clearSessionCookie } from "../session-cookie.js";
import { signedInOf } from "../signed-in.js";

/** DELETE /console/api/session: sign out; the session row is deleted and the cookie cleared. */
export const deleteSession: ConsoleRoute = {
  method: "DELETE",
  url: "/console/api/session",
  gate: "one-time-password",
  async handler(request, reply, { deps }) {
    await signOut(deps, signedInOf(request).token);
    clearSessionCookie(request, reply);
    return reply.code(204).send();
  },
};
