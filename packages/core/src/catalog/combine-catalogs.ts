/**
 * Joins Twilio's catalog and the operators' validated catalogs into the one permission catalog and the one
 * route tree a region uses. Invariant: an operator's routes never change the decision for a Twilio request:
 * a route that some Twilio endpoint's requests would also match is refused, not merged.
 */
import knownPermissions from "../data/permissions.json" with { type: "json" };
import { PermissionCatalog } from "../policy/permission-catalog.js";
import { twilioPermissionRouteCatalog, twilioRouteTreeBuilder } from "../routing/permission-catalog-routes.js";
import type { PermissionRouteCatalog, RouteTree } from "../routing/route-tree.js";
import type { CatalogIssue, CatalogResult } from "./catalog-issue.js";
import type { OperatorCatalog, OperatorProduct, OperatorRoute } from "./operator-catalog.js";
import { routeShape, templatesOverlap } from "./route-template.js";

/** What every region needs to grant and to decide: pass both to openDeployment. */
export interface RegionCatalogs {
  readonly catalog: PermissionCatalog;
  readonly routes: RouteTree;
}

interface TwilioEndpoint {
  readonly path: string;
  readonly permission: string;
}

/**
 * Checks the files against each other and against Twilio's endpoints, then builds the region's catalogs.
 *
 * @example
 * ```ts
 * const result = combineOperatorCatalogs([acme]);
 * if (result.ok) await openDeployment({ ...options, ...result.value });
 * ```
 */
export function combineOperatorCatalogs(catalogs: readonly OperatorCatalog[]): CatalogResult<RegionCatalogs> {
  const issues: CatalogIssue[] = [...productClashes(catalogs), ...routeClashes(catalogs)];
  if (issues.length > 0) return { ok: false, issues };

  const builder = twilioRouteTreeBuilder();
  for (const route of catalogs.flatMap((catalog) => catalog.routes)) {
    try {
      builder.add(route);
    } catch (error) {
      // Validation accepts only templates the builder takes; this is a guard should the two ever drift.
      issues.push(issueAt(route, error instanceof Error ? error.message : String(error)));
    }
  }
  if (issues.length > 0) return { ok: false, issues };
  const operatorPermissions = catalogs.flatMap((catalog) => catalog.permissions).map((permission) => ({ permission }));
  const catalog = new PermissionCatalog([...knownPermissions.permissions, ...operatorPermissions]);
  return { ok: true, value: { catalog, routes: builder.build() } };
}

/** A product belongs to one file, so no one reads half of its permissions and believes it is all of them. */
function productClashes(catalogs: readonly OperatorCatalog[]): CatalogIssue[] {
  const issues: CatalogIssue[] = [];
  const owners = new Map<string, { readonly file: string; readonly product: OperatorProduct }>();
  for (const catalog of catalogs) {
    for (const product of catalog.products) {
      const name = `/${catalog.namespace}/${product.name}`;
      const owner = owners.get(name);
      if (owner === undefined) owners.set(name, { file: catalog.file, product });
      else {
        issues.push({
          file: catalog.file,
          line: product.line,
          field: product.field,
          message: `${name} is already declared at ${owner.file}:${owner.product.line}; keep a product in one file`,
        });
      }
    }
  }
  return issues;
}

function routeClashes(catalogs: readonly OperatorCatalog[]): CatalogIssue[] {
  const issues: CatalogIssue[] = [];
  const twilio = twilioEndpointsByBucket(twilioPermissionRouteCatalog);
  const seen = new Map<string, OperatorRoute>();
  for (const route of catalogs.flatMap((catalog) => catalog.routes)) {
    const shape = routeShape(route);
    const earlier = seen.get(shape);
    if (earlier !== undefined) {
      issues.push(
        issueAt(
          route,
          `${route.method} ${route.path} on host ${route.host} duplicates the route at ${earlier.file}:${earlier.line} (${earlier.field})`,
        ),
      );
      continue;
    }
    seen.set(shape, route);
    const twilioEndpoint = twilio.get(bucketOf(route.host, route.method, route.path))?.find((endpoint) => {
      return templatesOverlap(route.path, endpoint.path);
    });
    if (twilioEndpoint !== undefined) {
      issues.push(
        issueAt(
          route,
          `${route.method} ${route.path} on host ${route.host} overlaps Twilio's ${route.method} ${twilioEndpoint.path} ` +
            `(${twilioEndpoint.permission}); Latchkey tells APIs apart by the first label of the host only`,
        ),
      );
    }
  }
  return issues;
}

// Only templates with the same host, method and segment count can overlap, so each route is compared with few.
function twilioEndpointsByBucket(catalog: PermissionRouteCatalog): Map<string, TwilioEndpoint[]> {
  const buckets = new Map<string, TwilioEndpoint[]>();
  for (const [permission, endpoints] of Object.entries(catalog.permissions)) {
    for (const endpoint of endpoints) {
      const bucket = bucketOf(endpoint.host, endpoint.method, endpoint.path);
      const list = buckets.get(bucket) ?? [];
      buckets.set(bucket, list);
      const index = list.findIndex((known) => known.path === endpoint.path);
      // Name the specific permission in messages, as the route tree does, not a resource's `*`.
      if (index === -1) list.push({ path: endpoint.path, permission });
      else if (list[index]?.permission.endsWith("/*")) list[index] = { path: endpoint.path, permission };
    }
  }
  return buckets;
}

function bucketOf(host: string, method: string, path: string): string {
  return `${host} ${method.toUpperCase()} ${path.split("/").length}`;
}

function issueAt(route: OperatorRoute, message: string): CatalogIssue {
  return { file: route.file, line: route.line, field: route.field, message };
}
