import { AppError } from "@latchkey/core";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { sendTwilioError } from "../http/twilio-error.js";
import type { ConsoleFile, ConsoleFiles } from "./static-files.js";

const IMMUTABLE = "public, max-age=31536000, immutable";
// The page itself is revalidated every time, so a new build's asset names reach the browser at once.
const REVALIDATE = "no-cache";
const ASSETS = "assets/";

/**
 * The console's pages: /console → /console/, assets by their hashed names (cached for a year), and
 * index.html for every other path under /console, where the app's own router takes over.
 */
export function registerStaticRoutes(scope: FastifyInstance, files: ConsoleFiles): void {
  scope.get("/console", (_request, reply) => reply.redirect("/console/", 308));
  const serve = (request: FastifyRequest, reply: FastifyReply) => servePath(request, reply, files);
  scope.get("/console/", serve);
  scope.get("/console/*", serve);
}

function servePath(request: FastifyRequest, reply: FastifyReply, files: ConsoleFiles): FastifyReply {
  // The raw path, not a decoded one: every build file name is plain ASCII, so an encoded name matches nothing.
  const path = (request.url.split("?", 1)[0] ?? "").slice("/console/".length);
  if (path.startsWith(ASSETS)) {
    const asset = files.assets.get(path.slice(ASSETS.length));
    return asset === undefined ? refuse(request, reply, new AppError("NOT_FOUND")) : send(reply, asset, IMMUTABLE);
  }
  const rootFile = files.rootFiles.get(path);
  if (rootFile !== undefined) return send(reply, rootFile, REVALIDATE);
  if (files.index === null) {
    return refuse(
      request,
      reply,
      new AppError("SERVICE_UNAVAILABLE", { message: "The console is not built: run npm run build" }),
    );
  }
  return send(reply, { body: files.index, contentType: "text/html; charset=utf-8" }, REVALIDATE);
}

/** A refusal is not cached: the next build or the right name must be seen at once. */
function refuse(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  return sendTwilioError(reply.header("Cache-Control", "no-store"), error, request);
}

function send(reply: FastifyReply, file: ConsoleFile, cacheControl: string): FastifyReply {
  return reply.header("Cache-Control", cacheControl).type(file.contentType).send(file.body);
}
