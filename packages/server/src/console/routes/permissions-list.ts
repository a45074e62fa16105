import { consoleRegionCall } from "../console-region.js";
import type { ConsoleRoute } from "../console-route.js";
import { permissionListing } from "../permission-listing.js";

/** GET /console/api/regions/:region/permissions: the region's permission catalog for the Permissions picker. */
export const listPermissions: ConsoleRoute = {
  method: "GET",
  url: "/console/api/regions/:region/permissions",
  gate: "session",
  async handler(request) {
    const { region } = await consoleRegionCall(request, "permission_catalog.read");
    return permissionListing(region);
  },
};
