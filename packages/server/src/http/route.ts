import type { Actor, Principal, RegionContext, RouteAccess } from "@latchkey/core";
import type { FastifyReply, FastifyRequest, HTTPMethods } from "fastify";

/** One API operation: its method and path, what it requires, and its handler. */
export interface RouteDefinition {
  readonly method: HTTPMethods | HTTPMethods[];
  readonly url: string;
  /**
   * Null for public routes (health checks); `gateway` for the decision API, whose callers prove to
   * be a gateway themselves; otherwise the caller's credential must grant this access.
   */
  readonly access: RouteAccess | "gateway" | null;
  readonly handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
}

declare module "fastify" {
  interface FastifyRequest {
    /** The region serving this request; set before authentication. */
    region: RegionContext;
    /** Set by the auth hook on every non-public route. */
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    access?: RouteAccess | "gateway" | null;
  }
}

/** The authenticated caller of a protected route, as the use cases take it. */
export function callerOf(request: FastifyRequest): { principal: Principal; actor: Actor } {
  const principal = request.principal;
  if (principal === null) throw new Error(`Route ${request.url} ran without an authenticated principal`);
  return { principal, actor: { sid: principal.credentialSid, address: request.ip } };
}
