import { findReachableKey } from "@latchkey/core";
import { callerOf, type RouteDefinition } from "../../../http/route.js";
import { serializeKeyV1 } from "../../../http/serialize-key.js";
import { KEY_ACCESS } from "../../key-access.js";

/** GET /v1/Keys/{Sid} — Twilio operationId FetchKey. The account comes from the credentials. */
export const fetchKey: RouteDefinition = {
  method: "GET",
  url: "/v1/Keys/:Sid",
  access: KEY_ACCESS.read,
  async handler(request) {
    const { Sid } = request.params as { Sid: string };
    const key = await findReachableKey(request.region.store, callerOf(request).principal, Sid);
    return serializeKeyV1(key);
  },
};
