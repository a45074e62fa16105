import { type AuthOutcome, judgeAccess } from "@latchkey/core";
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from "fastify";
import type { AuthThrottles } from "./auth-throttles.js";
import type { ResolvedAccess } from "./route.js";

/**
 * Authenticates and authorizes a request to a protected route before its body is read. Every kind of
 * credential failure produces the same 401; repeated failures from one address or against one SID
 * turn into 429 with Retry-After. A warm credential is answered synchronously, without a promise.
 */
export function createAuthHook(throttles: AuthThrottles) {
  return function authenticateRequest(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) {
    const access = request.routeOptions.config.access;
    if (typeof access !== "object" || access === null) return done();
    const refusal = throttles.refusalFor(request.ip);
    if (refusal !== null) return done(refusal);

    const { authenticator } = request.region;
    const header = request.headers.authorization;
    const warm = authenticator.authenticateWarm(header);
    if (warm !== undefined) return done(admit(request, warm, access, throttles));
    authenticator.authenticateBasic(header).then(
      (outcome) => done(admit(request, outcome, access, throttles)),
      (error: Error) => done(error),
    );
  };
}

/** Sets the request's principal, or returns the error that refuses it. */
function admit(request: FastifyRequest, outcome: AuthOutcome, access: ResolvedAccess, throttles: AuthThrottles) {
  if (!outcome.ok) return throttles.recordFailure(request.ip, outcome.sid);
  request.principal = outcome.principal;
  const verdict = judgeAccess(outcome.principal, access, access);
  return verdict.allowed ? undefined : verdict.error;
}
