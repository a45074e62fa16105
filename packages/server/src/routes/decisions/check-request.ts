import { decide, isAppError } from "@latchkey/core";
import type { FastifyReply, FastifyRequest } from "fastify";
import { decisionServicesOf } from "../../http/decision-context.js";
import { decideThrottled, methodOf, targetOf } from "../../http/decision-input.js";
import type { RouteDefinition } from "../../http/route.js";
import { decisionHeaders } from "../../http/serialize-decision.js";
import { sendTwilioError } from "../../http/twilio-error.js";

/**
 * GET /v1/Authorize/Request — the same decision for nginx `auth_request` and Envoy ext_authz. The
 * original request comes in X-Original-Method, X-Original-URI and X-Original-Host with the caller's
 * own Authorization header; the gateway's credential travels in X-Latchkey-Gateway.
 *
 * nginx treats any answer but 2xx, 401 and 403 as an error, so denials are 401 (the credential) or
 * 403 (everything else); the body and X-Latchkey-Error-Code carry the exact Twilio code.
 */
export const checkRequest: RouteDefinition = {
  method: "GET",
  url: "/v1/Authorize/Request",
  access: "gateway",
  async handler(request, reply) {
    try {
      return await answer(request, reply);
    } catch (error) {
      // Gateway refusals (401, 429) and bad input (400) too must stay within what nginx passes on;
      // the body keeps the real status and code.
      if (!isAppError(error)) throw error;
      return sendTwilioError(reply, error, request, error.status === 401 ? 401 : 403);
    }
  },
};

async function answer(request: FastifyRequest, reply: FastifyReply) {
  const services = decisionServicesOf(request.server);
  const headers = request.headers;
  await services.gateway.verify(request, single(headers["x-latchkey-gateway"]), services.throttles);
  const method = methodOf(single(headers["x-original-method"]));
  const uri = single(headers["x-original-uri"]) ?? "";
  const target = targetOf({ host: single(headers["x-original-host"]), path: uri === "" ? undefined : uri });
  const clientAddress = single(headers["x-real-ip"]) ?? request.ip;
  const decision = await decideThrottled(
    services.throttles,
    clientAddress,
    { method, ...target, authorization: headers.authorization, twilioToken: single(headers["x-twilio-token"]) },
    (decisionRequest) => decide(request.region, decisionRequest),
  );
  reply.headers(decisionHeaders(decision));
  if (decision.allowed) return reply.code(204).send();
  const error = decision.error;
  if (error === null) throw new Error("a denied decision carries its error");
  // A 404 names the original request's path, as POST /v1/Authorize does, not this endpoint's.
  return sendTwilioError(reply, error, request, error.status === 401 ? 401 : 403, target.path);
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
