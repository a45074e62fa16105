import type { FastifyInstance } from "fastify";
import type { AuthThrottles } from "./auth-throttles.js";
import type { GatewayVerifier } from "./gateway-auth.js";

/** What the decision routes need beyond the region: the shared throttles and the gateway check. */
export interface DecisionServices {
  readonly throttles: AuthThrottles;
  readonly gateway: GatewayVerifier;
}

declare module "fastify" {
  interface FastifyInstance {
    decisionServices: DecisionServices;
  }
}

export function decisionServicesOf(app: FastifyInstance): DecisionServices {
  return app.decisionServices;
}
