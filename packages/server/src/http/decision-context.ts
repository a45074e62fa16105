import type { FastifyInstance } from "fastify";
import type { AuthThrottles } from "./auth-throttles.js";
import type { GatewayVerifier } from "./gateway-auth.js";
import type { RegionRouter } from "./region-router.js";

/** What the decision routes need beyond the region: the shared throttles, the gateway check, and the regions. */
export interface DecisionServices {
  readonly throttles: AuthThrottles;
  readonly gateway: GatewayVerifier;
  /** A decision is judged in the region of the target URL's host, not of the decision request's. */
  readonly regions: RegionRouter;
}

declare module "fastify" {
  interface FastifyInstance {
    decisionServices: DecisionServices;
  }
}

export function decisionServicesOf(app: FastifyInstance): DecisionServices {
  return app.decisionServices;
}
