import {
  type AccountStatus,
  AppError,
  assertConsoleMay,
  type ConsoleAction,
  findReachableAccount,
  updateAccount,
} from "@latchkey/core";
import { parseAccountName, parseAccountStatus } from "../../http/account-params.js";
import { consoleRegionCall } from "../console-region.js";
import type { ConsoleRoute } from "../console-route.js";
import { jsonFields, optionalString } from "../json-body.js";
import { serializeSubaccount } from "../serialize-subaccount.js";

const STATUS_ACTIONS: Readonly<Record<AccountStatus, ConsoleAction>> = {
  active: "subaccounts.reactivate",
  suspended: "subaccounts.suspend",
  closed: "subaccounts.close",
};

/** POST /console/api/regions/:region/subaccounts/:Sid: rename, suspend, reactivate or close (final) a subaccount. */
export const updateConsoleSubaccount: ConsoleRoute = {
  method: "POST",
  url: "/console/api/regions/:region/subaccounts/:Sid",
  gate: "session",
  async handler(request) {
    // The role action depends on the fields given (rename, suspend, reactivate, close): asked below, so a
    // refusal names what was refused.
    const call = await consoleRegionCall(request, null);
    const fields = jsonFields(request);
    const friendlyName = parseAccountName(optionalString(fields, "friendly_name"));
    const status = parseAccountStatus(optionalString(fields, "status"));
    if (friendlyName === undefined && status === undefined) {
      throw new AppError("MISSING_PARAMETER", { message: "Give friendly_name, status or both" });
    }
    if (friendlyName !== undefined) assertConsoleMay(call.user, "subaccounts.rename");
    if (status !== undefined) assertConsoleMay(call.user, STATUS_ACTIONS[status]);
    const { Sid } = request.params as { Sid: string };
    const account = await findReachableAccount(call.region.store, call.caller.principal, Sid, "read");
    // This page manages subaccounts: the user's own account is not one of them, and answers as missing.
    if (account.ownerAccountSid !== call.user.accountSid || account.sid === call.user.accountSid) {
      throw new AppError("NOT_FOUND");
    }
    const updated = await updateAccount(call.region, call.caller, account.sid, {
      ...(friendlyName !== undefined && { friendlyName }),
      ...(status !== undefined && { status }),
    });
    return serializeSubaccount(updated);
  },
};
