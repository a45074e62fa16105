import { updateAccount as updateAccountUseCase } from "@latchkey/core";
import { parseAccountName, parseAccountStatus } from "../../../http/account-params.js";
import { bodyFields, optionalParam } from "../../../http/form.js";
import { callerOf, type RouteDefinition } from "../../../http/route.js";
import { serializeAccount } from "../../../http/serialize-account.js";
import { API_V2010 } from "../../catalog-hosts.js";

/** POST /2010-04-01/Accounts/{Sid}.json — Twilio operationId UpdateAccount: FriendlyName and Status. */
export const updateAccount: RouteDefinition = {
  method: "POST",
  url: "/2010-04-01/Accounts/:Sid.json",
  access: API_V2010,
  async handler(request) {
    const { Sid } = request.params as { Sid: string };
    const form = bodyFields(request);
    const friendlyName = parseAccountName(optionalParam(form, "FriendlyName"));
    const status = parseAccountStatus(optionalParam(form, "Status"));
    const caller = callerOf(request);
    const account = await updateAccountUseCase(request.region, caller, Sid, {
      ...(friendlyName !== undefined && { friendlyName }),
      ...(status !== undefined && { status }),
    });
    return serializeAccount(account, caller.principal, request.region);
  },
};
