/**
 * The shared authorization suite: every route in ROUTES, walked from the list itself, so a route added
 * there is checked here without anyone editing this file (and fails loudly if its path has a parameter
 * the suite cannot fill; see support/route-cases.ts).
 */
import { createMainKey, DENIAL_MESSAGES, twilioPermissionCatalog } from "@latchkey/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ROUTES } from "../src/routes/index.js";
import { accessOf, buildWorld, type ProtectedRoute, routeCase, type World } from "./support/route-cases.js";
import {
  type Credentials,
  createKeyV1,
  createRestrictedKey,
  createStandardKey,
  expectAuthenticate,
  expectNotFound,
  expectTwilioError,
  type StoreSnapshot,
  snapshot,
} from "./support/route-fixtures.js";
import type { RequestOptions, TestResponse } from "./support/test-server.js";
import { useServer } from "./support/use-server.js";

const PROTECTED_ROUTES = ROUTES.filter(
  (route): route is ProtectedRoute => typeof route.access === "object" && route.access !== null,
);
const PUBLIC_ROUTES = ROUTES.filter((route) => route.access === null);
const GRANTABLE_PERMISSIONS = [
  ...new Set(PROTECTED_ROUTES.flatMap((route) => accessOf(route).permissions.map((permission) => permission.name))),
].filter((name) => twilioPermissionCatalog.isGrantable(name));

const base64 = (text: string) => Buffer.from(text).toString("base64");
const nameOf = (route: { method: unknown; url: string }) => `${String(route.method)} ${route.url}`;

describe("authorization suite", () => {
  it("walks every key route of iam v1 and the 2010 API", () => {
    const names = PROTECTED_ROUTES.map(nameOf);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(
      expect.arrayContaining([
        "POST /v1/Keys",
        "GET /v1/Keys",
        "GET /v1/Keys/:Sid",
        "POST /v1/Keys/:Sid",
        "DELETE /v1/Keys/:Sid",
        ...["Keys", "SigningKeys"].flatMap((segment) => [
          `POST /2010-04-01/Accounts/:AccountSid/${segment}.json`,
          `GET /2010-04-01/Accounts/:AccountSid/${segment}.json`,
          `GET /2010-04-01/Accounts/:AccountSid/${segment}/:Sid.json`,
          `POST /2010-04-01/Accounts/:AccountSid/${segment}/:Sid.json`,
          `DELETE /2010-04-01/Accounts/:AccountSid/${segment}/:Sid.json`,
        ]),
      ]),
    );
    expect(PUBLIC_ROUTES.map(nameOf)).toEqual(expect.arrayContaining(["GET /healthz", "GET /readyz"]));
  });

  describe.each(PUBLIC_ROUTES.map((route) => [nameOf(route), route] as const))("public route %s", (_name, route) => {
    const { server } = useServer();

    it("answers without asking for credentials", async () => {
      const path = route.url.replaceAll(/:([A-Za-z]+)/g, server.accountSid);
      const response = await server.request(String(route.method), path);
      expect(response.headers.get("www-authenticate")).toBeNull();
      if (route.method === "GET") expect(response.status).toBe(200);
      else expect(response.status).not.toBe(401);
    });
  });

  describe.each(PROTECTED_ROUTES.map((route) => [nameOf(route), route] as const))("%s", (_name, route) => {
    let world: World;
    let before: StoreSnapshot;
    beforeEach(async () => {
      world = await buildWorld();
      await routeCase(route, world).prepare(world);
      before = await snapshot(world.server);
    });
    afterEach(async () => {
      await world.server.close();
    });

    const send = (auth: RequestOptions["auth"] | undefined, target: World = world) => {
      const { path, form } = routeCase(route, target);
      return target.server.request(String(route.method), path, {
        ...(auth !== undefined && { auth }),
        ...(form !== undefined && { form }),
      });
    };
    // Success, or the key-rights refusal on routes a restricted key never succeeds on.
    const expectRestrictedOutcome = async (response: TestResponse) => {
      const { success, restrictedRefusal } = routeCase(route, world);
      if (restrictedRefusal === undefined) expect(response.status).toBe(success);
      else expect(expectTwilioError(response, 403, 70051)).toBe(restrictedRefusal);
    };
    const pathOf = () => routeCase(route, world).path.split("?", 1)[0] ?? "";
    const expectNothingWritten = async (since: StoreSnapshot = before) => {
      expect(await snapshot(world.server)).toEqual(since);
    };

    it("returns 401/20003 without credentials", async () => {
      expectAuthenticate(await send(undefined));
      await expectNothingWritten();
    });

    it("returns the same 401 for a wrong secret or an unknown SID", async () => {
      const wrong: Credentials[] = [
        { user: world.server.accountSid, password: "0".repeat(32) },
        { user: world.server.accountSid, password: "" },
        { user: world.admin.user, password: "A".repeat(32) },
        { user: world.targetSid, password: "A".repeat(32) },
        { user: `AC${"0".repeat(32)}`, password: world.server.authToken },
        { user: `SK${"0".repeat(32)}`, password: world.admin.password },
      ];
      for (const auth of wrong) expectAuthenticate(await send(auth));
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
        `Basic ${base64(`${accountSid.toLowerCase()}:${authToken}`)}`,
        `Basic ${base64(`${authToken}:${accountSid}`)}`,
        `Basic ${base64(`${accountSid}:${authToken}`)}${"A".repeat(600)}`,
      ];
      for (const header of malformed) expectAuthenticate(await send(header));
      await expectNothingWritten();
    });

    it("returns the same 401 for a key deleted through the API", async () => {
      const main = await world.server.createMainKey("soon deleted");
      const auth = { user: main.sid, password: main.secret };
      expect(
        (await world.server.request("GET", `/v1/Keys?AccountSid=${world.server.accountSid}`, { auth })).status,
      ).toBe(200);
      const deleted = await world.server.request("DELETE", `/v1/Keys/${main.sid}`, { auth: world.admin });
      expect(deleted.status).toBe(204);
      const afterDelete = await snapshot(world.server);

      expectAuthenticate(await send(auth));
      await expectNothingWritten(afterDelete);
    });

    it("keeps another account's Auth Token and Main key away from this account", async () => {
      const other = await world.server.createOtherAccount();
      const { key, secret } = await createMainKey(
        world.server.region,
        { sid: "operator", address: "test" },
        { accountSid: other.accountSid, friendlyName: "other main" },
      );
      const ownBefore = await snapshot(world.server, { ownRowsOnly: true });
      const strangers = [
        { user: other.accountSid, password: other.authToken },
        { user: key.sid, password: secret },
      ];
      for (const auth of strangers) {
        const response = await send(auth);
        if (routeCase(route, world).namesAccount) {
          expectNotFound(response, pathOf());
        } else {
          // The route acts on the caller's own account: nothing of this one may show.
          expect(response.text).not.toContain(world.server.accountSid);
          expect(response.text).not.toContain(world.targetSid);
        }
      }
      expect(await snapshot(world.server, { ownRowsOnly: true })).toEqual(ownBefore);
    });

    const access = accessOf(route);
    // The suite needs the permission a restricted key would hold; account-admin endpoints have none.
    const required = access.permissions[0];

    it("returns 401/20003 for a standard key of the same account", async () => {
      expect(access.endpointClass).not.toBe("product");
      const standard = await createStandardKey(world.server, "standard caller");
      const withStandard = await snapshot(world.server);
      expectAuthenticate(await send(standard));
      await expectNothingWritten(withStandard);
    });

    if (required === undefined) {
      it("returns 403/70051 to a restricted key whatever its policy", async () => {
        expect(access.endpointClass).toBe("account-admin");
        const restricted = await createRestrictedKey(world.server, [
          ...GRANTABLE_PERMISSIONS,
          "/twilio/iam/api-keys/*",
          "/twilio/messaging/messages/*",
        ]);
        const withRestricted = await snapshot(world.server);
        expect(expectTwilioError(await send(restricted), 403, 70051)).toBe(DENIAL_MESSAGES.accountAdmin);
        await expectNothingWritten(withRestricted);
      });
    } else {
      it("returns 403/70051 naming the permission for a restricted key without it", async () => {
        const others = GRANTABLE_PERMISSIONS.filter((name) => !access.permissions.some((p) => p.name === name));
        const restricted = await createRestrictedKey(world.server, [...others, "/twilio/messaging/messages/*"]);
        const withRestricted = await snapshot(world.server);
        const response = await send(restricted);
        expect(expectTwilioError(response, 403, 70051)).toBe(
          `Authorization Failed: the API key lacks the permission '${required.name}'`,
        );
        await expectNothingWritten(withRestricted);
      });

      it("succeeds for a restricted key holding exactly the route's permission", async () => {
        const restricted = await createRestrictedKey(world.server, [required.name]);
        await expectRestrictedOutcome(await send(restricted));
      });

      it("succeeds for a restricted key holding the resource wildcard", async () => {
        const restricted = await createRestrictedKey(world.server, [required.wildcard]);
        await expectRestrictedOutcome(await send(restricted));
      });
    }

    it("succeeds for the account's Auth Token and for a Main key", async () => {
      expect((await send(world.owner)).status).toBe(routeCase(route, world).success);
      // The first call may have used up its precondition or deleted the target: set up afresh.
      const target = await createKeyV1(world.server, world.admin, { FriendlyName: "second target" });
      const fresh: World = { ...world, targetSid: target.sid };
      await routeCase(route, fresh).prepare(fresh);
      expect((await send(world.admin, fresh)).status).toBe(routeCase(route, fresh).success);
    });
  });
});
