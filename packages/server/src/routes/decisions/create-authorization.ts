import { reportedAddress } from "../../http/caller-address.js";
import { decisionServicesOf } from "../../http/decision-context.js";
import { decideThrottled, methodOf, targetOf } from "../../http/decision-input.js";
import { bodyFields, optionalParam } from "../../http/form.js";
import { gatewayOf, verifyGatewayHook } from "../../http/gateway-auth.js";
import { decideForGateway } from "../../http/gateway-reach.js";
import type { RouteDefinition } from "../../http/route.js";
import { serializeDecision } from "../../http/serialize-decision.js";

/**
 * POST /v1/Authorize — may this caller's credential make this request? Form or JSON fields Method,
 * Url (or Host and Path), Authorization (the caller's header: Basic, or Bearer with an Access Token),
 * optionally TwilioToken (an Access Token sent as X-Twilio-Token) and ClientIp (the caller's address,
 * an IP literal; without it, failures count against the caller's SID only). The gateway authenticates
 * with this request's own Authorization header, checked before the body is read. Always 200 when the
 * gateway is valid: the verdict is in the body.
 */
export const createAuthorization: RouteDefinition = {
  method: "POST",
  url: "/v1/Authorize",
  access: "gateway",
  hooks: { onRequest: verifyGatewayHook({ credentialOf: (request) => request.headers.authorization }) },
  async handler(request) {
    const services = decisionServicesOf(request.server);
    const gateway = gatewayOf(request);
    const fields = bodyFields(request);
    const method = methodOf(optionalParam(fields, "Method"));
    const target = targetOf({
      url: optionalParam(fields, "Url"),
      host: optionalParam(fields, "Host"),
      path: optionalParam(fields, "Path"),
    });
    const clientAddress = reportedAddress(optionalParam(fields, "ClientIp"), "ClientIp");
    const decision = await decideThrottled(
      services.throttles,
      clientAddress,
      {
        method,
        ...target,
        authorization: optionalParam(fields, "Authorization"),
        twilioToken: optionalParam(fields, "TwilioToken"),
      },
      (decisionRequest) => decideForGateway(services.regions.require(target.host), gateway, decisionRequest),
    );
    return serializeDecision(decision, target.path);
  },
};
