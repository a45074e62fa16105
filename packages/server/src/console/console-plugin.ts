import { AppError, type Deployment } from "@latchkey/core";
import type { FastifyInstance } from "fastify";
import type { AuthThrottles } from "../http/auth-throttles.js";
import { sendTwilioError, toAppError } from "../http/twilio-error.js";
import { consoleAuthHook } from "./console-auth.js";
import type { ResolvedConsoleOptions } from "./console-options.js";
import type { ConsoleServices } from "./console-services.js";
import { CONSOLE_TAKES_JSON, parseConsoleJson } from "./json-body.js";
import { CONSOLE_ROUTES } from "./routes/index.js";
import { loadConsoleFiles } from "./static-files.js";
import { registerStaticRoutes } from "./static-routes.js";

/**
 * The web console: its session-authenticated JSON API under /console/api and its built pages under
 * /console, in a Fastify scope of their own. The scope parses JSON only (the REST APIs' form parser does
 * not reach it) and its routes are not protected routes of the Twilio auth hook: each one resumes a
 * console session instead (console-auth.ts).
 */
export async function registerConsole(
  app: FastifyInstance,
  options: { deployment: Deployment; throttles: AuthThrottles; console: ResolvedConsoleOptions },
): Promise<void> {
  const [defaultRegion] = options.deployment.regions;
  if (defaultRegion === undefined) throw new Error("a deployment serves at least one region");
  const services: ConsoleServices = {
    deps: {
      deployment: options.deployment,
      clock: defaultRegion.clock,
      random: defaultRegion.random,
      idleTimeoutMs: options.console.idleTimeoutMs,
      maxSessionMs: options.console.maxSessionMs,
    },
    throttles: options.throttles,
  };
  const files = loadConsoleFiles(options.console.distDir);

  app.decorateRequest("consoleSession", null);
  // `/` and `/ui` are where people look for a console first.
  for (const url of ["/", "/ui"]) app.get(url, (_request, reply) => reply.redirect("/console/", 302));

  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("application/json", { parseAs: "string" }, parseConsoleJson);
    scope.setErrorHandler((error, request, reply) => {
      const appError = consoleError(toAppError(error, request));
      if (appError.code === "INTERNAL") request.log.error({ err: error }, "unhandled console error");
      return sendTwilioError(reply, appError, request);
    });
    // A Basic challenge (which a 401 of the REST APIs carries) would make a browser open its own password
    // dialog over the console's sign-in page, or hang a headless one. Removed in onSend, the last moment
    // before the headers are written, so a 401 from a hook is covered too.
    scope.addHook("onSend", async (_request, reply, payload) => {
      reply.removeHeader("WWW-Authenticate");
      return payload;
    });
    for (const route of CONSOLE_ROUTES) {
      scope.route({
        method: route.method,
        url: route.url,
        ...(route.gate !== "public" && { onRequest: consoleAuthHook(services, route.gate) }),
        handler: (request, reply) => route.handler(request, reply, services),
      });
    }
    // Unknown API paths answer JSON, not the page the static routes would send.
    scope.all("/console/api/*", async () => {
      throw new AppError("NOT_FOUND");
    });
    scope.all("/console/api", async () => {
      throw new AppError("NOT_FOUND");
    });
    registerStaticRoutes(scope, files);
  });
}

/** The console takes JSON, not the REST APIs' forms: say so. */
function consoleError(error: AppError): AppError {
  return error.code === "UNSUPPORTED_MEDIA_TYPE"
    ? new AppError("UNSUPPORTED_MEDIA_TYPE", { message: CONSOLE_TAKES_JSON })
    : error;
}
