import { AppError } from "@latchkey/core";
import type { RouteDefinition } from "../http/route.js";

/** GET /healthz — the process is up and serving HTTP. */
export const liveness: RouteDefinition = {
  method: "GET",
  url: "/healthz",
  access: null,
  async handler(_request, reply) {
    return reply.code(200).send({ status: "ok" });
  },
};

/** GET /readyz — the region's store answers a query. */
export const readiness: RouteDefinition = {
  method: "GET",
  url: "/readyz",
  access: null,
  async handler(request, reply) {
    try {
      await request.region.store.ping();
    } catch (cause) {
      throw new AppError("SERVICE_UNAVAILABLE", { message: "The store is not reachable", cause });
    }
    return reply.code(200).send({ status: "ready", region: request.region.region });
  },
};
