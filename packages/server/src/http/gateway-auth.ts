import { hash, timingSafeEqual } from "node:crypto";
import { AppError, bearerTokenOf, isAppError, type Principal } from "@latchkey/core";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { AuthThrottles } from "./auth-throttles.js";
import { decisionServicesOf } from "./decision-context.js";
import { sendTwilioError } from "./twilio-error.js";

/**
 * Who a verified gateway is, which bounds what it may learn: a gateway token may ask about any
 * credential; a Main key only about those of its own account and its subaccounts (gateway-reach.ts).
 */
export type GatewayIdentity =
  | { readonly kind: "gateway_token" }
  | { readonly kind: "main_key"; readonly principal: Principal };

const GATEWAY_TOKEN: GatewayIdentity = { kind: "gateway_token" };

/**
 * The decision API is an oracle for credentials, so its callers must prove to be a gateway: with a
 * gateway token from the config (`Bearer <token>`) or with a Main key (`Basic base64(SK…:secret)`).
 */
export class GatewayVerifier {
  readonly #tokenDigests: readonly Buffer[];

  constructor(tokens: readonly string[]) {
    // Kept as digests: equal lengths make the comparison constant-time, and the tokens are not kept.
    this.#tokenDigests = tokens.map(digest);
  }

  /**
   * Who the gateway is; throws 401 (or 429 under brute force) unless `header` carries a gateway credential.
   * Only the gateway's own failures count against its address.
   */
  async verify(
    request: FastifyRequest,
    header: string | undefined,
    throttles: AuthThrottles,
  ): Promise<GatewayIdentity> {
    const address = request.ip;
    const refusal = throttles.refusalFor(address);
    if (refusal !== null) throw refusal;
    const token = bearerTokenOf(header);
    if (token !== undefined) {
      if (this.#matchesToken(token)) return GATEWAY_TOKEN;
      throw withGatewayMessage(throttles.recordFailure(address, null));
    }
    const outcome = await request.region.authenticator.authenticateBasic(header);
    if (outcome.ok && outcome.principal.credentialType === "main") {
      return { kind: "main_key", principal: outcome.principal };
    }
    throw withGatewayMessage(throttles.recordFailure(address, outcome.ok ? null : outcome.sid));
  }

  #matchesToken(token: string): boolean {
    const presented = digest(token);
    let matched = false;
    // SECURITY: compare against every token, so timing does not tell which one (or whether any) matched.
    for (const expected of this.#tokenDigests) matched = timingSafeEqual(presented, expected) || matched;
    return matched;
  }
}

/** Where a decision route's gateway presents its credential, and the status its refusals are sent with. */
export interface GatewayCheck {
  readonly credentialOf: (request: FastifyRequest) => string | undefined;
  /** The HTTP status of a refusal (its body keeps the real one); the error's own status by default. */
  readonly statusOf?: (error: AppError) => number;
}

/**
 * The decision routes' `onRequest` hook: it verifies the gateway before the body is read, so a caller
 * that is not a gateway never has its body parsed (nor learns from a 400 or 413 how it would be).
 */
export function verifyGatewayHook(check: GatewayCheck) {
  return async function verifyGateway(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const services = decisionServicesOf(request.server);
    try {
      const gateway = await services.gateway.verify(request, check.credentialOf(request), services.throttles);
      request.gateway = gateway;
      return undefined;
    } catch (error) {
      if (!isAppError(error) || check.statusOf === undefined) throw error;
      return sendTwilioError(reply, error, request, check.statusOf(error));
    }
  };
}

/** The gateway {@link verifyGatewayHook} verified for this request. */
export function gatewayOf(request: FastifyRequest): GatewayIdentity {
  const gateway = request.gateway;
  // SECURITY: a decision route registered without the hook fails closed (500), it never answers unverified.
  if (gateway === null) throw new Error(`Route ${request.url} ran without a verified gateway`);
  return gateway;
}

// One-shot hashing: it runs on every decision, and skips the Hash object createHash builds.
function digest(token: string): Buffer {
  return hash("sha256", token, "buffer");
}

function withGatewayMessage(error: AppError): AppError {
  return error.code === "AUTHENTICATION_FAILED"
    ? new AppError("AUTHENTICATION_FAILED", { message: "Gateway authentication failed" })
    : error;
}
