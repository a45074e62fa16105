import { AppError, listKeys } from "@latchkey/core";
import { consoleRegionCall } from "../console-region.js";
import type { ConsoleRoute } from "../console-route.js";
import { parseKeyType } from "../key-input.js";
import { MAX_SEARCH_LENGTH, optionalQuery, readConsolePage } from "../query-params.js";
import { serializeConsoleKey } from "../serialize-console-key.js";

/** GET /console/api/regions/:region/keys: the account's keys in the region, searched and filtered by the store. */
export const listConsoleKeys: ConsoleRoute = {
  method: "GET",
  url: "/console/api/regions/:region/keys",
  gate: "session",
  async handler(request) {
    const { region, user, caller } = await consoleRegionCall(request, "keys.list");
    const search = optionalQuery(request, "search")?.trim();
    if (search !== undefined && search.length > MAX_SEARCH_LENGTH) {
      throw new AppError("INVALID_PARAMETER", { message: `search must be at most ${MAX_SEARCH_LENGTH} characters` });
    }
    const rawType = optionalQuery(request, "type");
    const type = rawType === undefined ? null : parseKeyType(rawType);
    const page = readConsolePage(request, "key");
    const result = await listKeys(region, caller.principal, {
      accountSid: user.accountSid,
      ...page,
      search: search === undefined || search === "" ? null : search,
      type,
    });
    return { keys: result.items.map(serializeConsoleKey), next_page_token: result.nextPageToken };
  },
};
