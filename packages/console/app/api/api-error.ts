import type { TwilioErrorBody } from "./wire-types.js";

/** A refused or failed console API call, carrying the server's own words for the person to read. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: number | null;

  constructor(status: number, code: number | null, message: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
  }
}

/** The server's `message` when the body is Twilio's error JSON, else a plain sentence naming the status. */
export function apiErrorFrom(status: number, body: unknown): ApiError {
  if (isTwilioError(body)) return new ApiError(status, body.code, body.message);
  return new ApiError(status, null, `The server answered ${status} without an explanation. Try again.`);
}

/** What to show for any thrown value: an API message, or one plain sentence (never a stack trace). */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return "The console cannot reach the Latchkey server. Check that it is running.";
  return "Something went wrong. Try again.";
}

function isTwilioError(body: unknown): body is TwilioErrorBody {
  return (
    typeof body === "object" &&
    body !== null &&
    typeof (body as { message?: unknown }).message === "string" &&
    typeof (body as { code?: unknown }).code === "number"
  );
}
