import type { RouteTree } from "@latchkey/core";
import type { CatalogEndpoint, ResolvedAccess, RouteDefinition } from "./route.js";

/**
 * The catalog's description of a protected route: the same endpoint the decision API finds for a request to
 * it, so both judge it alike. A protected route the catalog does not list is a programming error that stops
 * the server from starting, never a route left unguarded.
 */
export function resolveRouteAccess(
  routes: RouteTree,
  route: RouteDefinition & { readonly access: CatalogEndpoint },
): ResolvedAccess {
  const method = Array.isArray(route.method) ? undefined : route.method;
  const template = route.url.replace(/:([A-Za-z]+)/g, "{$1}");
  // `:Sid` fills a `{Sid}` segment like any value would, so the route's own URL finds its endpoint.
  const match =
    method === undefined ? undefined : routes.match({ host: route.access.catalogHost, method, path: route.url });
  if (match === undefined || match.template !== template) {
    throw new Error(`Route ${String(route.method)} ${route.url} is not in the permission catalog`);
  }
  return { endpointClass: match.endpointClass, permissions: match.permissions, method: match.method, path: template };
}
