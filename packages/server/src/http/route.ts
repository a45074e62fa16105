import type { Actor, EndpointAccess, JudgedRequest, Principal, RegionContext } from "@latchkey/core";
import type { FastifyReply, FastifyRequest, HTTPMethods } from "fastify";
import type { GatewayIdentity } from "./gateway-auth.js";

/** Where the permission catalog lists a protected route: its product host (`iam`, `api`, `accounts`). */
export interface CatalogEndpoint {
  readonly catalogHost: string;
}

/** One API operation: its method and path, what it requires, and its handler. */
export interface RouteDefinition {
  readonly method: HTTPMethods | HTTPMethods[];
  readonly url: string;
  /**
   * Null for public routes (health checks); `gateway` for the decision API, whose callers prove to
   * be a gateway themselves; otherwise the catalog endpoint the route serves, whose class and
   * permissions the caller's credential must meet.
   */
  readonly access: CatalogEndpoint | "gateway" | null;
  /**
   * The route's own hooks. `onRequest` runs before the body is read, so a check there (the decision
   * API's gateway credential) refuses a caller whose body is never parsed.
   */
  readonly hooks?: { readonly onRequest?: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown> };
  readonly handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
}

/** A protected route's endpoint as the catalog describes it, resolved once when the app is built. */
export type ResolvedAccess = EndpointAccess & JudgedRequest;

declare module "fastify" {
  interface FastifyRequest {
    /** The region serving this request; set before authentication. */
    region: RegionContext;
    /** Set by the auth hook on every non-public route. */
    principal: Principal | null;
    /** Set by a decision route's gateway hook (http/gateway-auth.ts) once the gateway is verified. */
    gateway: GatewayIdentity | null;
  }
  interface FastifyContextConfig {
    access?: ResolvedAccess | "gateway" | null;
  }
}

/** The authenticated caller of a protected route, as the use cases take it. */
export function callerOf(request: FastifyRequest): { principal: Principal; actor: Actor } {
  const principal = request.principal;
  if (principal === null) throw new Error(`Route ${request.url} ran without an authenticated principal`);
  return { principal, actor: { sid: principal.credentialSid, address: request.ip } };
}
