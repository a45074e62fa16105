import { MAX_POLICY_PERMISSIONS, type RegionContext, type RouteEndpoint } from "@latchkey/core";

export interface PermissionListing {
  readonly max_permissions: number;
  readonly products: readonly {
    readonly product: string;
    readonly permissions: readonly { readonly permission: string; readonly opens: readonly string[] }[];
  }[];
}

// Built once per region context: a few hundred entries that never change while the server runs.
const listings = new WeakMap<RegionContext, PermissionListing>();

/**
 * What the Permissions picker offers in a region: every permission its catalog grants (Twilio's and the
 * operator catalogs'), and each resource's `…/*`, grouped by product, each with the endpoints it opens
 * (`GET /2010-04-01/Accounts/{AccountSid}/Messages.json`), as the region's own route tree has them.
 */
export function permissionListing(region: RegionContext): PermissionListing {
  const known = listings.get(region);
  if (known !== undefined) return known;
  const opened = new Map<string, Set<string>>();
  const open = (permission: string, endpoints: readonly RouteEndpoint[]) => {
    const set = opened.get(permission) ?? new Set<string>();
    opened.set(permission, set);
    for (const endpoint of endpoints) set.add(`${endpoint.method} ${endpoint.path}`);
  };
  for (const permission of region.catalog.permissions()) {
    const endpoints = region.routes.endpointsOpenedBy(permission);
    open(permission, endpoints);
    // A resource's wildcard opens what the catalog lists for it and whatever each of its actions opens.
    const wildcard = `${permission.slice(0, permission.lastIndexOf("/") + 1)}*`;
    open(wildcard, [...region.routes.endpointsOpenedBy(wildcard), ...endpoints]);
  }
  const byProduct = new Map<string, { permission: string; opens: string[] }[]>();
  for (const [permission, opens] of [...opened].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!region.catalog.isGrantable(permission)) continue;
    // Twilio's products by their own name (`messaging`); an operator's with its namespace (`acme/billing`).
    const [, namespace = "", name = ""] = permission.split("/");
    const product = namespace === "twilio" ? name : `${namespace}/${name}`;
    const entries = byProduct.get(product) ?? [];
    byProduct.set(product, entries);
    entries.push({ permission, opens: [...opens] });
  }
  const listing: PermissionListing = {
    max_permissions: MAX_POLICY_PERMISSIONS,
    products: [...byProduct].map(([product, permissions]) => ({ product, permissions })),
  };
  listings.set(region, listing);
  return listing;
}
