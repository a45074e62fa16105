/**
 * One set of rules: every credential type gets the same verdict from the REST routes and from the decision API,
 * for every Latchkey route (both observed over HTTP) and for every endpoint of the permission catalog (the
 * decision API over HTTP against the rule the REST auth hook applies to a route at that endpoint).
 */
import { judgeAccess, twilioPermissionRouteCatalog, twilioRouteTree } from "@latchkey/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROUTES } from "../../src/routes/index.js";
import { officialToken } from "../access-tokens/token-fixtures.js";
import type { ProtectedRoute } from "../support/route-cases.js";
import {
  type Credentials,
  createRestrictedKey,
  createStandardKey,
  ownerCredentials,
} from "../support/route-fixtures.js";
import { startTestServer, type TestServer } from "../support/test-server.js";
import { ask, authorizationOf, type Caller } from "./decision-fixtures.js";

/** What authorization said: allowed, or the error status and code it refused with. */
type Verdict = "allowed" | `${number}/${number}`;

const PROTECTED = ROUTES.filter(
  (route): route is ProtectedRoute => typeof route.access === "object" && route.access !== null,
);

let server: TestServer;
let callers: Record<string, Caller>;

beforeAll(async () => {
  server = await startTestServer();
  const main = await server.createMainKey("main caller");
  const standard = await createStandardKey(server, "standard caller");
  const keysOnly = await createRestrictedKey(server, ["/twilio/iam/api-keys/*", "/twilio/iam/accounts/*"]);
  const readOnly = await createRestrictedKey(server, [
    "/twilio/iam/api-keys/read",
    "/twilio/iam/api-keys/list",
    "/twilio/iam/accounts/read",
    "/twilio/messaging/messages/read",
  ]);
  const product = await createRestrictedKey(server, ["/twilio/messaging/messages/*", "/twilio/voice/calls/*"]);
  const token = officialToken({
    accountSid: server.accountSid,
    keySid: standard.user,
    secret: standard.password,
    at: Date.now(),
    ttl: 3600,
  });
  const key = (credentials: Credentials) => credentials;
  callers = {
    "auth token": ownerCredentials(server),
    "main key": key({ user: main.sid, password: main.secret }),
    "standard key": standard,
    "restricted key (keys and accounts)": keysOnly,
    "restricted key (reads)": readOnly,
    "restricted key (product only)": product,
    "access token": `Bearer ${token}`,
  };
});

afterAll(async () => {
  await server.close();
});

const UNKNOWN_SID = (prefix: string) => `${prefix}${"0".repeat(32)}`;

/** A concrete path for a catalog or route template: this account where one is named, unknown SIDs elsewhere. */
function concretePath(template: string): string {
  return template.replace(
    /\{([A-Za-z]+)\}|:([A-Za-z]+)/g,
    (_all, brace: string | undefined, colon: string | undefined) => {
      const name = brace ?? colon ?? "";
      if (name === "AccountSid") return server.accountSid;
      // The account resource names its account `{Sid}`.
      if (name === "Sid" && /\/Accounts\/[{:]Sid/.test(template)) return server.accountSid;
      return UNKNOWN_SID("PX");
    },
  );
}

function verdictOf(response: { status: number; json: any }): Verdict {
  const { status } = response;
  const code = response.json?.code;
  if ((status === 401 && code === 20003) || (status === 403 && code === 70051)) return `${status}/${code}`;
  return "allowed";
}

async function decisionVerdict(caller: Caller, host: string, method: string, path: string): Promise<Verdict> {
  const response = await ask(server, caller, method, `https://${host}.twilio.com${path}`);
  expect(response.status).toBe(200);
  if (response.json.allowed === true) return "allowed";
  return `${response.json.error.status}/${response.json.error.code}`;
}

describe("the same verdict in the REST API and the decision API", () => {
  it("for every Latchkey route and credential type", async () => {
    const mismatches: string[] = [];
    let compared = 0;
    for (const route of PROTECTED) {
      const method = String(route.method);
      const path = concretePath(route.url);
      for (const [name, caller] of Object.entries(callers)) {
        // SECURITY: a Bearer token is sent as is: REST routes must refuse Access Tokens outright.
        const authorization = authorizationOf(server, caller);
        // An over-long FriendlyName fails validation after authorization, so no POST writes anything and what a
        // handler decides from the body (which a decision cannot see) never mixes into the verdict.
        const rest = verdictOf(
          await server.request(method, path, {
            ...(authorization !== undefined && { auth: authorization }),
            ...(method === "POST" && { form: { FriendlyName: "x".repeat(300) } }),
          }),
        );
        const decision = await decisionVerdict(caller, route.access.catalogHost, method, path);
        compared++;
        if (rest !== decision) mismatches.push(`${name}: ${method} ${route.url}: REST ${rest}, decision ${decision}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(compared).toBe(PROTECTED.length * Object.keys(callers).length);
  });

  it("for every endpoint of the permission catalog and credential type", async () => {
    const endpoints = new Map<string, { host: string; method: string; path: string }>();
    const all = [
      ...Object.values(twilioPermissionRouteCatalog.permissions).flat(),
      ...twilioPermissionRouteCatalog.endpointClasses,
    ];
    for (const endpoint of all) endpoints.set(`${endpoint.host} ${endpoint.method} ${endpoint.path}`, endpoint);
    expect(endpoints.size).toBeGreaterThan(500);

    const principals = new Map<string, Awaited<ReturnType<typeof principalOf>>>();
    for (const [name, caller] of Object.entries(callers)) principals.set(name, await principalOf(caller));

    const mismatches: string[] = [];
    const queue = [...endpoints.values()];
    // A few requests in flight at once: the walk is about four thousand decisions.
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let endpoint = queue.pop(); endpoint !== undefined; endpoint = queue.pop()) {
          const rule = twilioRouteTree.match({ host: endpoint.host, method: endpoint.method, path: endpoint.path });
          if (rule === undefined) throw new Error(`catalog endpoint ${endpoint.path} is not in the route tree`);
          const path = concretePath(endpoint.path);
          for (const [name, caller] of Object.entries(callers)) {
            const principal = principals.get(name);
            if (principal === undefined) throw new Error(name);
            const verdict = judgeAccess(principal, rule, endpoint);
            const rest: Verdict = verdict.allowed ? "allowed" : `${verdict.error.status}/${verdict.error.twilioCode}`;
            const decision = await decisionVerdict(caller, endpoint.host, endpoint.method, path);
            if (rest !== decision) {
              mismatches.push(
                `${name}: ${endpoint.method} ${endpoint.host} ${endpoint.path}: rule ${rest}, decision ${decision}`,
              );
            }
          }
        }
      }),
    );
    expect(mismatches).toEqual([]);
  });

  it("refuses a standard key creating, updating or closing accounts in both places (the defect of issue 8)", async () => {
    const standard = callers["standard key"];
    const accountPaths = ["/2010-04-01/Accounts.json", `/2010-04-01/Accounts/${server.accountSid}.json`];
    for (const path of accountPaths) {
      expect(await decisionVerdict(standard, "api", "POST", path)).toBe("401/20003");
      const authorization = authorizationOf(server, standard);
      const rest = await server.request("POST", path, {
        ...(authorization !== undefined && { auth: authorization }),
        form: { FriendlyName: "renamed by a standard key" },
      });
      expect(verdictOf(rest)).toBe("401/20003");
    }
  });
});

/** The principal a caller authenticates as, through the server's own authenticator (Access Tokens by hand). */
async function principalOf(caller: Caller) {
  if (typeof caller === "string") {
    const standard = callers["standard key"];
    if (standard === undefined || typeof standard === "string") throw new Error("standard key caller missing");
    const outcome = await server.region.authenticator.authenticateBasic(authorizationOf(server, standard));
    if (!outcome.ok) throw new Error("the standard key does not authenticate");
    return { ...outcome.principal, credentialType: "access_token" as const, policy: null };
  }
  const outcome = await server.region.authenticator.authenticateBasic(authorizationOf(server, caller));
  if (!outcome.ok) throw new Error("a test caller does not authenticate");
  return outcome.principal;
}
