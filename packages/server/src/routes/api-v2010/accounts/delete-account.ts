import { AppError } from "@latchkey/core";
import type { RouteDefinition } from "../../../http/route.js";

/** DELETE /2010-04-01/Accounts/{Sid}.json — accounts are closed, never deleted: 405/20004, as on Twilio. */
export const deleteAccount: RouteDefinition = {
  method: "DELETE",
  url: "/2010-04-01/Accounts/:Sid.json",
  access: null,
  async handler() {
    throw new AppError("METHOD_NOT_ALLOWED", { message: "Accounts cannot be deleted; set Status=closed instead" });
  },
};
