import { authorize } from "@latchkey/core";
import type { FastifyRequest } from "fastify";
import type { AuthThrottles } from "./auth-throttles.js";

/**
 * Authenticates and authorizes a request to a protected route before its body is read. Every kind of
 * credential failure produces the same 401; repeated failures from one address or against one SID
 * turn into 429 with Retry-After.
 */
export function createAuthHook(throttles: AuthThrottles) {
  return async function authenticateRequest(request: FastifyRequest): Promise<void> {
    const access = request.routeOptions.config.access;
    if (typeof access !== "object" || access === null) return;
    const address = request.ip;
    const refusal = throttles.refusalFor(address);
    if (refusal !== null) throw refusal;

    const outcome = await request.region.authenticator.authenticateBasic(request.headers.authorization);
    if (!outcome.ok) throw throttles.recordFailure(address, outcome.sid);
    request.principal = outcome.principal;
    authorize(outcome.principal, access);
  };
}
