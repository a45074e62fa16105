import { assertConsoleMay, selectRegion } from "@latchkey/core";
import type { ConsoleRoute } from "../console-route.js";
import { jsonFields, requiredString } from "../json-body.js";
import { sessionBody } from "../session-body.js";
import { signedInOf } from "../signed-in.js";

/** PUT /console/api/preferences: the region the user works in, remembered across sign-ins. */
export const updatePreferences: ConsoleRoute = {
  method: "PUT",
  url: "/console/api/preferences",
  gate: "session",
  async handler(request, _reply, { deps }) {
    const { user, token } = signedInOf(request);
    assertConsoleMay(user, "regions.select");
    const region = requiredString(jsonFields(request), "region");
    const updated = await selectRegion(deps, user, region);
    return sessionBody(deps.deployment, updated, token);
  },
};
