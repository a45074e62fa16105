import { AppError, consoleKeyAction, createKey, createMainKey } from "@latchkey/core";
import { consoleRegionCall } from "../console-region.js";
import type { ConsoleRoute } from "../console-route.js";
import { jsonFields, optionalArray, optionalString } from "../json-body.js";
import { parseFriendlyName, parseKeyType, parsePermissions } from "../key-input.js";
import { serializeConsoleKey } from "../serialize-console-key.js";

/**
 * POST /console/api/regions/:region/keys: a Standard or Restricted key exactly as `/v1/Keys` makes it, or a
 * Main key, which only the console and the operator CLI make. SECURITY: the secret is in this answer only.
 */
export const createConsoleKey: ConsoleRoute = {
  method: "POST",
  url: "/console/api/regions/:region/keys",
  gate: "session",
  async handler(request, reply) {
    const fields = jsonFields(request);
    const type = parseKeyType(optionalString(fields, "type"));
    const { region, user, caller } = await consoleRegionCall(request, consoleKeyAction("create", type));
    const friendlyName = parseFriendlyName(optionalString(fields, "friendly_name")) ?? null;
    const permissions = optionalArray(fields, "permissions");
    if (type !== "restricted" && permissions !== undefined) {
      throw new AppError("INVALID_POLICY", { message: "permissions can only be given for a restricted key" });
    }
    const accountSid = user.accountSid;
    const created =
      type === "main"
        ? await createMainKey(region, caller.actor, { accountSid, friendlyName })
        : type === "standard"
          ? await createKey(region, caller, { accountSid, friendlyName, type })
          : await createKey(region, caller, {
              accountSid,
              friendlyName,
              type,
              policy: parsePermissions(requirePermissions(permissions), region.catalog),
            });
    return reply.code(201).send({ key: serializeConsoleKey(created.key), secret: created.secret });
  },
};

function requirePermissions(permissions: readonly unknown[] | undefined): readonly unknown[] {
  if (permissions === undefined || permissions.length === 0) {
    throw new AppError("INVALID_POLICY", { message: "A restricted key needs at least one permission" });
  }
  return permissions;
}
