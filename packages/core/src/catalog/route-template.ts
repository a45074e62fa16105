import type { RouteEndpoint } from "../routing/route-tree.js";
import { clip } from "./catalog-issue.js";

export const MAX_ROUTE_PATH_LENGTH = 1024;

// The same segment grammar RouteTreeBuilder.add accepts: a param fills its segment, with only a suffix after it.
const PARAM_SEGMENT = /^\{([A-Za-z_][A-Za-z0-9_]*)\}([^{}/]*)$/;
// RFC 3986 pchar: a request path is matched still percent-encoded, so a template holds only what a URL can carry.
const PATH_TEXT = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%]*$/;

/**
 * Why a route template is not one the route tree can hold, or undefined when it is.
 *
 * @example
 * ```ts
 * routeTemplateProblem("/v1/Invoices/{Sid}"); // undefined
 * routeTemplateProblem("v1/Invoices"); // "must start with /"
 * ```
 */
export function routeTemplateProblem(path: string): string | undefined {
  if (!path.startsWith("/")) return "must start with /";
  if (path.length > MAX_ROUTE_PATH_LENGTH) return `must be at most ${MAX_ROUTE_PATH_LENGTH} characters`;
  if (/[?#]/.test(path)) return "must not carry a query string or fragment";
  if (path === "/") return "must name at least one segment after /";
  const segments = path.slice(1).split("/");
  if (segments.includes("")) return "must not have empty segments or a trailing slash";
  const params = new Set<string>();
  for (const segment of segments) {
    if (!segment.includes("{") && !segment.includes("}")) {
      if (!PATH_TEXT.test(segment))
        return `segment '${clip(segment)}' holds characters a URL path carries only encoded`;
      continue;
    }
    const param = PARAM_SEGMENT.exec(segment);
    if (param === null) {
      return `segment '${clip(segment)}' is not a valid param: write {Name} (letters, digits and _) filling the segment, optionally followed by a suffix such as .json`;
    }
    const [, name = "", suffix = ""] = param;
    if (!PATH_TEXT.test(suffix)) return `segment '${clip(segment)}' holds characters a URL path carries only encoded`;
    if (params.has(name)) return `param {${name}} appears twice`;
    params.add(name);
  }
  return undefined;
}

/**
 * The identity of an endpoint in the route tree: host, method and template with param names blanked, since
 * `/Invoices/{Sid}` and `/Invoices/{InvoiceSid}` are one endpoint to the tree.
 */
export function routeShape(endpoint: RouteEndpoint): string {
  return `${endpoint.host} ${endpoint.method.toUpperCase()} ${endpoint.path.replace(/\{[^}]*\}/g, "{}")}`;
}

/** Whether some request path matches both templates (valid ones, on the same host and method). */
export function templatesOverlap(first: string, second: string): boolean {
  const a = first.slice(1).split("/");
  const b = second.slice(1).split("/");
  return a.length === b.length && a.every((segment, index) => segmentsOverlap(segment, b[index] ?? ""));
}

function segmentsOverlap(a: string, b: string): boolean {
  const paramA = PARAM_SEGMENT.exec(a);
  const paramB = PARAM_SEGMENT.exec(b);
  if (paramA === null && paramB === null) return a === b;
  if (paramA !== null && paramB !== null) {
    // A value ends with both suffixes exactly when one suffix ends with the other.
    const [suffixA = "", suffixB = ""] = [paramA[2], paramB[2]];
    return suffixA.endsWith(suffixB) || suffixB.endsWith(suffixA);
  }
  const [text, suffix] = paramA === null ? [a, paramB?.[2] ?? ""] : [b, paramA[2] ?? ""];
  return text.length > suffix.length && text.endsWith(suffix);
}
