/**
 * What the framework adapters share: the URL a request addressed, the principal attached to an allowed
 * request, and the Twilio error answer of a denied one.
 */
import type {
  LatchkeyAccessToken,
  LatchkeyCredentialType,
  LatchkeyDecision,
  LatchkeyDecisionError,
  LatchkeyDecisions,
} from "./decision-client.js";
import { invalidRequest } from "./decision-client.js";

/**
 * Who made an allowed request, attached to it as `req.latchkey` (`request.latchkey` on Fastify).
 *
 * @example
 * ```ts
 * const { accountSid, credentialType } = (req as WithLatchkey<typeof req>).latchkey;
 * ```
 */
export interface LatchkeyPrincipal {
  readonly accountSid: string;
  readonly credentialSid: string;
  readonly credentialType: LatchkeyCredentialType;
  /** The permission that let the request through; null when no permission maps the route. */
  readonly permission: string | null;
  /** Present for Access Tokens only: the grants are for the service to enforce. */
  readonly accessToken?: LatchkeyAccessToken;
}

/**
 * A request that passed the guard: it carries its `latchkey` principal.
 *
 * @example
 * ```ts
 * app.get("/2010-04-01/Accounts/:sid.json", (req, res) => {
 *   res.json({ caller: (req as WithLatchkey<typeof req>).latchkey.accountSid });
 * });
 * ```
 */
export type WithLatchkey<Req> = Req & { latchkey: LatchkeyPrincipal };

/**
 * Options every adapter takes; `Req` is the framework's request.
 *
 * @example
 * ```ts
 * const options: LatchkeyGuardOptions<IncomingMessage> = {
 *   // Behind a proxy that rewrites Host: the URL the caller really addressed.
 *   publicUrl: (req) => `https://api.twilio.com${req.url}`,
 *   clientIp: (req) => String(req.headers["x-real-ip"] ?? req.socket.remoteAddress),
 * };
 * ```
 */
export interface LatchkeyGuardOptions<Req> {
  /**
   * The absolute URL the caller addressed. By default `${proto}://${Host header}${path and query}` of
   * the request as it arrived. Its host picks the product (`api.twilio.com` → `api`) and so the route and
   * permission: behind a proxy that rewrites Host, return the public URL here.
   */
  readonly publicUrl?: (req: Req) => string;
  /** The caller's address for Latchkey's brute-force limits; by default the framework's client IP. */
  readonly clientIp?: (req: Req) => string | undefined;
}

/** Request headers as every Node framework holds them. */
export type HeadersLike = Readonly<Record<string, string | readonly string[] | undefined>>;

/** Twilio's error body, as the caller of a denied request gets it. */
export interface TwilioErrorBody {
  readonly code: number;
  readonly message: string;
  readonly more_info: string;
  readonly status: number;
}

/** The complete answer to a denied request. */
export interface DenialResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON text of the Twilio error body. */
  readonly body: string;
}

const FALLBACK_ERROR: LatchkeyDecisionError = {
  code: 20006,
  message: "Access Denied",
  moreInfo: "https://www.twilio.com/docs/errors/20006",
  status: 403,
};

/** The status, headers and Twilio error body for a denial: 401s carry `WWW-Authenticate`, as on Twilio. */
export function denialResponse(decision: LatchkeyDecision): DenialResponse {
  const error = decision.error ?? FALLBACK_ERROR;
  const body: TwilioErrorBody = {
    code: error.code,
    message: error.message,
    more_info: error.moreInfo,
    status: error.status,
  };
  const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8" };
  if (error.status === 401) headers["www-authenticate"] = 'Basic realm="Twilio API"';
  return { status: error.status, headers, body: JSON.stringify(body) };
}

/** The principal of an allowed decision. */
export function principalOf(decision: LatchkeyDecision): LatchkeyPrincipal {
  const { accountSid, credentialSid, credentialType } = decision;
  // decide() only allows with a known caller; this is the type system catching up.
  if (accountSid === null || credentialSid === null || credentialType === null) {
    throw new Error("An allowed decision must name its caller");
  }
  return Object.freeze({
    accountSid,
    credentialSid,
    credentialType,
    permission: decision.permission,
    ...(decision.accessToken !== null && { accessToken: decision.accessToken }),
  });
}

/** The first value of a header; a repeated Authorization is ambiguous, and reads as none. */
export function headerValue(headers: HeadersLike, name: string): string | undefined {
  const value = headers[name];
  if (typeof value === "string") return value;
  return value?.length === 1 ? value[0] : undefined;
}

// A host name, IPv4 address or bracketed IPv6 address, with an optional port: nothing that could move
// the path into the host (`/`), add userinfo (`@`) or smuggle a second URL.
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * `${proto}://${host}${path}` of a request as it arrived, or a 400 denial when the Host header or the
 * request target cannot make one (no Host, an absolute-form target, `*`).
 */
export function arrivedUrl(
  proto: string,
  host: string | undefined,
  path: string | undefined,
): { url: string } | { denial: LatchkeyDecision } {
  if (host === undefined || !HOST.test(host)) {
    return { denial: invalidRequest("The request must carry a Host header naming the API it addresses") };
  }
  if (path === undefined || !path.startsWith("/")) {
    return { denial: invalidRequest("The request target must be a path such as /2010-04-01/Accounts.json") };
  }
  return { url: `${proto === "https" ? "https" : "http"}://${host}${path}` };
}

/** A request as the adapter read it from its framework. */
export interface ArrivedRequest {
  readonly method: string;
  /** `http` or `https`. */
  readonly proto: string;
  readonly headers: HeadersLike;
  /** The request target: path and query. */
  readonly path: string | undefined;
  readonly clientIp: string | undefined;
}

/** Asks `decisions` about one request, with the adapter's options applied. Rejects only if an option throws. */
export async function decideRequest<Req>(
  decisions: LatchkeyDecisions,
  req: Req,
  arrived: ArrivedRequest,
  options: LatchkeyGuardOptions<Req>,
): Promise<LatchkeyDecision> {
  let url: string;
  if (options.publicUrl !== undefined) {
    url = options.publicUrl(req);
  } else {
    const target = arrivedUrl(arrived.proto, headerValue(arrived.headers, "host"), arrived.path);
    if ("denial" in target) return target.denial;
    url = target.url;
  }
  return decisions.decide({
    method: arrived.method,
    url,
    authorization: headerValue(arrived.headers, "authorization"),
    twilioToken: headerValue(arrived.headers, "x-twilio-token"),
    clientIp: options.clientIp === undefined ? arrived.clientIp : options.clientIp(req),
  });
}

/** The parts of Node's ServerResponse a denial is written with; Express's response is one too. */
export interface NodeResponseLike {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body: string): unknown;
}

/** Writes a denial through Node's own response API. */
export function writeDenial(res: NodeResponseLike, denial: DenialResponse): void {
  res.statusCode = denial.status;
  for (const [name, value] of Object.entries(denial.headers)) res.setHeader(name, value);
  res.end(denial.body);
}
