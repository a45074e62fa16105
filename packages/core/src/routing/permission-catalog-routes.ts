import catalogData from "../data/permission-catalog.json" with { type: "json" };
import {
  type ClassifiedEndpoint,
  type PermissionRouteCatalog,
  type RouteEndpoint,
  type RouteTree,
  RouteTreeBuilder,
} from "./route-tree.js";

/** A Twilio permission the published specs give no endpoint for, and why (see docs/permission-catalog.md). */
export interface UnmappedPermission {
  readonly permission: string;
  readonly reason: string;
}

/** The committed output of `npm run catalog:generate`. */
export interface TwilioPermissionRouteCatalog extends PermissionRouteCatalog {
  readonly generatedFrom: {
    readonly package: string;
    readonly specs: readonly string[];
    readonly permissions: string;
    readonly generator: string;
  };
  readonly permissions: Readonly<Record<string, readonly RouteEndpoint[]>>;
  readonly endpointClasses: readonly ClassifiedEndpoint[];
  readonly unmapped: readonly UnmappedPermission[];
}

/**
 * Twilio's permissions with the endpoints each opens, derived from Twilio's OpenAPI specs.
 *
 * @example
 * ```ts
 * twilioPermissionRouteCatalog.permissions["/twilio/voice/calls/create"];
 * // → [{ host: "api", method: "POST", path: "/2010-04-01/Accounts/{AccountSid}/Calls.json" }]
 * ```
 */
export const twilioPermissionRouteCatalog: TwilioPermissionRouteCatalog = {
  ...catalogData,
  endpointClasses: catalogData.endpointClasses.map(classifiedEndpoint),
};

// JSON imports type `class` as any string; the committed data is checked once here, at load.
function classifiedEndpoint(entry: RouteEndpoint & { readonly class: string }): ClassifiedEndpoint {
  if (entry.class !== "management" && entry.class !== "account-admin") {
    throw new Error(
      `permission-catalog.json: unknown endpoint class '${entry.class}' for ${entry.method} ${entry.path}`,
    );
  }
  return { host: entry.host, method: entry.method, path: entry.path, class: entry.class };
}

/**
 * A builder that already holds Twilio's catalog, for an operator who adds routes of their own namespace.
 *
 * @example
 * ```ts
 * const tree = twilioRouteTreeBuilder()
 *   .add({ host: "billing", method: "GET", path: "/v1/Invoices", permission: "/acme/billing/invoices/list" })
 *   .build();
 * ```
 */
export function twilioRouteTreeBuilder(): RouteTreeBuilder {
  return new RouteTreeBuilder().addCatalog(twilioPermissionRouteCatalog);
}

/**
 * Twilio's endpoints as a route tree, built once when the module loads (about a thousand inserts).
 *
 * @example
 * ```ts
 * const match = twilioRouteTree.match({ host: "api", method: "POST", path: "/2010-04-01/Accounts/AC1/Calls.json" });
 * match?.permissions.map((p) => p.name); // ["/twilio/voice/calls/create"]
 * ```
 */
export const twilioRouteTree: RouteTree = twilioRouteTreeBuilder().build();
