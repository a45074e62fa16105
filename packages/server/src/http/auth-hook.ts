import { AppError, authorize, type FailureThrottle } from "@latchkey/core";
import type { FastifyRequest } from "fastify";

export interface AuthThrottles {
  readonly byAddress: FailureThrottle;
  readonly bySid: FailureThrottle;
}

/**
 * Authenticates and authorizes a request to a protected route before its body is read. Every kind of
 * credential failure produces the same 401; repeated failures from one address or against one SID
 * turn into 429 with Retry-After.
 */
export function createAuthHook(throttles: AuthThrottles) {
  return async function authenticateRequest(request: FastifyRequest): Promise<void> {
    const access = request.routeOptions.config.access;
    if (access === undefined || access === null) return;
    const address = request.ip;
    const blockedForMs = throttles.byAddress.retryAfterMs(address);
    if (blockedForMs > 0) throw tooManyFailures(blockedForMs);

    const outcome = await request.region.authenticator.authenticateBasic(request.headers.authorization);
    if (!outcome.ok) {
      throttles.byAddress.recordFailure(address);
      // SID throttling only ever changes a failure's answer: a correct secret still succeeds, so a
      // stranger cannot lock a legitimate credential out by failing against its SID.
      if (outcome.sid !== null) {
        // Same counting as per address: the limit-th failure still gets 401, later ones 429.
        const sidBlockedForMs = throttles.bySid.retryAfterMs(outcome.sid);
        throttles.bySid.recordFailure(outcome.sid);
        if (sidBlockedForMs > 0) throw tooManyFailures(sidBlockedForMs);
      }
      throw new AppError("AUTHENTICATION_FAILED");
    }
    request.principal = outcome.principal;
    authorize(outcome.principal, access);
  };
}

function tooManyFailures(retryAfterMs: number): AppError {
  return new AppError("TOO_MANY_REQUESTS", {
    message: "Too many failed authentication attempts; retry later",
    context: { retryAfterMs },
  });
}
