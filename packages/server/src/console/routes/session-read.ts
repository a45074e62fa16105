import type { ConsoleRoute } from "../console-route.js";
import { sessionBody } from "../session-body.js";
import { signedInOf } from "../signed-in.js";

/** GET /console/api/session: who is signed in, with the CSRF token and what their role may do. */
export const readSession: ConsoleRoute = {
  method: "GET",
  url: "/console/api/session",
  gate: "one-time-password",
  async handler(request, _reply, { deps }) {
    const { user, token } = signedInOf(request);
    return sessionBody(deps.deployment, user, token);
  },
};
