import { createSubaccount } from "@latchkey/core";
import { parseAccountName } from "../../../http/account-params.js";
import { bodyFields, optionalParam } from "../../../http/form.js";
import { callerOf, type RouteDefinition } from "../../../http/route.js";
import { serializeAccount } from "../../../http/serialize-account.js";
import { ACCOUNT_ACCESS } from "../../account-access.js";

/** POST /2010-04-01/Accounts.json — Twilio operationId CreateAccount: a subaccount of the caller. */
export const createAccount: RouteDefinition = {
  method: "POST",
  url: "/2010-04-01/Accounts.json",
  access: ACCOUNT_ACCESS.create,
  async handler(request, reply) {
    const raw = optionalParam(bodyFields(request), "FriendlyName");
    const friendlyName = raw === "" ? null : (parseAccountName(raw) ?? null);
    const caller = callerOf(request);
    const { account } = await createSubaccount(request.region, caller, { friendlyName });
    return reply.code(201).send(serializeAccount(account, caller.principal, request.region));
  },
};
