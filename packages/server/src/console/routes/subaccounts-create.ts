import { createSubaccount } from "@latchkey/core";
import { parseAccountName } from "../../http/account-params.js";
import { consoleRegionCall } from "../console-region.js";
import type { ConsoleRoute } from "../console-route.js";
import { jsonFields, optionalString } from "../json-body.js";
import { serializeSubaccount } from "../serialize-subaccount.js";

/** POST /console/api/regions/:region/subaccounts: a subaccount of the user's account, in every region. */
export const createConsoleSubaccount: ConsoleRoute = {
  method: "POST",
  url: "/console/api/regions/:region/subaccounts",
  gate: "session",
  async handler(request, reply) {
    const call = await consoleRegionCall(request, "subaccounts.create");
    // The Accounts API's rule: 1 to 64 characters when given; omitted gets the default name.
    const friendlyName = parseAccountName(optionalString(jsonFields(request), "friendly_name")) ?? null;
    const { account } = await createSubaccount(call.region, call.caller, { friendlyName });
    return reply.code(201).send(serializeSubaccount(account));
  },
};
