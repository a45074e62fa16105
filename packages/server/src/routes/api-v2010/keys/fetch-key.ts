import { findReachableKey } from "@latchkey/core";
import { callerOf, type RouteDefinition } from "../../../http/route.js";
import { serializeKeyV2010 } from "../../../http/serialize-key.js";
import { API_V2010 } from "../../catalog-hosts.js";
import { type InstanceParams, instanceUrl, type V2010KeyResource } from "./key-resource.js";

/** GET …/Keys/{Sid}.json (FetchKey) and …/SigningKeys/{Sid}.json (FetchSigningKey). */
export function fetchKeyV2010(resource: V2010KeyResource): RouteDefinition {
  return {
    method: "GET",
    url: instanceUrl(resource),
    access: API_V2010,
    async handler(request) {
      const { AccountSid, Sid } = request.params as InstanceParams;
      const key = await findReachableKey(request.region.store, callerOf(request).principal, Sid, AccountSid, "read");
      return serializeKeyV2010(key);
    },
  };
}
