import { checkFriendlyName, createKey } from "@latchkey/core";
import { bodyFields, optionalParam } from "../../../http/form.js";
import { callerOf, type RouteDefinition } from "../../../http/route.js";
import { serializeKeyV2010, withSecret } from "../../../http/serialize-key.js";
import { API_V2010 } from "../../catalog-hosts.js";
import { collectionUrl, type V2010KeyResource } from "./key-resource.js";

/**
 * POST /2010-04-01/Accounts/{AccountSid}/Keys.json (CreateNewKey) and SigningKeys.json
 * (CreateNewSigningKey). Always a standard key: KeyType and Policy are ignored here, as on Twilio.
 */
export function createNewKeyV2010(resource: V2010KeyResource): RouteDefinition {
  return {
    method: "POST",
    url: collectionUrl(resource),
    access: API_V2010,
    async handler(request, reply) {
      const { AccountSid } = request.params as { AccountSid: string };
      const friendlyName = checkFriendlyName(optionalParam(bodyFields(request), "FriendlyName")) ?? null;
      const { key, secret } = await createKey(request.region, callerOf(request), {
        accountSid: AccountSid,
        friendlyName,
        type: "standard",
      });
      return reply.code(201).send(withSecret(serializeKeyV2010(key), secret));
    },
  };
}
