import { createHash, timingSafeEqual } from "node:crypto";
import { AppError, bearerTokenOf } from "@latchkey/core";
import type { FastifyRequest } from "fastify";
import type { AuthThrottles } from "./auth-throttles.js";

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

  /** Throws 401 (or 429 under brute force) unless `header` carries a gateway credential. */
  async verify(request: FastifyRequest, header: string | undefined, throttles: AuthThrottles): Promise<void> {
    const address = request.ip;
    const refusal = throttles.refusalFor(address);
    if (refusal !== null) throw refusal;
    const token = bearerTokenOf(header);
    if (token !== undefined) {
      if (this.#matchesToken(token)) return;
      throw withGatewayMessage(throttles.recordFailure(address, null));
    }
    const outcome = await request.region.authenticator.authenticateBasic(header);
    if (outcome.ok && outcome.principal.credentialType === "main") return;
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

function digest(token: string): Buffer {
  return createHash("sha256").update(token).digest();
}

function withGatewayMessage(error: AppError): AppError {
  return error.code === "AUTHENTICATION_FAILED"
    ? new AppError("AUTHENTICATION_FAILED", { message: "Gateway authentication failed" })
    : error;
}
