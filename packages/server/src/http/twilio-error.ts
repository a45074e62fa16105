import { AppError, ERROR_CATALOG, moreInfoUrl } from "@latchkey/core";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";

/** Twilio's legacy error body, used by the Keys, Accounts and AuthTokens APIs. */
export interface TwilioErrorBody {
  readonly code: number;
  readonly message: string;
  readonly more_info: string;
  readonly status: number;
}

export function toTwilioErrorBody(error: AppError, path: string): TwilioErrorBody {
  const spec = ERROR_CATALOG[error.code];
  return {
    code: spec.twilioCode,
    message: error.code === "NOT_FOUND" ? `The requested resource ${path} was not found` : error.message,
    more_info: moreInfoUrl(spec.twilioCode),
    status: spec.status,
  };
}

/**
 * Sends `error` in Twilio's format; `status` overrides the HTTP status (the body keeps the real one),
 * and `path` the path a 404 names (the request's own by default).
 */
export function sendTwilioError(
  reply: FastifyReply,
  error: AppError,
  request: FastifyRequest,
  status: number = ERROR_CATALOG[error.code].status,
  path: string = request.url.split("?", 1)[0] ?? request.url,
): FastifyReply {
  if (error.code === "AUTHENTICATION_FAILED") reply.header("WWW-Authenticate", 'Basic realm="Twilio API"');
  const retryAfterMs = error.context.retryAfterMs;
  if (typeof retryAfterMs === "number")
    reply.header("Retry-After", String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
  // The path is echoed back, so it is bounded: a 16 KB URL must not become a 16 KB error message.
  return reply.code(status).send(toTwilioErrorBody(error, path.slice(0, 256)));
}

/**
 * Maps whatever reached the edge to an AppError. Fastify's own client errors (body too large, wrong
 * content type, malformed body) keep their 4xx meaning; anything else is our fault and becomes 500.
 * `request` names the route, whose accepted body types the 415 message lists.
 */
export function toAppError(error: unknown, request?: FastifyRequest): AppError {
  if (error instanceof AppError) return error;
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.code === "FST_ERR_CTP_INVALID_CONTENT_LENGTH") {
    return new AppError("INVALID_PARAMETER", { message: "The request's Content-Length does not match its body" });
  }
  const status = fastifyError.statusCode;
  switch (status) {
    case 413:
      return new AppError("PAYLOAD_TOO_LARGE", { message: "Request body is larger than 1 MiB" });
    case 415:
      return new AppError("UNSUPPORTED_MEDIA_TYPE", { message: unsupportedMediaTypeMessage(request) });
    case 400:
      return new AppError("INVALID_PARAMETER", { message: "The request body could not be parsed" });
    default:
      // Any other 4xx Fastify raises is still the client's doing: never a 500 for it.
      if (typeof status === "number" && status >= 400 && status < 500) {
        return new AppError("INVALID_PARAMETER", { message: "The request could not be read" });
      }
      return new AppError("INTERNAL", { cause: error });
  }
}

/** The decision API also parses JSON (app.ts gives its routes that parser); every other route, forms only. */
function unsupportedMediaTypeMessage(request: FastifyRequest | undefined): string {
  return request?.routeOptions.config.access === "gateway"
    ? "Request body must be application/x-www-form-urlencoded or application/json"
    : "Request body must be application/x-www-form-urlencoded";
}
