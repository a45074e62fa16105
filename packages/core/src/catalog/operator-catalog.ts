/**
 * Validates an operator's own permission catalog, already parsed from JSON or YAML, into permissions and the
 * routes they open. Invariant: a catalog that validates yields only permissions of the restricted-key grammar
 * outside Twilio's namespace, and routes the route tree accepts, none of them declared twice.
 */
import type { RouteDefinition } from "../routing/route-tree.js";
import {
  type CatalogIssue,
  type CatalogPath,
  type CatalogResult,
  type CatalogSource,
  clip,
  fieldOf,
} from "./catalog-issue.js";
import { routeShape, routeTemplateProblem } from "./route-template.js";

export const OPERATOR_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
/** The actions of the permission grammar; `*` is a grant over a resource, not an action a route performs. */
export const OPERATOR_ACTIONS = ["read", "list", "create", "update", "delete"] as const;
/** Namespaces an operator may not declare: `twilio` belongs to the shipped catalog. */
export const RESERVED_NAMESPACES: readonly string[] = ["twilio"];

const NAME = /^[a-z0-9-]+$/;
const RESOURCE_NAME = /^[a-z0-9-]+(\.[a-z0-9-]+)*$/;
const ROUTE_TEXT = /^(\S+)\s+(\S+)$/;

/** An endpoint of an operator's API and the permission that opens it, with where the file declared it. */
export interface OperatorRoute extends RouteDefinition {
  readonly file: string;
  readonly line: number;
  readonly field: string;
}

export interface OperatorProduct {
  readonly name: string;
  /** The first label of the host its API is served on. */
  readonly host: string;
  readonly line: number;
  readonly field: string;
}

/** One validated catalog file. */
export interface OperatorCatalog {
  readonly file: string;
  readonly namespace: string;
  readonly products: readonly OperatorProduct[];
  /** Every permission the file declares: `/<namespace>/<product>/<resource>/<action>`. */
  readonly permissions: readonly string[];
  readonly routes: readonly OperatorRoute[];
}

type Fields = Readonly<Record<string, unknown>>;

/**
 * Checks a parsed catalog document and collects every problem with its line, so an operator fixes a file in
 * one pass instead of one start per mistake.
 *
 * @example
 * ```ts
 * const result = validateOperatorCatalog(
 *   { namespace: "acme", products: { billing: { resources: { invoices: { routes: { read: "GET /v1/Invoices/{Sid}" } } } } } },
 *   { file: "acme.yaml", lineOf: () => 1 },
 * );
 * result.ok && result.value.permissions; // ["/acme/billing/invoices/read"]
 * ```
 */
export function validateOperatorCatalog(document: unknown, source: CatalogSource): CatalogResult<OperatorCatalog> {
  return new CatalogValidator(source).validate(document);
}

class CatalogValidator {
  readonly #source: CatalogSource;
  readonly #issues: CatalogIssue[] = [];
  readonly #products: OperatorProduct[] = [];
  readonly #permissions: string[] = [];
  readonly #routes: OperatorRoute[] = [];
  readonly #seen = new Map<string, OperatorRoute>();

  constructor(source: CatalogSource) {
    this.#source = source;
  }

  validate(document: unknown): CatalogResult<OperatorCatalog> {
    const root = this.#mapping([], document, "must be a mapping with namespace and products");
    if (root !== undefined) {
      this.#onlyFields([], root, ["namespace", "products"]);
      const namespace = this.#namespace(root);
      const products = this.#required([], root, "products");
      const entries = this.#entries(["products"], products, "product");
      for (const [name, value] of entries) this.#product(namespace, name, value);
      if (this.#issues.length === 0) {
        return {
          ok: true,
          value: {
            file: this.#source.file,
            namespace: namespace ?? "",
            products: this.#products,
            permissions: this.#permissions,
            routes: this.#routes,
          },
        };
      }
    }
    // Problems are found section by section; the operator reads them top to bottom.
    return { ok: false, issues: [...this.#issues].sort((a, b) => a.line - b.line) };
  }

  #namespace(root: Fields): string | undefined {
    const value = this.#required([], root, "namespace");
    if (value === undefined) return undefined;
    const path = ["namespace"];
    if (typeof value !== "string") return this.#fail(path, "value", "must be a string such as acme");
    if (!NAME.test(value)) {
      return this.#fail(
        path,
        "value",
        `'${clip(value)}' is not a valid namespace: use lowercase letters, digits and -`,
      );
    }
    if (RESERVED_NAMESPACES.includes(value)) {
      return this.#fail(
        path,
        "value",
        `'${value}' is reserved for Twilio's own permissions; choose your own namespace`,
      );
    }
    return value;
  }

  #product(namespace: string | undefined, name: string, value: unknown): void {
    const path = ["products", name];
    const validName = this.#name(path, name, NAME, "product name", "use lowercase letters, digits and -");
    const product = this.#mapping(path, value, "must be a mapping with resources (and optionally host)");
    if (product === undefined) return;
    this.#onlyFields(path, product, ["host", "resources"]);
    let host = name;
    if (product.host !== undefined) {
      if (typeof product.host === "string" && NAME.test(product.host)) host = product.host;
      else {
        this.#fail(
          [...path, "host"],
          "value",
          "must be the first label of the API's host name (billing for billing.acme.com): lowercase letters, digits and -",
        );
      }
    }
    if (validName) {
      this.#products.push({ name, host, line: this.#line(path, "key"), field: fieldOf(path) });
    }
    const resources = this.#required(path, product, "resources");
    for (const [resource, declaration] of this.#entries([...path, "resources"], resources, "resource")) {
      const prefix = validName && namespace !== undefined ? `/${namespace}/${name}/${resource}` : undefined;
      this.#resource([...path, "resources", resource], { host, prefix, declaration });
    }
  }

  #resource(
    path: CatalogPath,
    resource: { readonly host: string; readonly prefix: string | undefined; readonly declaration: unknown },
  ): void {
    const name = String(path[path.length - 1]);
    const validName = this.#name(
      path,
      name,
      RESOURCE_NAME,
      "resource name",
      "use lowercase letters, digits and -, with . before a sub-resource (invoices.lines)",
    );
    const fields = this.#mapping(path, resource.declaration, "must be a mapping with routes");
    if (fields === undefined) return;
    this.#onlyFields(path, fields, ["routes"]);
    const routes = this.#required(path, fields, "routes");
    for (const [action, routeValue] of this.#entries([...path, "routes"], routes, "action")) {
      const actionPath = [...path, "routes", action];
      if (!(OPERATOR_ACTIONS as readonly string[]).includes(action)) {
        this.#fail(actionPath, "key", `unknown action '${clip(action)}': use one of ${OPERATOR_ACTIONS.join(", ")}`);
        continue;
      }
      const permission = validName && resource.prefix !== undefined ? `${resource.prefix}/${action}` : undefined;
      if (permission !== undefined) this.#permissions.push(permission);
      const list = Array.isArray(routeValue) ? routeValue : [routeValue];
      if (list.length === 0) this.#fail(actionPath, "value", "must list at least one route");
      list.forEach((entry, index) => {
        const routePath = Array.isArray(routeValue) ? [...actionPath, index] : actionPath;
        this.#route(routePath, entry, { host: resource.host, permission });
      });
    }
  }

  #route(
    path: CatalogPath,
    entry: unknown,
    target: { readonly host: string; readonly permission: string | undefined },
  ): void {
    const endpoint = this.#endpoint(path, entry);
    if (endpoint === undefined || target.permission === undefined) return;
    const route: OperatorRoute = {
      host: target.host,
      method: endpoint.method,
      path: endpoint.path,
      permission: target.permission,
      file: this.#source.file,
      line: this.#line(path, "value"),
      field: fieldOf(path),
    };
    const shape = routeShape(route);
    const earlier = this.#seen.get(shape);
    if (earlier !== undefined) {
      this.#fail(
        path,
        "value",
        `${route.method} ${route.path} on host ${route.host} duplicates the route at line ${earlier.line} (${earlier.field})`,
      );
      return;
    }
    this.#seen.set(shape, route);
    this.#routes.push(route);
  }

  /** A route is `"GET /v1/Invoices/{Sid}"`, or a mapping with `method` and `path`. */
  #endpoint(path: CatalogPath, entry: unknown): { method: string; path: string } | undefined {
    if (typeof entry === "string") {
      const parts = ROUTE_TEXT.exec(entry.trim());
      if (parts === null) {
        return this.#fail(
          path,
          "value",
          'must be "METHOD /path" such as "GET /v1/Invoices/{Sid}", or a mapping with method and path',
        );
      }
      const [, method = "", template = ""] = parts;
      const methodProblem = methodProblemOf(method);
      if (methodProblem !== undefined) return this.#fail(path, "value", `method ${methodProblem}`);
      const pathProblem = routeTemplateProblem(template);
      if (pathProblem !== undefined) return this.#fail(path, "value", `path ${pathProblem}`);
      return { method, path: template };
    }
    const fields = this.#mapping(
      path,
      entry,
      'must be "METHOD /path" such as "GET /v1/Invoices/{Sid}", or a mapping with method and path',
    );
    if (fields === undefined) return undefined;
    this.#onlyFields(path, fields, ["method", "path"]);
    const method = this.#required(path, fields, "method");
    const template = this.#required(path, fields, "path");
    const methodProblem =
      method === undefined
        ? undefined
        : typeof method === "string"
          ? methodProblemOf(method)
          : "must be a string such as GET";
    if (methodProblem !== undefined) this.#fail([...path, "method"], "value", methodProblem);
    const pathProblem =
      template === undefined
        ? undefined
        : typeof template === "string"
          ? routeTemplateProblem(template)
          : "must be a string such as /v1/Invoices/{Sid}";
    if (pathProblem !== undefined) this.#fail([...path, "path"], "value", pathProblem);
    if (typeof method !== "string" || typeof template !== "string") return undefined;
    return methodProblem === undefined && pathProblem === undefined ? { method, path: template } : undefined;
  }

  #name(path: CatalogPath, name: string, grammar: RegExp, what: string, hint: string): boolean {
    if (grammar.test(name)) return true;
    this.#fail(path, "key", `'${clip(name)}' is not a valid ${what}: ${hint}`);
    return false;
  }

  /** The entries of a mapping that must not be empty; a catalog that grants nothing is a mistake. */
  #entries(path: CatalogPath, value: unknown, what: string): [string, unknown][] {
    if (value === undefined) return [];
    const fields = this.#mapping(path, value, `must be a mapping of ${what} names`);
    if (fields === undefined) return [];
    const entries = Object.entries(fields);
    if (entries.length === 0) this.#fail(path, "value", `must declare at least one ${what}`);
    return entries;
  }

  #mapping(path: CatalogPath, value: unknown, message: string): Fields | undefined {
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Fields;
    return this.#fail(path, "value", message);
  }

  #required(path: CatalogPath, fields: Fields, name: string): unknown {
    const value = fields[name];
    // A missing field is pointed at by its parent's key: that is the line the operator will edit.
    if (value === undefined) this.#fail([...path, name], path.length === 0 ? "value" : "key", "is required", path);
    return value;
  }

  #onlyFields(path: CatalogPath, fields: Fields, known: readonly string[]): void {
    for (const name of Object.keys(fields)) {
      if (known.includes(name)) continue;
      this.#fail([...path, name], "key", `unknown field; expected ${known.join(" or ")}`);
    }
  }

  #line(path: CatalogPath, part: "key" | "value"): number {
    return this.#source.lineOf(path, part);
  }

  #fail(path: CatalogPath, part: "key" | "value", message: string, at: CatalogPath = path): undefined {
    this.#issues.push({ file: this.#source.file, line: this.#line(at, part), field: fieldOf(path), message });
    return undefined;
  }
}

function methodProblemOf(method: string): string | undefined {
  return (OPERATOR_METHODS as readonly string[]).includes(method)
    ? undefined
    : `must be one of ${OPERATOR_METHODS.join(", ")}`;
}
