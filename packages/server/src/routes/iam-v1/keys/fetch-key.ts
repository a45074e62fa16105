import { findReachableKey } from "@latchkey/core";
import { callerOf, type RouteDefinition } from "../../../http/route.js";
import { serializeKeyV1 } from "../../../http/serialize-key.js";
import { IAM_V1 } from "../../catalog-hosts.js";

/** GET /v1/Keys/{Sid} — Twilio operationId FetchKey. The account comes from the credentials. */
export const fetchKey: RouteDefinition = {
  method: "GET",
  url: "/v1/Keys/:Sid",
  access: IAM_V1,
  async handler(request) {
    const { Sid } = request.params as { Sid: string };
    const key = await findReachableKey(request.region.store, callerOf(request).principal, Sid, undefined, "read");
    return serializeKeyV1(key);
  },
};
