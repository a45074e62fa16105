import { deleteKey } from "@latchkey/core";
import { callerOf, type RouteDefinition } from "../../../http/route.js";
import { API_V2010 } from "../../catalog-hosts.js";
import { type InstanceParams, instanceUrl, type V2010KeyResource } from "./key-resource.js";

/** DELETE …/Keys/{Sid}.json (DeleteKey) and …/SigningKeys/{Sid}.json (DeleteSigningKey). */
export function deleteKeyV2010(resource: V2010KeyResource): RouteDefinition {
  return {
    method: "DELETE",
    url: instanceUrl(resource),
    access: API_V2010,
    async handler(request, reply) {
      const { AccountSid, Sid } = request.params as InstanceParams;
      await deleteKey(request.region, callerOf(request), { sid: Sid, accountSid: AccountSid });
      return reply.code(204).send();
    },
  };
}
