/**
 * The shared authorization suite: every route in ROUTES, walked from the list itself, so a route added
 * there is checked here without anyone editing this file (and fails loudly if its path has a parameter
 * this suite cannot fill).
 */
import { createMainKey, type RouteAccess } from "@latchkey/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RouteDefinition } from "../src/http/route.js";
import { ROUTES } from "../src/routes/index.js";
import {
  type Credentials,
  createRestrictedKey,
  createStandardKey,
  expectAuthenticate,
  expectNotFound,
  expectTwilioError,
  ownerCredentials,
  type StoreSnapshot,
  snapshot,
} from "./support/route-fixtures.js";
import { type RequestOptions, startTestServer, type TestServer } from "./support/test-server.js";

type ProtectedRoute = RouteDefinition & { readonly access: RouteAccess };

const PROTECTED_ROUTES = ROUTES.filter((route): route is ProtectedRoute => route.access !== null);
const PUBLIC_ROUTES = ROUTES.filter((route) => route.access === null);
const ALL_PERMISSIONS = [...new Set(PROTECTED_ROUTES.map((route) => route.access.permission.name))];

/** What one route's requests are made of: a real account and a real key of it to act on. */
interface World {
  readonly server: TestServer;
  readonly owner: Credentials;
  /** A standard key of the owner account; it fills every `:Sid`. */
  readonly targetSid: string;
}

async function buildWorld(): Promise<World> {
  const server = await startTestServer();
  const target = await createStandardKey(server, "target");
  return { server, owner: ownerCredentials(server), targetSid: target.sid };
}

function fillPath(url: string, params: Readonly<Record<string, string>>): string {
  return url.replace(/:([A-Za-z]+)/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`The authorization suite has no value for :${name} in ${url}`);
    return value;
  });
}

/**
 * A valid request for `route`: path parameters are real SIDs; GETs carry AccountSid in the query and
 * POSTs carry AccountSid and a FriendlyName in the form (routes that do not take them ignore them).
 */
function validRequest(route: ProtectedRoute, world: World): { path: string; form?: Record<string, string> } {
  const accountSid = world.server.accountSid;
  const path = fillPath(route.url, { AccountSid: accountSid, Sid: world.targetSid });
  switch (route.method) {
    case "GET":
      return { path: `${path}?AccountSid=${accountSid}` };
    case "POST":
      return { path, form: { AccountSid: accountSid, FriendlyName: "authorized" } };
    default:
      return { path };
  }
}

/** 201 for a POST to a collection, 204 for a DELETE, 200 otherwise. */
function successStatus(route: ProtectedRoute): number {
  const lastSegment = route.url.split("/").at(-1) ?? "";
  if (route.method === "POST" && !lastSegment.includes(":")) return 201;
  if (route.method === "DELETE") return 204;
  return 200;
}

function send(world: World, route: ProtectedRoute, auth: RequestOptions["auth"] | undefined) {
  const { path, form } = validRequest(route, world);
  return world.server.request(String(route.method), path, {
    ...(auth !== undefined && { auth }),
    ...(form !== undefined && { form }),
  });
}

const base64 = (text: string) => Buffer.from(text).toString("base64");

describe("authorization suite", () => {
  it("walks at least the five iam v1 and ten v2010 key routes", () => {
    const names = PROTECTED_ROUTES.map((route) => `${route.method} ${route.url}`);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(
      expect.arrayContaining([
        "POST /v1/Keys",
        "GET /v1/Keys",
        "GET /v1/Keys/:Sid",
        "POST /v1/Keys/:Sid",
        "DELETE /v1/Keys/:Sid",
        "POST /2010-04-01/Accounts/:AccountSid/Keys.json",
        "DELETE /2010-04-01/Accounts/:AccountSid/SigningKeys/:Sid.json",
      ]),
    );
    expect(PROTECTED_ROUTES.length).toBeGreaterThanOrEqual(15);
  });

  describe.each(
    PUBLIC_ROUTES.map((route) => [`${route.method} ${route.url}`, route] as const),
  )("public route %s", (_name, route) => {
    let server: TestServer;
    beforeEach(async () => {
      server = await startTestServer();
    });
    afterEach(async () => {
      await server.close();
    });

    it("answers 200 without credentials", async () => {
      const response = await server.request(String(route.method), route.url);
      expect(response.status).toBe(200);
    });
  });

  describe.each(
    PROTECTED_ROUTES.map((route) => [`${route.method} ${route.url}`, route] as const),
  )("%s", (_name, route) => {
    let world: World;
    let before: StoreSnapshot;
    beforeEach(async () => {
      world = await buildWorld();
      before = await snapshot(world.server);
    });
    afterEach(async () => {
      await world.server.close();
    });

    const expectNothingWritten = async () => {
      expect(await snapshot(world.server)).toEqual(before);
    };

    it("returns 401/20003 without credentials", async () => {
      expectAuthenticate(await send(world, route, undefined));
      await expectNothingWritten();
    });

    it("returns the same 401 for a wrong secret or an unknown SID", async () => {
      const wrong: Credentials[] = [
        { user: world.server.accountSid, password: "0".repeat(32) },
        { user: world.server.accountSid, password: "" },
        { user: world.targetSid, password: "A".repeat(32) },
        { user: `AC${"0".repeat(32)}`, password: world.server.authToken },
        { user: `SK${"0".repeat(32)}`, password: "A".repeat(32) },
      ];
      for (const auth of wrong) expectAuthenticate(await send(world, route, auth));
      await expectNothingWritten();
    });

    it("returns the same 401 for a malformed Authorization header", async () => {
      const { accountSid, authToken } = world.server;
      const malformed = [
        `Bearer ${authToken}`,
        `Digest ${base64(`${accountSid}:${authToken}`)}`,
        "Basic",
        "Basic ",
        "Basic !!!not-base64!!!",
        `Basic ${base64(`${accountSid}${authToken}`)}`,
        `Basic ${base64(`not-a-sid:${authToken}`)}`,
        `Basic ${base64(`${accountSid.toUpperCase()}:${authToken}`)}`,
        `Basic ${base64(`${authToken}:${accountSid}`)}`,
        `Basic ${base64(`${accountSid}:${authToken}`)}${"A".repeat(600)}`,
      ];
      for (const header of malformed) expectAuthenticate(await send(world, route, header));
      await expectNothingWritten();
    });

    it("returns the same 401 for a key deleted through the API", async () => {
      const main = await world.server.createMainKey("soon deleted");
      const listWithMain = await world.server.request("GET", `/v1/Keys?AccountSid=${world.server.accountSid}`, {
        auth: { user: main.sid, password: main.secret },
      });
      expect(listWithMain.status).toBe(200);
      const deleted = await world.server.request("DELETE", `/v1/Keys/${main.sid}`, { auth: world.owner });
      expect(deleted.status).toBe(204);
      const afterDelete = await snapshot(world.server);

      expectAuthenticate(await send(world, route, { user: main.sid, password: main.secret }));
      expect(await snapshot(world.server)).toEqual(afterDelete);
    });

    it("returns 404/20404 for another account's credentials on this account's resources", async () => {
      const other = await world.server.createOtherAccount();
      const response = await send(world, route, { user: other.accountSid, password: other.authToken });
      expectNotFound(response, validRequest(route, world).path.split("?", 1)[0] ?? "");
      await expectNothingWritten();
    });

    it("returns 404/20404 for a main key of another account on this account's resources", async () => {
      const other = await world.server.createOtherAccount();
      const { key, secret } = await createMainKey(
        world.server.region,
        { sid: "operator", address: "test" },
        { accountSid: other.accountSid, friendlyName: "other main" },
      );
      const withOtherKey = await snapshot(world.server);
      const response = await send(world, route, { user: key.sid, password: secret });
      expectNotFound(response, validRequest(route, world).path.split("?", 1)[0] ?? "");
      expect(await snapshot(world.server)).toEqual(withOtherKey);
    });

    if (route.access.kind === "management") {
      it("returns 401/20003 for a standard key of the same account", async () => {
        const standard = await createStandardKey(world.server, "standard caller");
        const withStandard = await snapshot(world.server);
        expectAuthenticate(await send(world, route, standard));
        expect(await snapshot(world.server)).toEqual(withStandard);
      });
    }

    it("returns 403/70051 naming the permission for a restricted key without it", async () => {
      const others = ALL_PERMISSIONS.filter((name) => name !== route.access.permission.name);
      const restricted = await createRestrictedKey(world.server, [...others, "/twilio/messaging/messages/*"]);
      const withRestricted = await snapshot(world.server);
      const response = await send(world, route, restricted);
      expect(expectTwilioError(response, 403, 70051)).toBe(
        `Authorization Failed: the API key lacks the permission '${route.access.permission.name}'`,
      );
      expect(await snapshot(world.server)).toEqual(withRestricted);
    });

    it("succeeds for a restricted key holding exactly the route's permission", async () => {
      const restricted = await createRestrictedKey(world.server, [route.access.permission.name]);
      const response = await send(world, route, restricted);
      expect(response.status).toBe(successStatus(route));
    });

    it("succeeds for a restricted key holding the resource wildcard", async () => {
      const restricted = await createRestrictedKey(world.server, [route.access.permission.wildcard]);
      const response = await send(world, route, restricted);
      expect(response.status).toBe(successStatus(route));
    });

    it("succeeds for the account's auth token and for a main key", async () => {
      expect((await send(world, route, world.owner)).status).toBe(successStatus(route));
      // The first call may have deleted the target: give the main key a fresh one.
      const fresh = await createStandardKey(world.server, "second target");
      const main = await world.server.createMainKey();
      const { path, form } = validRequest(route, { ...world, targetSid: fresh.sid });
      const response = await world.server.request(String(route.method), path, {
        auth: { user: main.sid, password: main.secret },
        ...(form !== undefined && { form }),
      });
      expect(response.status).toBe(successStatus(route));
    });
  });
});
