import { AppError } from "@latchkey/core";
import type { FastifyRequest } from "fastify";
import { CONSOLE_TAKES_JSON } from "./json-body.js";

/**
 * Refuses a sign-in another site's page could have sent. SECURITY: without a session there is no CSRF token
 * yet, so sign-in is guarded by what a cross-site form cannot fake: a JSON content type (which forces a CORS
 * preflight no other origin passes) and, when the browser says where the request comes from, this origin.
 * Login CSRF would otherwise sign a victim in to an attacker's account.
 */
export function signInRefusal(request: FastifyRequest): AppError | null {
  const mediaType = (request.headers["content-type"] ?? "").split(";", 1)[0]?.trim().toLowerCase();
  if (mediaType !== "application/json") {
    return new AppError("UNSUPPORTED_MEDIA_TYPE", { message: CONSOLE_TAKES_JSON });
  }
  const site = request.headers["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin" && site !== "none") return crossSite();
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== `${request.protocol}://${request.host}`) return crossSite();
  return null;
}

function crossSite(): AppError {
  return new AppError("ACCESS_DENIED", { message: "Sign-in must come from a page of this console" });
}
