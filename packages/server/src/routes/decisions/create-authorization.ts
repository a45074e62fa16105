import { decide } from "@latchkey/core";
import { decisionServicesOf } from "../../http/decision-context.js";
import { decideThrottled, methodOf, targetOf } from "../../http/decision-input.js";
import { bodyFields, optionalParam } from "../../http/form.js";
import type { RouteDefinition } from "../../http/route.js";
import { serializeDecision } from "../../http/serialize-decision.js";

/**
 * POST /v1/Authorize — may this caller's credential make this request? Form or JSON fields Method,
 * Url (or Host and Path), Authorization (the caller's header: Basic, or Bearer with an Access Token),
 * optionally TwilioToken (an Access Token sent as X-Twilio-Token) and ClientIp. The gateway
 * authenticates with this request's own Authorization header. Always 200 when the gateway is valid:
 * the verdict is in the body.
 */
export const createAuthorization: RouteDefinition = {
  method: "POST",
  url: "/v1/Authorize",
  access: "gateway",
  async handler(request) {
    const services = decisionServicesOf(request.server);
    await services.gateway.verify(request, request.headers.authorization, services.throttles);
    const fields = bodyFields(request);
    const method = methodOf(optionalParam(fields, "Method"));
    const target = targetOf({
      url: optionalParam(fields, "Url"),
      host: optionalParam(fields, "Host"),
      path: optionalParam(fields, "Path"),
    });
    const clientAddress = optionalParam(fields, "ClientIp") ?? request.ip;
    const decision = await decideThrottled(
      services.throttles,
      clientAddress,
      {
        method,
        ...target,
        authorization: optionalParam(fields, "Authorization"),
        twilioToken: optionalParam(fields, "TwilioToken"),
      },
      (decisionRequest) => decide(request.region, decisionRequest),
    );
    return serializeDecision(decision, target.path);
  },
};
