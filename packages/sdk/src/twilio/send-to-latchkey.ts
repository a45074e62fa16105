import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import { LatchkeyConnectionError } from "../errors.js";

export interface LatchkeyRequest {
  readonly base: URL;
  readonly method: string;
  /** Path and query on the Latchkey server. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
  readonly timeoutMs: number;
  /** The URL the twilio client asked for, named in errors so the failing call is recognizable. */
  readonly forUri: string;
}

export interface LatchkeyAnswer {
  readonly statusCode: number;
  readonly body: string;
  readonly headers: IncomingHttpHeaders;
}

/**
 * One exchange over node:http(s). fetch() cannot be used: it always sends the URL's own host as `Host`,
 * and the Host the twilio client built is what tells Latchkey the region.
 */
export function sendToLatchkey(request: LatchkeyRequest): Promise<LatchkeyAnswer> {
  const { base } = request;
  // URL keeps the brackets of an IPv6 literal (`[::1]`); node:http wants the bare address.
  const hostname = base.hostname.replace(/^\[(.*)\]$/, "$1");
  const send = base.protocol === "https:" ? httpsRequest : httpRequest;
  const failure = (reason: string, cause?: unknown) =>
    new LatchkeyConnectionError(
      `Could not reach Latchkey at ${base.href} for ${request.method} ${request.forUri}: ${reason}`,
      cause === undefined ? undefined : { cause },
    );

  return new Promise((resolve, reject) => {
    // The first failure wins: a timeout destroys the request, which then also reports a reset.
    let settled = false;
    const fail = (error: unknown) => {
      clearTimeout(timer);
      if (settled) return;
      settled = true;
      reject(error instanceof LatchkeyConnectionError ? error : failure(reasonOf(error), error));
    };
    const outgoing = send(
      {
        protocol: base.protocol,
        hostname,
        // Node derives TLS SNI and the certificate check from the Host header when one is set, which would
        // be the Twilio host; the certificate to check is Latchkey's. An IP address takes no SNI at all.
        servername: isIP(hostname) === 0 ? hostname : "",
        port: base.port,
        method: request.method,
        path: request.path,
        headers: request.headers,
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
        incoming.on("error", fail);
        incoming.on("end", () => {
          clearTimeout(timer);
          if (settled) return;
          settled = true;
          // SECURITY: a redirect is handed back as it came, never followed: Latchkey does not redirect, and
          // following one would replay the credentials to wherever its Location points.
          resolve({
            statusCode: incoming.statusCode ?? 0,
            body: Buffer.concat(chunks).toString("utf8"),
            headers: incoming.headers,
          });
        });
      },
    );
    // A deadline for the whole exchange, as twilio-node's timeout is, not only for an idle socket.
    const timer = setTimeout(() => {
      fail(failure(`no answer within ${request.timeoutMs} ms`));
      outgoing.destroy();
    }, request.timeoutMs);
    outgoing.on("error", fail);
    outgoing.end(request.body);
  });
}

/** Node's dual-stack connect fails with an AggregateError whose message is empty; its code still says why. */
function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  return error.message !== "" ? error.message : (code ?? error.name);
}
