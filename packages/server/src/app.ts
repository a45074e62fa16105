import formBody from "@fastify/formbody";
import { AppError, type Deployment, jsonNestsDeeperThan, type RegionContext } from "@latchkey/core";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from "fastify";
import type { Logger } from "pino";
import { createAuthHook } from "./http/auth-hook.js";
import { GatewayVerifier } from "./http/gateway-auth.js";
import { RegionRouter } from "./http/region-router.js";
import type { ResolvedAccess, RouteDefinition } from "./http/route.js";
import { resolveRouteAccess } from "./http/route-endpoint.js";
import "./http/decision-context.js";
import { type ConsoleOptions, resolveConsoleOptions } from "./console/console-options.js";
import { isConsolePath } from "./console/console-paths.js";
import { registerConsole } from "./console/console-plugin.js";
import { setConsoleHeaders } from "./console/security-headers.js";
import type { AuthThrottles } from "./http/auth-throttles.js";
import { answerClientError, answerFrameworkError } from "./http/pre-route-errors.js";
import { newRequestId } from "./http/request-id.js";
import { canonicalizeSidParams } from "./http/sid-params.js";
import { fastifyTrustProxy, type TrustProxy } from "./http/trust-proxy.js";
import { sendTwilioError, toAppError } from "./http/twilio-error.js";
import { ROUTES } from "./routes/index.js";

export const MAX_BODY_BYTES = 1024 * 1024;
const MAX_JSON_BODY_DEPTH = 2;

export interface AppDependencies {
  /** The regions served; each request goes to the one its Host names (http/region-router.ts). */
  readonly deployment: Deployment;
  /** LATCHKEY_DOMAINS: domains besides twilio.com whose `{product}.{region}.` hosts pick a region. */
  readonly domains?: readonly string[];
  readonly throttles: AuthThrottles;
  readonly logger: Logger;
  /** Tokens that gateways present to the decision API (`Bearer <token>`); Main keys work too. */
  readonly gatewayTokens?: readonly string[];
  /** Which proxies in front may name the client in X-Forwarded-For/-Proto (throttling and audit). */
  readonly trustProxy?: TrustProxy;
  /** The web console's session lifetimes (30 min idle, 12 h at most when omitted) and built files. */
  readonly console?: ConsoleOptions;
}

/** Builds the HTTP application; it does not listen. */
export async function createApp(deps: AppDependencies): Promise<FastifyInstance> {
  const app = Fastify({
    // Typed as Fastify's base logger so the instance keeps Fastify's default generics.
    loggerInstance: deps.logger as FastifyBaseLogger,
    // One line per response from our own hook instead of Fastify's two, with the credential SID.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: MAX_BODY_BYTES,
    trustProxy: fastifyTrustProxy(deps.trustProxy ?? false),
    // Refusals made below the routes answer in Twilio's format too (http/pre-route-errors.ts), and so
    // does the 503 of a server shutting down (the onRequest hook below), instead of Fastify's own.
    return503OnClosing: false,
    clientErrorHandler: answerClientError,
    frameworkErrors: answerFrameworkError,
    genReqId: newRequestId,
  });
  // Fastify sets `Connection: close` on every response once closing starts; this flag turns requests
  // that still arrive on open connections away.
  let closing = false;
  app.addHook("preClose", (done) => {
    closing = true;
    done();
  });

  // Twilio's APIs take form bodies only; with every other parser removed, JSON or XML bodies get 415.
  app.removeAllContentTypeParsers();
  await app.register(formBody, { bodyLimit: MAX_BODY_BYTES });

  app.decorateRequest("principal", null);
  app.decorateRequest("gateway", null);
  app.decorateRequest("region", null as unknown as RegionContext);
  const regions = new RegionRouter(deps.deployment, deps.domains ?? []);
  app.addHook("onRequest", (request, reply, done) => {
    reply.header("Twilio-Request-Id", request.id);
    setConsoleHeaders(request.url, reply);
    // Once per request, from the Host the client built (api.dublin.ie1.twilio.com): every route and
    // the authenticator below take this region's context, and no other. The console names its region
    // in its paths instead, so whatever name it is reached by, its pages load.
    const region = regions.contextFor(request.host);
    if (region instanceof AppError && !isConsolePath(request.url)) return done(region);
    request.region = region instanceof AppError ? regions.defaultRegion : region;
    if (closing) {
      return done(
        new AppError("SERVICE_UNAVAILABLE", { message: "The server is shutting down; retry on a new connection" }),
      );
    }
    canonicalizeSidParams(request.params);
    done();
  });
  app.addHook("onRequest", createAuthHook(deps.throttles));
  // Registered only when it would write: below info level it would cost every request for nothing.
  if (deps.logger.isLevelEnabled("info")) {
    app.addHook("onResponse", (request, reply, done) => {
      // SECURITY: method, path, status and the credential SID only; never headers or bodies.
      request.log.info(
        {
          method: request.method,
          path: request.url.split("?", 1)[0],
          status: reply.statusCode,
          region: request.region?.region,
          ms: Math.round(reply.elapsedTime * 100) / 100,
          // A console request acts as its signed-in user (a US SID), not as a credential.
          credential: request.principal?.credentialSid ?? request.consoleSession?.user.sid,
        },
        "request",
      );
      done();
    });
  }

  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error, request);
    if (appError.code === "INTERNAL") request.log.error({ err: error }, "unhandled error");
    return sendTwilioError(reply, appError, request);
  });
  app.setNotFoundHandler((request, reply) => sendTwilioError(reply, new AppError("NOT_FOUND"), request));

  app.decorate("decisionServices", {
    throttles: deps.throttles,
    gateway: new GatewayVerifier(deps.gatewayTokens ?? []),
    regions,
  });
  const register = (scope: FastifyInstance, route: RouteDefinition) =>
    scope.route({
      method: route.method,
      url: route.url,
      config: { access: accessOf(regions.defaultRegion, route) },
      // Route hooks run after the app's own onRequest hooks (region, authentication) and before the body is read.
      ...route.hooks,
      handler: route.handler,
    });
  for (const route of ROUTES) if (route.access !== "gateway") register(app, route);
  // The decision API also takes JSON bodies, so its routes get a scope of their own with that parser.
  await app.register(async (scope) => {
    scope.addContentTypeParser("application/json", { parseAs: "string" }, parseJsonObject);
    for (const route of ROUTES) if (route.access === "gateway") register(scope, route);
  });
  await registerConsole(app, {
    deployment: deps.deployment,
    throttles: deps.throttles,
    console: resolveConsoleOptions(deps.console),
  });
  return app;
}

/** Every region shares one route tree (the permission catalog is the deployment's), so the default region's resolves. */
function accessOf(region: RegionContext, route: RouteDefinition): ResolvedAccess | "gateway" | null {
  const { access } = route;
  return typeof access === "object" && access !== null
    ? resolveRouteAccess(region.routes, { ...route, access })
    : access;
}

function parseJsonObject(
  _request: unknown,
  body: string | Buffer,
  done: (error: Error | null, value?: unknown) => void,
) {
  const text = body.toString();
  // SECURITY: fields are strings (a repeated one, an array: depth 2); measured before parsing, so a
  // body nested thousands deep never becomes a value anything walks.
  if (jsonNestsDeeperThan(text, MAX_JSON_BODY_DEPTH)) {
    return done(
      new AppError("INVALID_PARAMETER", {
        message: "The body must be a JSON object of string fields; it nests deeper than that",
      }),
    );
  }
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("not an object");
    done(null, value);
  } catch {
    done(new AppError("INVALID_PARAMETER", { message: "The body must be a JSON object" }));
  }
}
