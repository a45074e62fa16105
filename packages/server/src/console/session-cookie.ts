/**
 * The console's session cookie. SECURITY: HttpOnly (no script reads the token), SameSite=Strict (no other
 * site's page sends it), and over https `Secure` with the `__Host-` name, which browsers accept only from a
 * secure origin with Path=/ and no Domain, so no sibling host can plant or shadow it.
 */
import type { FastifyReply, FastifyRequest } from "fastify";

const NAME = "latchkey_console";
const SECURE_NAME = `__Host-${NAME}`;
/** More pairs than any browser sends to one path; a longer header is not searched past this. */
const MAX_COOKIE_PAIRS = 64;
const MAX_COOKIE_HEADER = 8 * 1024;

interface CookieShape {
  readonly name: string;
  readonly attributes: string;
}

function shapeFor(request: FastifyRequest): CookieShape {
  return request.protocol === "https"
    ? { name: SECURE_NAME, attributes: "Path=/; HttpOnly; SameSite=Strict; Secure" }
    : { name: NAME, attributes: "Path=/console; HttpOnly; SameSite=Strict" };
}

/** Sets the session cookie; it lasts as long as the server would honour the session at most. */
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  maxSessionMs: number,
): void {
  const { name, attributes } = shapeFor(request);
  reply.header("Set-Cookie", `${name}=${token}; Max-Age=${Math.floor(maxSessionMs / 1000)}; ${attributes}`);
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  const { name, attributes } = shapeFor(request);
  reply.header("Set-Cookie", `${name}=; Max-Age=0; ${attributes}`);
}

/** The session token the request's Cookie header carries, or undefined. */
export function readSessionCookie(request: FastifyRequest): string | undefined {
  return cookieValue(request.headers.cookie, shapeFor(request).name);
}

/**
 * The value of cookie `name` in a Cookie header (`a=1; b=2`), or undefined. Bounded: a header past 8 KiB
 * or 64 pairs is read no further, and a cookie given twice counts as absent, since which one a browser
 * meant cannot be known.
 */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (typeof header !== "string" || header.length > MAX_COOKIE_HEADER) return undefined;
  let found: string | undefined;
  let pairs = 0;
  for (const pair of header.split(";")) {
    if (++pairs > MAX_COOKIE_PAIRS) break;
    const equals = pair.indexOf("=");
    if (equals === -1 || pair.slice(0, equals).trim() !== name) continue;
    if (found !== undefined) return undefined;
    found = pair.slice(equals + 1).trim();
  }
  return found === "" ? undefined : found;
}
