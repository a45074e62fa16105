import type { FastifyReply } from "fastify";
import { isConsoleApiPath, isConsolePath } from "./console-paths.js";

// SECURITY: the console's pages run only the server's own scripts and styles, load nothing from elsewhere,
// cannot be framed and send no Referer: an injected string can neither run nor leak a secret shown on the page.
export const CONSOLE_CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const CONSOLE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  "Content-Security-Policy": CONSOLE_CONTENT_SECURITY_POLICY,
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
});

/**
 * Sets the console's headers on a reply before any route or hook can fail, so refusals made before the
 * console's own handlers (a body too large, a server shutting down) carry them too. API answers are never
 * cached: they hold session data, and a key's secret once.
 */
export function setConsoleHeaders(url: string, reply: FastifyReply): void {
  if (!isConsolePath(url)) return;
  reply.headers(CONSOLE_HEADERS);
  if (isConsoleApiPath(url)) reply.header("Cache-Control", "no-store");
}
