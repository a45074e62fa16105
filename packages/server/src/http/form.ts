import { AppError } from "@latchkey/core";
import type { FastifyRequest } from "fastify";

type Fields = Readonly<Record<string, unknown>>;

/** The parsed form body, or the query string for GETs; `{}` when there is none. */
export function bodyFields(request: FastifyRequest): Fields {
  const body = request.body;
  return typeof body === "object" && body !== null ? (body as Fields) : {};
}

export function queryFields(request: FastifyRequest): Fields {
  return request.query as Fields;
}

/** A single-valued parameter: absent is undefined; given twice is a clear 400 rather than a guess. */
export function optionalParam(fields: Fields, name: string): string | undefined {
  const value = fields[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string") {
    throw new AppError("INVALID_PARAMETER", { message: `Parameter ${name} must be given once` });
  }
  return value;
}

export function requiredParam(fields: Fields, name: string, where: "post body" | "query"): string {
  const value = optionalParam(fields, name);
  if (value === undefined || value === "") {
    throw new AppError("MISSING_PARAMETER", { message: `Missing required parameter ${name} in the ${where}` });
  }
  return value;
}
