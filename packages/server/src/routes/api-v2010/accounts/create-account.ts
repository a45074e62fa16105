import { createSubaccount } from "@latchkey/core";
import { parseAccountName } from "../../../http/account-params.js";
import { bodyFields, optionalParam } from "../../../http/form.js";
import { callerOf, type RouteDefinition } from "../../../http/route.js";
import { serializeAccount } from "../../../http/serialize-account.js";
import { API_V2010 } from "../../catalog-hosts.js";

/** POST /2010-04-01/Accounts.json — Twilio operationId CreateAccount: a subaccount of the caller. */
export const createAccount: RouteDefinition = {
  method: "POST",
  url: "/2010-04-01/Accounts.json",
  access: API_V2010,
  async handler(request, reply) {
    // Empty is refused as on update (docs/compatibility.md); only an omitted name gets the default.
    const friendlyName = parseAccountName(optionalParam(bodyFields(request), "FriendlyName")) ?? null;
    const caller = callerOf(request);
    const { account } = await createSubaccount(request.region, caller, { friendlyName });
    return reply.code(201).send(serializeAccount(account, caller.principal, request.region));
  },
};
