import { checkFriendlyName, updateKey } from "@latchkey/core";
import { bodyFields, optionalParam } from "../../../http/form.js";
import { callerOf, type RouteDefinition } from "../../../http/route.js";
import { serializeKeyV2010 } from "../../../http/serialize-key.js";
import { API_V2010 } from "../../catalog-hosts.js";
import { type InstanceParams, instanceUrl, type V2010KeyResource } from "./key-resource.js";

/** POST …/Keys/{Sid}.json (UpdateKey) and …/SigningKeys/{Sid}.json (UpdateSigningKey): FriendlyName only. */
export function updateKeyV2010(resource: V2010KeyResource): RouteDefinition {
  return {
    method: "POST",
    url: instanceUrl(resource),
    access: API_V2010,
    async handler(request) {
      const { AccountSid, Sid } = request.params as InstanceParams;
      const friendlyName = checkFriendlyName(optionalParam(bodyFields(request), "FriendlyName"));
      const key = await updateKey(
        request.region,
        callerOf(request),
        { sid: Sid, accountSid: AccountSid },
        friendlyName === undefined ? {} : { friendlyName },
      );
      return serializeKeyV2010(key);
    },
  };
}
