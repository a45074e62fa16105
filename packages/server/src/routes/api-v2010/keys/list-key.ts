import { listKeys } from "@latchkey/core";
import { pageLinks, readPageRequest, v2010Paging } from "../../../http/paging.js";
import { callerOf, type RouteDefinition } from "../../../http/route.js";
import { serializeKeyV2010 } from "../../../http/serialize-key.js";
import { API_V2010 } from "../../catalog-hosts.js";
import type { V2010KeyResource } from "./key-resource.js";
import { collectionUrl } from "./key-resource.js";

/** GET …/Keys.json (ListKey) and …/SigningKeys.json (ListSigningKey): every key of the account. */
export function listKeyV2010(resource: V2010KeyResource): RouteDefinition {
  return {
    method: "GET",
    url: collectionUrl(resource),
    access: API_V2010,
    async handler(request) {
      const { AccountSid } = request.params as { AccountSid: string };
      const page = readPageRequest(request, "key");
      const result = await listKeys(request.region, callerOf(request).principal, { accountSid: AccountSid, ...page });
      const path = `/2010-04-01/Accounts/${AccountSid}/${resource.segment}.json`;
      const links = pageLinks(path, {}, page, result);
      return {
        [resource.listKey]: result.items.map(serializeKeyV2010),
        ...v2010Paging(page, links, result.items.length),
      };
    },
  };
}
