import type { LatchkeyDecisions } from "./decision-client.js";
import {
  decideRequest,
  denialResponse,
  type HeadersLike,
  type LatchkeyGuardOptions,
  type LatchkeyPrincipal,
  principalOf,
} from "./shared.js";

/** The parts of a Fastify request the hook reads; typed here so the SDK needs no Fastify. */
export interface FastifyRequestLike {
  readonly method: string;
  /** The path and query. */
  readonly url: string;
  /** `http` or `https`, as Fastify reads it (it honours `trustProxy`). */
  readonly protocol?: string;
  /** The client's address, as Fastify reads it (it honours `trustProxy`). */
  readonly ip?: string;
  readonly headers: HeadersLike;
}

/** The parts of a Fastify reply the hook writes a denial with. */
export interface FastifyReplyLike {
  code(statusCode: number): unknown;
  header(key: string, value: string): unknown;
  send(payload: string): unknown;
}

/**
 * A Fastify hook that asks Latchkey about every request; register it as `onRequest` (before the body
 * is read: a denied caller's body is never parsed) or `preHandler`. Allowed: `request.latchkey` holds
 * the caller (a `LatchkeyPrincipal`). Denied: the hook answers with Twilio's error body and the
 * decision's status (401 with `WWW-Authenticate: Basic realm="Twilio API"`, 403 code 70051, 503 code
 * 20503 when Latchkey cannot be asked, …) and the route does not run.
 *
 * The public URL is `${request.protocol}://${Host header}${request.url}` unless `options.publicUrl`
 * says otherwise. An option that throws fails the request through Fastify's error handling.
 *
 * @example
 * ```ts
 * import Fastify from "fastify";
 * import { LatchkeyDecisions, latchkeyFastify, type WithLatchkey } from "@latchkey/sdk";
 *
 * const decisions = new LatchkeyDecisions({ baseUrl: "http://127.0.0.1:8080", gatewayToken: "…" });
 * const app = Fastify();
 * app.decorateRequest("latchkey", null);
 * app.addHook("onRequest", latchkeyFastify(decisions));
 * app.get("/2010-04-01/Accounts/:sid/Messages.json", async (request) => {
 *   return { caller: (request as WithLatchkey<typeof request>).latchkey.accountSid };
 * });
 * ```
 */
export function latchkeyFastify<
  Req extends FastifyRequestLike = FastifyRequestLike,
  Reply extends FastifyReplyLike = FastifyReplyLike,
>(
  decisions: LatchkeyDecisions,
  options: LatchkeyGuardOptions<Req> = {},
): (request: Req, reply: Reply) => Promise<Reply | undefined> {
  return async (request, reply) => {
    const decision = await decideRequest(
      decisions,
      request,
      {
        method: request.method,
        proto: request.protocol ?? "http",
        headers: request.headers,
        path: request.url,
        clientIp: request.ip,
      },
      options,
    );
    if (decision.allowed) {
      (request as { latchkey?: LatchkeyPrincipal | null }).latchkey = principalOf(decision);
      return undefined;
    }
    const denial = denialResponse(decision);
    reply.code(denial.status);
    for (const [name, value] of Object.entries(denial.headers)) reply.header(name, value);
    reply.send(denial.body);
    // Fastify's rule for async hooks that answer early: return the reply, so the route does not run.
    return reply;
  };
}
