import { AppError, csrfTokenMatches } from "@latchkey/core";
import type { FastifyRequest } from "fastify";

const SAFE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses a state-changing request whose X-CSRF-Token header is not the session's. SECURITY: the cookie
 * alone proves only that a browser holding it sent the request; the token is in the session JSON, which
 * only pages of this origin can read, so a request another site makes the browser send lacks it.
 */
export function csrfRefusal(request: FastifyRequest, token: string): AppError | null {
  if (SAFE_METHODS.has(request.method)) return null;
  const header = request.headers["x-csrf-token"];
  if (typeof header === "string" && csrfTokenMatches(token, header)) return null;
  return new AppError("ACCESS_DENIED", { message: "Missing or wrong CSRF token" });
}
