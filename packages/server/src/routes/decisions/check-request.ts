import { type AppError, isAppError } from "@latchkey/core";
import type { FastifyReply, FastifyRequest } from "fastify";
import { forwardedCallerAddress } from "../../http/caller-address.js";
import { decisionServicesOf } from "../../http/decision-context.js";
import { decideThrottled, methodOf, targetOf } from "../../http/decision-input.js";
import { gatewayOf, verifyGatewayHook } from "../../http/gateway-auth.js";
import { decideForGateway } from "../../http/gateway-reach.js";
import type { RouteDefinition } from "../../http/route.js";
import { decisionHeaders } from "../../http/serialize-decision.js";
import { sendTwilioError } from "../../http/twilio-error.js";

/**
 * GET /v1/Authorize/Request — the same decision for nginx `auth_request` and Envoy ext_authz. The
 * original request comes in X-Original-Method, X-Original-URI and X-Original-Host with the caller's
 * own Authorization header; the gateway's credential travels in X-Latchkey-Gateway, and the caller's
 * address in X-Real-IP or X-Forwarded-For (see caller-address.ts).
 *
 * nginx treats any answer but 2xx, 401 and 403 as an error, so denials are 401 (the credential) or
 * 403 (everything else); the body and X-Latchkey-Error-Code carry the exact Twilio code.
 */
/** nginx passes on 2xx, 401 and 403 only: every other refusal goes out as 403, its body keeping the code. */
const gatewayStatusOf = (error: AppError) => (error.status === 401 ? 401 : 403);

const GATEWAY_HOOKS: RouteDefinition["hooks"] = {
  onRequest: verifyGatewayHook({
    credentialOf: (request) => single(request.headers["x-latchkey-gateway"]),
    statusOf: gatewayStatusOf,
  }),
};

export const checkRequest: RouteDefinition = {
  method: "GET",
  url: "/v1/Authorize/Request",
  access: "gateway",
  hooks: GATEWAY_HOOKS,
  handler: (request, reply) => answerGateway(request, reply, originalFromHeaders, 204),
};

/**
 * /v1/Authorize/Envoy/<original path> — the same check shaped for Envoy's HTTP ext_authz filter,
 * which sends the check with the original method, appends the original path to its `path_prefix`
 * and counts only 200 as allowed. X-Original-Host, when set, names the host; else the Host header.
 */
export const checkEnvoyRequest: RouteDefinition = {
  method: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
  url: "/v1/Authorize/Envoy/*",
  access: "gateway",
  hooks: GATEWAY_HOOKS,
  handler: (request, reply) => answerGateway(request, reply, originalFromEnvoy, 200),
};

interface Original {
  readonly method: string;
  readonly host: string | undefined;
  readonly uri: string | undefined;
}

function originalFromHeaders(request: FastifyRequest): Original {
  const uri = single(request.headers["x-original-uri"]);
  return {
    method: methodOf(single(request.headers["x-original-method"])),
    host: single(request.headers["x-original-host"]),
    uri: uri === "" ? undefined : uri,
  };
}

function originalFromEnvoy(request: FastifyRequest): Original {
  const { "*": rest = "" } = request.params as { "*"?: string };
  const query = request.url.indexOf("?");
  return {
    method: methodOf(request.method),
    host: single(request.headers["x-original-host"]) ?? request.host,
    uri: `/${rest}${query === -1 ? "" : request.url.slice(query)}`,
  };
}

async function answerGateway(
  request: FastifyRequest,
  reply: FastifyReply,
  originalOf: (request: FastifyRequest) => Original,
  allowedStatus: 200 | 204,
) {
  try {
    return await answer(request, reply, originalOf, allowedStatus);
  } catch (error) {
    // Bad input (400) too must stay within what gateways pass on; the body keeps the real status and code.
    if (!isAppError(error)) throw error;
    return sendTwilioError(reply, error, request, gatewayStatusOf(error));
  }
}

async function answer(
  request: FastifyRequest,
  reply: FastifyReply,
  originalOf: (request: FastifyRequest) => Original,
  allowedStatus: 200 | 204,
) {
  const services = decisionServicesOf(request.server);
  const gateway = gatewayOf(request);
  const headers = request.headers;
  const original = originalOf(request);
  const method = original.method;
  const target = targetOf({ host: original.host, path: original.uri });
  const clientAddress = forwardedCallerAddress(request);
  const decision = await decideThrottled(
    services.throttles,
    clientAddress,
    { method, ...target, authorization: headers.authorization, twilioToken: single(headers["x-twilio-token"]) },
    (decisionRequest) => decideForGateway(services.regions.require(target.host), gateway, decisionRequest),
  );
  reply.headers(decisionHeaders(decision));
  if (decision.allowed) return reply.code(allowedStatus).send();
  const error = decision.error;
  // A 404 names the original request's path, as POST /v1/Authorize does, not this endpoint's.
  return sendTwilioError(reply, error, request, error.status === 401 ? 401 : 403, target.path);
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
