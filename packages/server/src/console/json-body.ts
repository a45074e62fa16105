import { AppError, jsonNestsDeeperThan } from "@latchkey/core";
import type { FastifyRequest } from "fastify";

// An object of strings and one array of strings (permissions) is two levels; nothing the console sends is deeper.
const MAX_JSON_DEPTH = 2;

type Fields = Readonly<Record<string, unknown>>;

/** The 415 every console request with another body type gets, sign-in's missing content type included. */
export const CONSOLE_TAKES_JSON = "The console API takes Content-Type: application/json";

/**
 * The console scope's only content-type parser. An empty body is an empty object (buttons that send
 * nothing); anything but a JSON object is a 400.
 */
export function parseConsoleJson(
  _request: unknown,
  body: string | Buffer,
  done: (error: Error | null, value?: unknown) => void,
): void {
  const parsed = readJsonObject(body.toString());
  if (parsed instanceof AppError) done(parsed);
  else done(null, parsed);
}

function readJsonObject(text: string): object | AppError {
  if (text.trim() === "") return {};
  // SECURITY: measured before parsing, so a body nested thousands deep never becomes a value anything walks.
  if (jsonNestsDeeperThan(text, MAX_JSON_DEPTH)) return notAnObject("it nests deeper than the console's fields");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return notAnObject("it is not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return notAnObject("it is not an object");
  return value;
}

function notAnObject(why: string): AppError {
  return new AppError("INVALID_PARAMETER", { message: `The body must be a JSON object; ${why}` });
}

/** The parsed JSON body; `{}` when the request had none. */
export function jsonFields(request: FastifyRequest): Fields {
  const body = request.body;
  return typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Fields) : {};
}

/** A string field: absent (or null) is undefined; any other type is a 400 naming the field. */
export function optionalString(fields: Fields, name: string): string | undefined {
  if (!Object.hasOwn(fields, name)) return undefined;
  const value = fields[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") {
    throw new AppError("INVALID_PARAMETER", { message: `Invalid parameter: ${name} must be a string` });
  }
  return value;
}

export function requiredString(fields: Fields, name: string): string {
  const value = optionalString(fields, name);
  if (value === undefined || value === "") {
    throw new AppError("MISSING_PARAMETER", { message: `Missing required parameter ${name}` });
  }
  return value;
}

/** An array-of-strings field, or undefined when absent; its entries are checked by whoever reads them. */
export function optionalArray(fields: Fields, name: string): readonly unknown[] | undefined {
  if (!Object.hasOwn(fields, name)) return undefined;
  const value = fields[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    throw new AppError("INVALID_PARAMETER", { message: `Invalid parameter: ${name} must be an array of strings` });
  }
  return value;
}
