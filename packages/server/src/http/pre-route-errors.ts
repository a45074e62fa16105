/**
 * Answers for requests refused before any route runs: by Node's HTTP parser (a malformed request line
 * or header, headers over the size limit, a bad Content-Length or chunk) or by Fastify's router (a
 * path that is not valid percent-encoding, a path segment longer than any resource name). They get
 * Twilio's error body like every other answer, and a connection the server is about to close says
 * `Connection: close` first, so a keep-alive client opens a new one instead of sending its next
 * request into a socket that is gone.
 */
import { maxHeaderSize, STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import { AppError } from "@latchkey/core";
import type { ConnectionError, FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { newRequestId } from "./request-id.js";
import { sendTwilioError, toTwilioErrorBody } from "./twilio-error.js";

// After answering, the server keeps reading (and dropping) what the client still sends for this long
// before it drops the connection: closing with unread bytes would reset it, and a reset can destroy
// the answer before the client reads it.
const LINGER_MS = 2_000;

// llhttp's codes, in words a client can act on; any other parse error is "not valid HTTP/1.1".
const PARSE_ERRORS: Readonly<Record<string, string>> = {
  HPE_INVALID_CONTENT_LENGTH: "The request's Content-Length is not valid",
  HPE_UNEXPECTED_CONTENT_LENGTH: "The request's Content-Length is not valid",
  HPE_INVALID_TRANSFER_ENCODING: "The request's Transfer-Encoding is not valid",
  HPE_INVALID_CHUNK_SIZE: "The request's chunked body is malformed",
  HPE_INVALID_HEADER_TOKEN: "The request has a malformed header",
  HPE_INVALID_EOF_STATE: "The request ended before its body did",
};

/** The error a connection-level failure answers with; null when there is no one left to answer. */
export function connectionErrorOf(error: Pick<ConnectionError, "code">): AppError | null {
  switch (error.code) {
    case "ECONNRESET":
      return null;
    case "HPE_HEADER_OVERFLOW":
      return new AppError("HEADERS_TOO_LARGE", {
        message: `Request header fields are larger than ${maxHeaderSize} bytes`,
      });
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return new AppError("REQUEST_TIMEOUT");
    default:
      return new AppError("INVALID_PARAMETER", {
        message: PARSE_ERRORS[error.code] ?? "The request is not valid HTTP/1.1",
      });
  }
}

/**
 * Fastify's `clientErrorHandler`: Node hands it the socket of a request its parser refused. The answer
 * is written raw (no request object exists), then the socket is ended rather than destroyed.
 */
export function answerClientError(error: ConnectionError, socket: Socket): void {
  // The parser reports every later chunk of an answered connection again: those bytes are the
  // lingering read, dropped here.
  if (socket.destroyed || socket.writableEnded) return;
  const appError = connectionErrorOf(error);
  // Raw bytes must not land inside a response already being written on this connection.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (appError === null || inFlight?.headersSent === true) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify(toTwilioErrorBody(appError, ""));
  socket.end(
    `HTTP/1.1 ${appError.status} ${STATUS_CODES[appError.status] ?? "Bad Request"}\r\n` +
      `Twilio-Request-Id: ${newRequestId()}\r\n` +
      "Content-Type: application/json; charset=utf-8\r\n" +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      "Connection: close\r\n\r\n" +
      body,
  );
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
}

/**
 * Fastify's `frameworkErrors`: the router refused the path before any hook ran. The connection stays
 * usable, as after any other 4xx.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  reply.header("Twilio-Request-Id", request.id);
  // A segment longer than Fastify's 100-character limit names nothing that exists: the same 404 as
  // any other unknown resource. A bad percent-escape is a malformed request.
  const appError =
    error.code === "FST_ERR_MAX_PARAM_LENGTH"
      ? new AppError("NOT_FOUND")
      : new AppError("INVALID_PARAMETER", { message: "The request path is not valid percent-encoding" });
  sendTwilioError(reply, appError, request);
}
