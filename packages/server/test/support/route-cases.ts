/**
 * How the shared authorization suite makes a valid request to any route in ROUTES. Most of it is
 * derived from the route itself; the few routes whose inputs or preconditions differ have an entry
 * in OVERRIDES. A route whose path parameter cannot be filled fails every test of the suite.
 */
import { twilioRouteTree } from "@latchkey/core";
import type { CatalogEndpoint, ResolvedAccess, RouteDefinition } from "../../src/http/route.js";
import { resolveRouteAccess } from "../../src/http/route-endpoint.js";
import { type Credentials, createStandardKey, ownerCredentials } from "./route-fixtures.js";
import { startTestServer, type TestServer } from "./test-server.js";

export type ProtectedRoute = RouteDefinition & { readonly access: CatalogEndpoint };

/** The catalog's description of a protected route, as the server resolves it at start. */
export function accessOf(route: ProtectedRoute): ResolvedAccess {
  return resolveRouteAccess(twilioRouteTree, route);
}

/** One test's state: a fresh server, its owner account, a key to act on and a Main key for setup. */
export interface World {
  readonly server: TestServer;
  readonly owner: Credentials;
  /** A standard key of the owner account; it fills every key `:Sid`. */
  readonly targetSid: string;
  /** A Main key of the owner account, used to set up preconditions (it survives token rotation). */
  readonly admin: Credentials;
}

export interface RouteCase {
  readonly path: string;
  readonly form?: Record<string, string>;
  readonly success: number;
  /** True when the request names this account or one of its resources; other accounts then get 404. */
  readonly namesAccount: boolean;
  /** Brings the world to where the call can succeed (run before every call that should). */
  prepare(world: World): Promise<void>;
  /** The 403/70051 message a restricted key gets here even with the permission (key rights, issue 8). */
  readonly restrictedRefusal?: string;
}

export async function buildWorld(): Promise<World> {
  const server = await startTestServer();
  const target = await createStandardKey(server, "target");
  const main = await server.createMainKey("admin");
  return {
    server,
    owner: ownerCredentials(server),
    targetSid: target.sid,
    admin: { user: main.sid, password: main.secret },
  };
}

const createSecondaryToken = async (world: World) => {
  const response = await world.server.request("POST", "/v1/AuthTokens/Secondary", { auth: world.admin });
  if (response.status !== 201) throw new Error(`creating a secondary token failed: ${response.text}`);
};

interface Override {
  readonly success?: number;
  readonly namesAccount?: false;
  readonly prepare?: (world: World) => Promise<void>;
  readonly restrictedRefusal?: string;
}

// The default form creates a standard key, which a restricted key may never create.
const STANDARD_KEY_REFUSED = {
  restrictedRefusal: "Authorization Failed: a restricted key may create only restricted keys within its own policy",
};

/** Routes whose success status or preconditions the defaults below do not describe. */
const OVERRIDES: Readonly<Record<string, Override>> = {
  "GET /2010-04-01/Accounts.json": { namesAccount: false },
  "POST /2010-04-01/Accounts.json": { namesAccount: false },
  "POST /v1/AuthTokens/Secondary": { namesAccount: false },
  "DELETE /v1/AuthTokens/Secondary": { namesAccount: false, prepare: createSecondaryToken },
  "POST /v1/AuthTokens/Promote": { namesAccount: false, success: 200, prepare: createSecondaryToken },
  "POST /v1/Keys": STANDARD_KEY_REFUSED,
  "POST /2010-04-01/Accounts/:AccountSid/Keys.json": STANDARD_KEY_REFUSED,
  "POST /2010-04-01/Accounts/:AccountSid/SigningKeys.json": STANDARD_KEY_REFUSED,
};

/**
 * A valid request for `route`: path parameters are real SIDs; GETs carry AccountSid in the query and
 * POSTs carry AccountSid and a FriendlyName in the form (routes that do not take them ignore them).
 * Success is 201 for a POST to a collection, 204 for a DELETE and 200 otherwise.
 */
export function routeCase(route: ProtectedRoute, world: World): RouteCase {
  const override = OVERRIDES[`${route.method} ${route.url}`] ?? {};
  const accountSid = world.server.accountSid;
  const path = fillPath(route.url, world);
  const lastSegment = route.url.split("/").at(-1) ?? "";
  const defaultSuccess =
    route.method === "DELETE" ? 204 : route.method === "POST" && !lastSegment.includes(":") ? 201 : 200;
  return {
    path: route.method === "GET" ? `${path}?AccountSid=${accountSid}` : path,
    ...(route.method === "POST" && { form: { AccountSid: accountSid, FriendlyName: "authorized" } }),
    success: override.success ?? defaultSuccess,
    namesAccount: override.namesAccount ?? true,
    prepare: override.prepare ?? (async () => {}),
    ...(override.restrictedRefusal !== undefined && { restrictedRefusal: override.restrictedRefusal }),
  };
}

/** Fills each `:Param` by its name and the static segment before it: an account SID or the target key. */
function fillPath(url: string, world: World): string {
  const segments = url.split("/");
  return segments
    .map((segment, index) => {
      const param = /^:([A-Za-z]+)/.exec(segment)?.[1];
      if (param === undefined) return segment;
      const previous = segments[index - 1] ?? "";
      const value =
        param === "AccountSid" || (param === "Sid" && previous === "Accounts")
          ? world.server.accountSid
          : param === "Sid" && (previous === "Keys" || previous === "SigningKeys")
            ? world.targetSid
            : undefined;
      if (value === undefined) throw new Error(`The authorization suite cannot fill ${segment} in ${url}`);
      return segment.replace(`:${param}`, value);
    })
    .join("/");
}
