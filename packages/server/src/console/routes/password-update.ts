import { assertConsoleMay, changeOwnPassword, isAppError } from "@latchkey/core";
import type { ConsoleRoute } from "../console-route.js";
import { jsonFields, requiredString } from "../json-body.js";
import { sessionBody } from "../session-body.js";
import { signedInOf } from "../signed-in.js";

/** POST /console/api/password: replace the user's own password (a one-time one included); other sessions end. */
export const updatePassword: ConsoleRoute = {
  method: "POST",
  url: "/console/api/password",
  gate: "one-time-password",
  async handler(request, _reply, { deps, throttles }) {
    const signedIn = signedInOf(request);
    assertConsoleMay(signedIn.user, "users.change_own_password");
    // The current password is checked with scrypt: an address over its failure limit does not get to try.
    const throttled = throttles.refusalFor(request.ip);
    if (throttled !== null) throw throttled;
    const fields = jsonFields(request);
    const currentPassword = requiredString(fields, "current_password");
    const newPassword = requiredString(fields, "new_password");
    try {
      const user = await changeOwnPassword(deps, signedIn, { currentPassword, newPassword });
      return sessionBody(deps.deployment, user, signedIn.token);
    } catch (error) {
      // SECURITY: a wrong current password is a failed password check, counted as sign-in counts one (per
      // address and per email), so a borrowed session cannot guess the password at scrypt speed.
      if (isAppError(error) && error.code === "CURRENT_PASSWORD_WRONG") {
        const failure = throttles.recordFailure(request.ip, `console:${signedIn.user.email}`);
        if (failure.code === "TOO_MANY_REQUESTS") throw failure;
      }
      throw error;
    }
  },
};
