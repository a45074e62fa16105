import type { FastifyReply, FastifyRequest } from "fastify";
import type { ConsoleGate } from "./console-auth.js";
import type { ConsoleServices } from "./console-services.js";

/** One console API operation: its method and path, who may reach it, and its handler. */
export interface ConsoleRoute {
  readonly method: "GET" | "POST" | "PUT" | "DELETE";
  /** Under /console/api. */
  readonly url: string;
  /** `public` for sign-in alone; every other route needs a session (console-auth.ts). */
  readonly gate: ConsoleGate | "public";
  readonly handler: (request: FastifyRequest, reply: FastifyReply, services: ConsoleServices) => Promise<unknown>;
}
