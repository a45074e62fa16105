/**
 * Maps a request (host, method, path) to the permissions that open its endpoint, by walking path segments
 * through a tree built once from permission catalogs. Invariant: a lookup costs O(segments), never a scan of
 * the routes, and an endpoint's permissions are exactly those its catalogs listed for it.
 */
import { type Permission, permission } from "../policy/permission.js";

/** An endpoint in template form: `{ host: "api", method: "GET", path: "/2010-04-01/Accounts/{AccountSid}.json" }`. */
export interface RouteEndpoint {
  /** The product part of the API's hostname: `api`, `iam`, `flex-api`; or an operator's own. */
  readonly host: string;
  readonly method: string;
  /** `/`-separated; a segment is static text or `{Name}` optionally followed by a suffix such as `.json`. */
  readonly path: string;
}

/** One endpoint and one permission that opens it. */
export interface RouteDefinition extends RouteEndpoint {
  readonly permission: string;
}

/**
 * What kind of endpoint it is, which the rule table (auth/access-rules.ts) judges by: `management` (keys, accounts,
 * account credentials: closed to standard keys), `account-admin` (creating and updating accounts, rotating Auth
 * Tokens: no API key policy reaches them), or `product` (everything else).
 */
export type EndpointClass = "product" | "management" | "account-admin";

/** An endpoint the catalog classifies; unclassified endpoints are `product`. */
export interface ClassifiedEndpoint extends RouteEndpoint {
  readonly class: Exclude<EndpointClass, "product">;
}

/** A catalog as committed data: each permission with the endpoints it opens (extra fields are ignored). */
export interface PermissionRouteCatalog {
  readonly permissions: Readonly<Record<string, readonly RouteEndpoint[]>>;
  /** Endpoints that are not product endpoints; an endpoint listed here need not have a permission. */
  readonly endpointClasses?: readonly ClassifiedEndpoint[];
}

/** A permission that opens the matched endpoint, with its action (`read`, `list`, … or `*`) split out. */
export interface RoutePermission extends Permission {
  readonly action: string;
}

export interface RouteMatch {
  readonly host: string;
  readonly method: string;
  /** The catalog's template, e.g. `/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json`. */
  readonly template: string;
  readonly endpointClass: EndpointClass;
  /** Values by param name, as they appear in the path (still percent-encoded). */
  readonly params: Readonly<Record<string, string>>;
  /**
   * Any one of these opens the endpoint. Each carries its resource wildcard, so `PolicyMatcher.allows`
   * also accepts a policy that grants `…/*` instead of the specific action.
   */
  readonly permissions: readonly RoutePermission[];
}

export interface RouteRequest {
  readonly host: string;
  readonly method: string;
  /** The request target; a query string (`?…`) or fragment is ignored. */
  readonly path: string;
}

interface Endpoint {
  readonly template: string;
  readonly paramNames: readonly string[];
  readonly permissions: RoutePermission[];
  endpointClass: EndpointClass;
}

interface ParamChild {
  /** Text after the param in its segment (`.json` in `{Sid}.json`); empty for a whole-segment param. */
  readonly suffix: string;
  readonly node: RouteNode;
}

// Param names live on the endpoint, not on the node: `/Flows/{Sid}` and `/Flows/{FlowSid}/Executions` share the
// param node after `Flows`, and each endpoint names the values it was given in its own words.
interface RouteNode {
  readonly statics: Map<string, RouteNode>;
  /** Longest suffix first, so `{Sid}.json` is tried before a bare `{CallSid}` at the same depth. */
  readonly params: ParamChild[];
  readonly endpoints: Map<string, Endpoint>;
}

const PARAM_SEGMENT = /^\{([A-Za-z_][A-Za-z0-9_]*)\}([^{}/]*)$/;

let createRouteTree: (
  roots: ReadonlyMap<string, RouteNode>,
  size: number,
  opened: ReadonlyMap<string, readonly RouteEndpoint[]>,
) => RouteTree;

function newNode(): RouteNode {
  return { statics: new Map(), params: [], endpoints: new Map() };
}

/**
 * Collects endpoints from one or more catalogs (Twilio's, an operator's own namespace) into a {@link RouteTree}.
 * One endpoint may be opened by several permissions; adding the same pair twice is harmless.
 *
 * @example
 * ```ts
 * const tree = new RouteTreeBuilder()
 *   .addCatalog(twilioPermissionRouteCatalog)
 *   .add({ host: "billing", method: "GET", path: "/v1/Invoices/{Sid}", permission: "/acme/billing/invoices/read" })
 *   .build();
 * tree.match({ host: "billing", method: "GET", path: "/v1/Invoices/IN123" })?.permissions[0]?.name;
 * // → "/acme/billing/invoices/read"
 * ```
 */
export class RouteTreeBuilder {
  #roots: Map<string, RouteNode> | undefined = new Map();
  #size = 0;
  /** The other direction, for people choosing permissions (the console): what each permission opens. */
  readonly #opened = new Map<string, RouteEndpoint[]>();

  /** Adds one endpoint and a permission that opens it. Throws on a malformed template or permission. */
  add(route: RouteDefinition): this {
    const required = routePermission(route.permission);
    addPermission(this.#endpoint(route).permissions, required);
    const opened = this.#opened.get(route.permission) ?? [];
    this.#opened.set(route.permission, opened);
    const endpoint = { host: route.host, method: route.method.toUpperCase(), path: route.path };
    const same = (known: RouteEndpoint) =>
      known.host === endpoint.host && known.method === endpoint.method && known.path === endpoint.path;
    if (!opened.some(same)) opened.push(endpoint);
    return this;
  }

  /**
   * Marks an endpoint as management or account-admin, adding it if no permission opens it. Throws when another
   * catalog already gave the endpoint a different class: one endpoint, one class.
   */
  classify(route: ClassifiedEndpoint): this {
    const endpoint = this.#endpoint(route);
    if (endpoint.endpointClass !== "product" && endpoint.endpointClass !== route.class) {
      throw new Error(`Route ${route.method} ${route.path} on host ${route.host} is already ${endpoint.endpointClass}`);
    }
    endpoint.endpointClass = route.class;
    return this;
  }

  /** The endpoint of a template, created on first use. */
  #endpoint(route: RouteEndpoint): Endpoint {
    const roots = this.#open();
    const segments = splitTemplate(route.path);
    let node: RouteNode | undefined = roots.get(route.host);
    if (node === undefined) {
      node = newNode();
      roots.set(route.host, node);
    }
    const paramNames: string[] = [];
    for (const segment of segments) {
      const param = PARAM_SEGMENT.exec(segment);
      if (param === null) {
        if (segment.includes("{") || segment.includes("}")) {
          throw new Error(`Route ${route.path}: a param must fill its segment, with only a suffix after it`);
        }
        // Static segments are keyed in lower case: matching ignores case (see RouteTree).
        const key = segment.toLowerCase();
        let child: RouteNode | undefined = node.statics.get(key);
        if (child === undefined) {
          child = newNode();
          node.statics.set(key, child);
        }
        node = child;
        continue;
      }
      const [, name = "", suffix = ""] = param;
      paramNames.push(name);
      const lowerSuffix = suffix.toLowerCase();
      let child: ParamChild | undefined = node.params.find((candidate) => candidate.suffix === lowerSuffix);
      if (child === undefined) {
        child = { suffix: lowerSuffix, node: newNode() };
        node.params.push(child);
        node.params.sort((a, b) => b.suffix.length - a.suffix.length);
      }
      node = child.node;
    }

    const method = route.method.toUpperCase();
    let endpoint = node.endpoints.get(method);
    if (endpoint === undefined) {
      endpoint = { template: route.path, paramNames, permissions: [], endpointClass: "product" };
      node.endpoints.set(method, endpoint);
      this.#size++;
    } else if (endpoint.template !== route.path) {
      // Two names for one param position would make `params` depend on insertion order.
      throw new Error(`Route ${method} ${route.path} conflicts with ${endpoint.template} on host ${route.host}`);
    }
    return endpoint;
  }

  /** Adds every endpoint of every permission in a catalog. */
  addCatalog(catalog: PermissionRouteCatalog): this {
    for (const [name, endpoints] of Object.entries(catalog.permissions)) {
      for (const endpoint of endpoints) {
        this.add({ host: endpoint.host, method: endpoint.method, path: endpoint.path, permission: name });
      }
    }
    for (const endpoint of catalog.endpointClasses ?? []) this.classify(endpoint);
    return this;
  }

  /** Hands the collected routes to an immutable tree; the builder cannot be used after this. */
  build(): RouteTree {
    const roots = this.#open();
    this.#roots = undefined;
    return createRouteTree(roots, this.#size, this.#opened);
  }

  #open(): Map<string, RouteNode> {
    if (this.#roots === undefined) throw new Error("RouteTreeBuilder was already built; start a new builder");
    return this.#roots;
  }
}

/**
 * Finds the endpoint of a request and the permissions that open it.
 *
 * Matching policy (strict, so that anything unexpected falls through to "no route" and can be denied):
 * - static segments win over params; a param is tried only where the static branch leads nowhere;
 * - `{Sid}.json` matches a segment ending in `.json` with a non-empty value before it; the path must carry the
 *   template's `.json` (`/Calls/CA1` does not match `/Calls/{Sid}.json`);
 * - the query string and fragment are ignored; a trailing slash or an empty segment (`//`) does not match;
 * - static segments and param suffixes ignore case (`/v1/keys` is `/v1/Keys`): an upstream that ignores case
 *   must not let a differently cased path escape the permission of the endpoint it reaches; param values keep
 *   their case;
 * - methods compare case-insensitively; HEAD is not GET;
 * - a path that exists with another method does not match (the caller sees "no route" either way).
 *
 * @example
 * ```ts
 * const match = twilioRouteTree.match({
 *   host: "api",
 *   method: "GET",
 *   path: "/2010-04-01/Accounts/AC123/Messages/SM456.json",
 * });
 * match?.template; // "/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json"
 * match?.params; // { AccountSid: "AC123", Sid: "SM456" }
 * match?.permissions.map((p) => p.name); // ["/twilio/messaging/messages/read"]
 * ```
 */
export class RouteTree {
  static {
    createRouteTree = (roots, size, opened) => new RouteTree(roots, size, opened);
  }

  readonly #roots: ReadonlyMap<string, RouteNode>;
  readonly #opened: ReadonlyMap<string, readonly RouteEndpoint[]>;
  /** The number of (host, method, template) endpoints. */
  readonly size: number;

  // Private: only the builder makes trees, so a tree's nodes are never shared with code that could mutate them.
  private constructor(
    roots: ReadonlyMap<string, RouteNode>,
    size: number,
    opened: ReadonlyMap<string, readonly RouteEndpoint[]>,
  ) {
    this.#roots = roots;
    this.size = size;
    this.#opened = opened;
  }

  /**
   * The endpoints a permission was listed for, in catalog order (none for a permission no route names). Not
   * on any request's path: it is for showing people what a permission opens.
   *
   * @example
   * ```ts
   * twilioRouteTree.endpointsOpenedBy("/twilio/messaging/messages/read");
   * // [{ host: "api", method: "GET", path: "/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json" }]
   * ```
   */
  endpointsOpenedBy(permission: string): readonly RouteEndpoint[] {
    return this.#opened.get(permission) ?? [];
  }

  match(request: RouteRequest): RouteMatch | undefined {
    const root = this.#roots.get(request.host);
    if (root === undefined) return undefined;
    const segments = splitRequestPath(request.path);
    if (segments === undefined) return undefined;
    const values: string[] = [];
    const node = walk(root, segments, 0, values);
    if (node === undefined) return undefined;
    const method = request.method.toUpperCase();
    const endpoint = node.endpoints.get(method);
    if (endpoint === undefined) return undefined;
    const params: Record<string, string> = {};
    endpoint.paramNames.forEach((name, index) => {
      params[name] = values[index] ?? "";
    });
    return {
      host: request.host,
      method,
      template: endpoint.template,
      endpointClass: endpoint.endpointClass,
      params,
      permissions: endpoint.permissions,
    };
  }
}

// Depth-first, static before params. Backtracking happens only when a static branch dead-ends (a param value that
// spells a static sibling, like a TaskQueue named "Statistics"), and each step looks at one static child plus the
// node's few param suffixes, so the work stays proportional to the number of segments.
function walk(node: RouteNode, segments: readonly string[], index: number, values: string[]): RouteNode | undefined {
  if (index === segments.length) return node.endpoints.size > 0 ? node : undefined;
  const segment = segments[index] ?? "";
  const lower = segment.toLowerCase();
  const child = node.statics.get(lower);
  if (child !== undefined) {
    const found = walk(child, segments, index + 1, values);
    if (found !== undefined) return found;
  }
  for (const { suffix, node: paramNode } of node.params) {
    if (segment.length <= suffix.length || !lower.endsWith(suffix)) continue;
    values.push(segment.slice(0, segment.length - suffix.length));
    const found = walk(paramNode, segments, index + 1, values);
    if (found !== undefined) return found;
    values.pop();
  }
  return undefined;
}

function splitTemplate(path: string): string[] {
  const segments = splitRequestPath(path);
  if (segments === undefined || path.includes("?") || path.includes("#")) {
    throw new Error(`Route template must be an absolute path without empty segments: ${path}`);
  }
  return segments;
}

/** `/a/b?x` → `["a", "b"]`; undefined for a relative path, a trailing slash or an empty segment. */
function splitRequestPath(target: string): string[] | undefined {
  const end = target.search(/[?#]/);
  const path = end === -1 ? target : target.slice(0, end);
  if (!path.startsWith("/") || path.length === 1) return undefined;
  const segments = path.slice(1).split("/");
  return segments.includes("") ? undefined : segments;
}

function routePermission(name: string): RoutePermission {
  return { ...permission(name), action: name.slice(name.lastIndexOf("/") + 1) };
}

// PolicyMatcher.allows(specific) already accepts the resource's `*`, so a `*` entry next to a specific permission
// of the same resource would only repeat that check. The `*` is kept only where no specific permission of its
// resource opens the endpoint (e.g. `/twilio/voice/sip.connection-policies.targets/*`).
function addPermission(permissions: RoutePermission[], added: RoutePermission): void {
  if (permissions.some((existing) => existing.name === added.name)) return;
  const isWildcard = added.name === added.wildcard;
  if (isWildcard && permissions.some((existing) => existing.wildcard === added.wildcard)) return;
  if (!isWildcard) {
    const covered = permissions.findIndex((existing) => existing.name === added.wildcard);
    if (covered !== -1) {
      permissions[covered] = added;
      return;
    }
  }
  permissions.push(added);
}
