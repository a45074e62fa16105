import { AppError, assertConsoleMay, consoleKeyAction, type KeyUpdate, updateKey } from "@latchkey/core";
import { findConsoleKey } from "../console-key.js";
import { consoleRegionCall } from "../console-region.js";
import type { ConsoleRoute } from "../console-route.js";
import { jsonFields, optionalArray, optionalString } from "../json-body.js";
import { parseFriendlyName, parsePermissions } from "../key-input.js";
import { serializeConsoleKey } from "../serialize-console-key.js";

/**
 * POST /console/api/regions/:region/keys/:Sid: rename a key and/or replace a restricted key's permissions
 * (replace-on-save, as the API does). Renaming a Main key is Main-key management, so the key is loaded first
 * to learn its type.
 */
export const updateConsoleKey: ConsoleRoute = {
  method: "POST",
  url: "/console/api/regions/:region/keys/:Sid",
  gate: "session",
  async handler(request) {
    const call = await consoleRegionCall(request, "keys.read");
    const { Sid } = request.params as { Sid: string };
    const key = await findConsoleKey(call, Sid);
    const fields = jsonFields(request);
    const friendlyName = parseFriendlyName(optionalString(fields, "friendly_name"));
    const permissions = optionalArray(fields, "permissions");
    if (friendlyName === undefined && permissions === undefined) {
      throw new AppError("MISSING_PARAMETER", { message: "Give friendly_name, permissions or both" });
    }
    if (friendlyName !== undefined) assertConsoleMay(call.user, consoleKeyAction("rename", key.type));
    if (permissions !== undefined) assertConsoleMay(call.user, "keys.edit_permissions");
    const update: KeyUpdate = {
      ...(friendlyName !== undefined && { friendlyName }),
      ...(permissions !== undefined && { policy: parsePermissions(permissions, call.region.catalog) }),
    };
    const updated = await updateKey(
      call.region,
      call.caller,
      { sid: key.sid, accountSid: call.user.accountSid },
      update,
    );
    return serializeConsoleKey(updated);
  },
};
