import type { LatchkeyDecisions } from "./decision-client.js";
import {
  decideRequest,
  denialResponse,
  type HeadersLike,
  type LatchkeyGuardOptions,
  type LatchkeyPrincipal,
  type NodeResponseLike,
  principalOf,
  writeDenial,
} from "./shared.js";

/** The parts of `node:http`'s IncomingMessage the guard reads; an IncomingMessage is one. */
export interface NodeRequestLike {
  readonly method?: string | undefined;
  /** The request target: path and query. */
  readonly url?: string | undefined;
  readonly headers: HeadersLike;
  readonly socket: { readonly remoteAddress?: string | undefined; readonly encrypted?: boolean };
}

/**
 * Asks Latchkey about one `node:http` request. Allowed: attaches `req.latchkey` (a `LatchkeyPrincipal`)
 * and resolves to true. Denied: answers the request itself with Twilio's error body and the decision's
 * status (401 with `WWW-Authenticate: Basic realm="Twilio API"`, 403 code 70051, 503 code 20503 when
 * Latchkey cannot be asked, …) and resolves to false; the handler must then write nothing more.
 *
 * The public URL is `${http or https}://${Host header}${req.url}` unless `options.publicUrl` says
 * otherwise; a request without a usable Host is denied with a 400. Rejects only when an option throws.
 *
 * @example
 * ```ts
 * import { createServer } from "node:http";
 * import { guardRequest, LatchkeyDecisions, type WithLatchkey } from "@latchkey/sdk";
 *
 * const decisions = new LatchkeyDecisions({ baseUrl: "http://127.0.0.1:8080", gatewayToken: "…" });
 * createServer(async (req, res) => {
 *   if (!(await guardRequest(decisions, req, res))) return;
 *   const { accountSid } = (req as WithLatchkey<typeof req>).latchkey;
 *   res.end(JSON.stringify({ accountSid }));
 * }).listen(3000);
 * ```
 */
export async function guardRequest<Req extends NodeRequestLike>(
  decisions: LatchkeyDecisions,
  req: Req,
  res: NodeResponseLike,
  options: LatchkeyGuardOptions<Req> = {},
): Promise<boolean> {
  const decision = await decideRequest(
    decisions,
    req,
    {
      method: req.method ?? "GET",
      proto: req.socket.encrypted === true ? "https" : "http",
      headers: req.headers,
      path: req.url,
      clientIp: req.socket.remoteAddress,
    },
    options,
  );
  if (decision.allowed) {
    (req as { latchkey?: LatchkeyPrincipal }).latchkey = principalOf(decision);
    return true;
  }
  writeDenial(res, denialResponse(decision));
  return false;
}

/**
 * `guardRequest` with its decisions and options bound, for use at the top of every handler.
 *
 * @example
 * ```ts
 * const guard = createNodeHttpGuard(decisions, { publicUrl: (req) => `https://api.twilio.com${req.url}` });
 * createServer(async (req, res) => {
 *   if (!(await guard(req, res))) return;
 *   res.end("allowed");
 * }).listen(3000);
 * ```
 */
export function createNodeHttpGuard<Req extends NodeRequestLike>(
  decisions: LatchkeyDecisions,
  options: LatchkeyGuardOptions<Req> = {},
): (req: Req, res: NodeResponseLike) => Promise<boolean> {
  return (req, res) => guardRequest(decisions, req, res, options);
}
