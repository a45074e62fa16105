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

/** The parts of an Express request the middleware reads (Express 4 and 5); typed here so the SDK needs no Express. */
export interface ExpressRequestLike {
  readonly method: string;
  readonly url: string;
  /** The path and query before any mount point was stripped; preferred over `url`. */
  readonly originalUrl?: string;
  /** `http` or `https`, as Express reads it (it honours `trust proxy`). */
  readonly protocol?: string;
  /** The client's address, as Express reads it (it honours `trust proxy`). */
  readonly ip?: string | undefined;
  readonly headers: HeadersLike;
  readonly socket?: { readonly remoteAddress?: string | undefined };
}

/** Express's `next`. */
export type ExpressNext = (error?: unknown) => void;

/**
 * Express middleware (4 or 5) that asks Latchkey about every request. Allowed: `req.latchkey` holds the
 * caller (a `LatchkeyPrincipal`) and the next handler runs. Denied: the middleware answers with Twilio's
 * error body and the decision's status (401 with `WWW-Authenticate: Basic realm="Twilio API"`, 403 code
 * 70051, 503 code 20503 when Latchkey cannot be asked, …) and nothing else runs.
 *
 * The public URL is `${req.protocol}://${Host header}${req.originalUrl}` unless `options.publicUrl`
 * says otherwise. An option that throws goes to Express's error handling through `next(error)`.
 *
 * @example
 * ```ts
 * import express from "express";
 * import { LatchkeyDecisions, latchkeyExpress, type WithLatchkey } from "@latchkey/sdk";
 *
 * const decisions = new LatchkeyDecisions({ baseUrl: "http://127.0.0.1:8080", gatewayToken: "…" });
 * const app = express();
 * app.use(latchkeyExpress(decisions));
 * app.get("/2010-04-01/Accounts/:sid/Messages.json", (req, res) => {
 *   res.json({ caller: (req as WithLatchkey<typeof req>).latchkey.accountSid });
 * });
 * ```
 */
export function latchkeyExpress<Req extends ExpressRequestLike = ExpressRequestLike>(
  decisions: LatchkeyDecisions,
  options: LatchkeyGuardOptions<Req> = {},
): (req: Req, res: NodeResponseLike, next: ExpressNext) => void {
  return (req, res, next) => {
    const arrived = {
      method: req.method,
      proto: req.protocol ?? "http",
      headers: req.headers,
      path: req.originalUrl ?? req.url,
      clientIp: req.ip ?? req.socket?.remoteAddress,
    };
    decideRequest(decisions, req, arrived, options).then((decision) => {
      if (decision.allowed) {
        (req as { latchkey?: LatchkeyPrincipal }).latchkey = principalOf(decision);
        next();
      } else {
        writeDenial(res, denialResponse(decision));
      }
    }, next);
  };
}
