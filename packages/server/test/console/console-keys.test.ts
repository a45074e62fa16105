/**
 * The console's API keys endpoints over real HTTP: list (search, type filter, keyset paging), create of
 * every type (each secret then works on the REST API), read, update, delete, and region isolation. Every
 * refused request leaves the region's keys and audit log as they were.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import knownPermissions from "../../../core/src/data/permissions.json" with { type: "json" };
import { expectAuthenticate } from "../support/route-fixtures.js";
import { type ConsoleSignIn, startTestServer, type TestServer } from "../support/test-server.js";
import {
  consoleKey,
  consoleRequest,
  expectConsoleError,
  gatewayStatus,
  KEYS_LIST,
  KEYS_READ,
  MESSAGES_READ,
  ownerAuth,
  regionPath,
  regionState,
  signedInAs,
} from "./console-fixtures.js";

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;
const SK = /^SK[0-9a-f]{32}$/;
const SECRET = /^[0-9A-Za-z]{32}$/;
const ALL_PERMISSIONS = knownPermissions.permissions.map((entry) => entry.permission);

describe("console API keys", () => {
  let server: TestServer;
  let owner: ConsoleSignIn;
  beforeAll(async () => {
    server = await startTestServer({ regions: ["us1", "ie1"] });
    owner = await signedInAs(server, "owner");
  });
  afterAll(() => server.close());

  const keys = (query = "", region = "us1") =>
    consoleRequest(server, owner, "GET", `${regionPath(region, "keys")}${query === "" ? "" : `?${query}`}`);
  const create = (body: unknown, region = "us1") =>
    consoleRequest(server, owner, "POST", regionPath(region, "keys"), body);
  const keyPath = (sid: string, region = "us1") => regionPath(region, `keys/${sid}`);
  const restFetch = (sid: string) => server.request("GET", `/v1/Keys/${sid}`, { auth: ownerAuth(server) });

  /** Runs `act` and asserts that the us1 keys and audit log are exactly as before. */
  const expectNothingWritten = async (act: () => Promise<void>) => {
    const before = await regionState(server);
    await act();
    expect(await regionState(server)).toEqual(before);
  };

  describe("GET /console/api/regions/:region/keys", () => {
    it("answers the Key shape, newest first, never a secret", async () => {
      const first = await consoleKey(server, owner, { type: "standard", friendly_name: "shape-one" });
      const second = await consoleKey(server, owner, {
        type: "restricted",
        friendly_name: "shape-two",
        permissions: [MESSAGES_READ],
      });
      const response = await keys("search=shape-");
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(response.json).toEqual({ keys: [second.key, first.key], next_page_token: null });
      expect(second.key).toEqual({
        sid: expect.stringMatching(SK),
        friendly_name: "shape-two",
        type: "restricted",
        region: "us1",
        permissions: [MESSAGES_READ],
        date_created: expect.stringMatching(ISO),
        date_updated: second.key.date_created,
      });
      expect(response.text).not.toContain(first.secret);
      expect(response.text).not.toContain(second.secret);
    });

    it("searches friendly names by substring in any case, with % and _ taken literally", async () => {
      const alpha = await consoleKey(server, owner, { type: "standard", friendly_name: "Qz-Alpha build" });
      const alphabet = await consoleKey(server, owner, { type: "main", friendly_name: "qzalphabet" });
      await consoleKey(server, owner, { type: "standard", friendly_name: "qz-beta" });
      const percent = await consoleKey(server, owner, { type: "standard", friendly_name: "qz 50%_off" });
      await consoleKey(server, owner, { type: "standard", friendly_name: "qz 500ff" });
      const sids = async (search: string) => {
        const response = await keys(`search=${encodeURIComponent(search)}`);
        expect(response.status).toBe(200);
        return response.json.keys.map((key: { sid: string }) => key.sid);
      };
      expect(await sids("ALPHA")).toEqual([alphabet.key.sid, alpha.key.sid]);
      expect(await sids("  qz-alpha  ")).toEqual([alpha.key.sid]);
      expect(await sids("50%_")).toEqual([percent.key.sid]);
      expect(await sids("%")).toEqual([percent.key.sid]);
      expect(await sids("0_o")).toEqual([]);
      expect(await sids("no such name")).toEqual([]);
    });

    it("finds a key by its exact SID in any case, but not by part of it", async () => {
      const { key } = await consoleKey(server, owner, { type: "standard", friendly_name: "by sid" });
      // Any case of the hex digits; the SK prefix is how every SID is written.
      const mixed = `SK${[...key.sid.slice(2)].map((c, i) => (i % 2 === 0 ? c.toUpperCase() : c)).join("")}`;
      for (const search of [key.sid, `SK${key.sid.slice(2).toUpperCase()}`, mixed, ` ${key.sid} `]) {
        const response = await keys(`search=${search}`);
        expect({ search, keys: response.json.keys }).toEqual({ search, keys: [key] });
      }
      expect((await keys(`search=${key.sid.slice(0, 20)}`)).json.keys).toEqual([]);
    });

    it("filters by type", async () => {
      const standard = await consoleKey(server, owner, { type: "standard", friendly_name: "typed-filter" });
      const restricted = await consoleKey(server, owner, {
        type: "restricted",
        friendly_name: "typed-filter",
        permissions: [MESSAGES_READ],
      });
      const main = await consoleKey(server, owner, { type: "main", friendly_name: "typed-filter" });
      for (const [type, key] of [
        ["standard", standard.key],
        ["restricted", restricted.key],
        ["main", main.key],
      ] as const) {
        const response = await keys(`search=typed-filter&type=${type}`);
        expect({ type, body: response.json }).toEqual({ type, body: { keys: [key], next_page_token: null } });
      }
    });

    it("refuses an unknown type with 400/20001", async () => {
      for (const type of ["Standard", "auth_token", "mains"]) {
        expectConsoleError(
          await keys(`type=${type}`),
          400,
          20001,
          "Invalid parameter: type must be one of standard, restricted, main",
        );
      }
    });

    it("refuses a page_size that is not an integer from 1 to 200 with 400/20001", async () => {
      for (const size of ["0", "201", "1000", "abc", "1.5", "-1", "1e2", " 5"]) {
        expectConsoleError(
          await keys(`page_size=${encodeURIComponent(size)}`),
          400,
          20001,
          "page_size must be an integer from 1 to 200",
        );
      }
      expect((await keys("page_size=200")).status).toBe(200);
      expect((await keys("page_size=1")).status).toBe(200);
    });

    it("refuses a page_token this server did not issue, or one of another list, with 400/21481", async () => {
      const accountToken = `PA${Buffer.from(`a:1:${server.accountSid}`).toString("base64url")}`;
      for (const token of ["nope", "PAbm9wZQ", accountToken, "x".repeat(600)]) {
        expectConsoleError(await keys(`page_token=${token}`), 400, 21481, "Invalid PageToken");
      }
    });

    it("refuses a search longer than 64 characters, and a parameter given twice, with 400/20001", async () => {
      expectConsoleError(await keys(`search=${"a".repeat(65)}`), 400, 20001, "search must be at most 64 characters");
      expect((await keys(`search=${"a".repeat(64)}`)).status).toBe(200);
      expectConsoleError(await keys("type=main&type=standard"), 400, 20001, "Parameter type must be given once");
      expectConsoleError(await keys("search=a&search=b"), 400, 20001, "Parameter search must be given once");
    });
  });

  describe("POST /console/api/regions/:region/keys", () => {
    it("creates a Standard key: 201, the secret once, never cached, and the secret works on the REST API", async () => {
      const response = await create({ type: "standard", friendly_name: "ci standard" });
      expect(response.status).toBe(201);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(response.json).toEqual({
        key: {
          sid: expect.stringMatching(SK),
          friendly_name: "ci standard",
          type: "standard",
          region: "us1",
          permissions: null,
          date_created: expect.stringMatching(ISO),
          date_updated: expect.stringMatching(ISO),
        },
        secret: expect.stringMatching(SECRET),
      });
      const { key, secret } = response.json;
      // A standard key's use is a product request, which a gateway asks Latchkey about.
      expect(await gatewayStatus(server, { user: key.sid, password: secret })).toBe(204);
      // Exactly a key made through /v1/Keys: same fields over REST.
      const rest = await restFetch(key.sid);
      expect(rest.json).toMatchObject({ sid: key.sid, friendly_name: "ci standard", policy: null });
    });

    it("creates a Main key whose secret manages keys on the REST API", async () => {
      const { key, secret } = await consoleKey(server, owner, { type: "main", friendly_name: "ci main" });
      expect(key).toMatchObject({ type: "main", permissions: null, region: "us1" });
      const list = await server.request("GET", `/v1/Keys?AccountSid=${server.accountSid}&PageSize=1000`, {
        auth: { user: key.sid, password: secret },
      });
      expect(list.status).toBe(200);
      expect(list.json.keys.map((listed: { sid: string }) => listed.sid)).toContain(key.sid);
      const stored = await server.region.store.keys.findBySid(key.sid);
      expect(stored?.type).toBe("main");
    });

    it("creates a Restricted key with exactly the chosen permissions, which it then has on the REST API", async () => {
      const { key, secret } = await consoleKey(server, owner, {
        type: "restricted",
        friendly_name: "ci restricted",
        permissions: [KEYS_LIST, MESSAGES_READ, KEYS_LIST],
      });
      // Duplicates collapse, as the REST API's policy parser does.
      expect(key).toMatchObject({ type: "restricted", permissions: [KEYS_LIST, MESSAGES_READ] });
      const rest = await restFetch(key.sid);
      expect(rest.json.policy).toEqual({ allow: [KEYS_LIST, MESSAGES_READ] });
      const auth = { user: key.sid, password: secret };
      const list = await server.request("GET", `/v1/Keys?AccountSid=${server.accountSid}`, { auth });
      expect(list.status).toBe(200);
      // api-keys/read was not chosen: fetching one key is refused.
      const fetched = await server.request("GET", `/v1/Keys/${key.sid}`, { auth });
      expect(fetched.status).toBe(403);
    });

    it("takes 100 permissions and stores no name when friendly_name is omitted or empty, as /v1/Keys does", async () => {
      const hundred = await consoleKey(server, owner, {
        type: "restricted",
        permissions: ALL_PERMISSIONS.slice(0, 100),
      });
      expect(hundred.key.permissions).toHaveLength(100);
      expect(hundred.key.friendly_name).toBeNull();
      const empty = await consoleKey(server, owner, { type: "standard", friendly_name: "" });
      expect(empty.key.friendly_name).toBeNull();
      const longest = await consoleKey(server, owner, { type: "standard", friendly_name: "n".repeat(64) });
      expect(longest.key.friendly_name).toBe("n".repeat(64));
    });

    it("refuses a friendly name over 64 characters with 400/20002, writing nothing", async () => {
      await expectNothingWritten(async () => {
        for (const type of ["standard", "main"]) {
          expectConsoleError(
            await create({ type, friendly_name: "n".repeat(65) }),
            400,
            20002,
            "FriendlyName must be at most 64 characters; it has 65",
          );
        }
        expectConsoleError(
          await create({ type: "standard", friendly_name: 12 }),
          400,
          20001,
          "Invalid parameter: friendly_name must be a string",
        );
      });
    });

    it("refuses an unknown or missing type with 400/20001, writing nothing", async () => {
      await expectNothingWritten(async () => {
        for (const body of [{ type: "Restricted" }, { type: "auth_token" }, { friendly_name: "x" }, { type: 1 }]) {
          const response = await create(body);
          expectConsoleError(response, 400, 20001);
          expect(response.json.message).toMatch(/^Invalid parameter: type must be/);
        }
      });
    });

    it("refuses unknown permissions, more than 100, and none, with the REST API's 400/70002, writing nothing", async () => {
      await expectNothingWritten(async () => {
        const unknown = "/twilio/messaging/teleporters/read";
        expectConsoleError(
          await create({ type: "restricted", permissions: [MESSAGES_READ, unknown] }),
          400,
          70002,
          `Invalid policy: assertion '${unknown}' is invalid`,
        );
        expectConsoleError(
          await create({ type: "restricted", permissions: ALL_PERMISSIONS.slice(0, 101) }),
          400,
          70002,
          "Policy may hold at most 100 permissions; it has 101",
        );
        for (const permissions of [undefined, []]) {
          expectConsoleError(
            await create({ type: "restricted", ...(permissions !== undefined && { permissions }) }),
            400,
            70002,
            "A restricted key needs at least one permission",
          );
        }
        expectConsoleError(await create({ type: "restricted", permissions: [1] }), 400, 70002);
        expectConsoleError(
          await create({ type: "restricted", permissions: MESSAGES_READ }),
          400,
          20001,
          "Invalid parameter: permissions must be an array of strings",
        );
      });
    });

    it("refuses permissions on a Standard or Main key with 400/70002, writing nothing", async () => {
      await expectNothingWritten(async () => {
        for (const type of ["standard", "main"]) {
          expectConsoleError(
            await create({ type, permissions: [MESSAGES_READ] }),
            400,
            70002,
            "permissions can only be given for a restricted key",
          );
        }
      });
    });
  });

  describe("GET /console/api/regions/:region/keys/:sid", () => {
    it("answers the key, without its secret", async () => {
      const { key, secret } = await consoleKey(server, owner, { type: "standard", friendly_name: "read me" });
      const response = await consoleRequest(server, owner, "GET", keyPath(key.sid));
      expect(response.status).toBe(200);
      expect(response.json).toEqual(key);
      expect(response.text).not.toContain(secret);
    });

    it("answers 404 for an unknown or malformed SID, another account's key and a subaccount's key", async () => {
      const other = await server.createOtherAccount();
      const otherKey = await server.request("POST", "/v1/Keys", {
        auth: { user: other.accountSid, password: other.authToken },
        form: { AccountSid: other.accountSid, FriendlyName: "theirs" },
      });
      expect(otherKey.status).toBe(201);
      const sub = await server.request("POST", "/2010-04-01/Accounts.json", {
        auth: ownerAuth(server),
        form: { FriendlyName: "sub with a key" },
      });
      const subKey = await server.request("POST", "/v1/Keys", {
        auth: ownerAuth(server),
        form: { AccountSid: sub.json.sid, FriendlyName: "sub key" },
      });
      expect(subKey.status).toBe(201);
      for (const sid of [`SK${"0".repeat(32)}`, "SK123", `SK${"G".repeat(32)}`, otherKey.json.sid, subKey.json.sid]) {
        expectConsoleError(await consoleRequest(server, owner, "GET", keyPath(sid)), 404, 20404);
      }
    });
  });

  describe("POST /console/api/regions/:region/keys/:sid", () => {
    it("renames a key, as the REST API then shows", async () => {
      const { key } = await consoleKey(server, owner, { type: "standard", friendly_name: "before" });
      const response = await consoleRequest(server, owner, "POST", keyPath(key.sid), { friendly_name: "after" });
      expect(response.status).toBe(200);
      expect(response.json).toEqual({ ...key, friendly_name: "after", date_updated: expect.stringMatching(ISO) });
      expect((await restFetch(key.sid)).json.friendly_name).toBe("after");
      const cleared = await consoleRequest(server, owner, "POST", keyPath(key.sid), { friendly_name: "" });
      expect(cleared.json.friendly_name).toBeNull();
    });

    it("renames a Main key", async () => {
      const { key } = await consoleKey(server, owner, { type: "main", friendly_name: "main before" });
      const response = await consoleRequest(server, owner, "POST", keyPath(key.sid), { friendly_name: "main after" });
      expect({ status: response.status, name: response.json.friendly_name }).toEqual({
        status: 200,
        name: "main after",
      });
    });

    it("replaces a Restricted key's permissions (replace-on-save), as the REST API then enforces", async () => {
      const { key, secret } = await consoleKey(server, owner, {
        type: "restricted",
        friendly_name: "perms",
        permissions: [KEYS_LIST, MESSAGES_READ],
      });
      const response = await consoleRequest(server, owner, "POST", keyPath(key.sid), {
        friendly_name: "perms renamed",
        permissions: [KEYS_READ],
      });
      expect(response.status).toBe(200);
      expect(response.json).toMatchObject({ friendly_name: "perms renamed", permissions: [KEYS_READ] });
      expect((await restFetch(key.sid)).json.policy).toEqual({ allow: [KEYS_READ] });
      const auth = { user: key.sid, password: secret };
      expect((await server.request("GET", `/v1/Keys/${key.sid}`, { auth })).status).toBe(200);
      expect((await server.request("GET", `/v1/Keys?AccountSid=${server.accountSid}`, { auth })).status).toBe(403);
    });

    it("refuses permissions on a Standard key with 400/70002 and bad input with 400, writing nothing", async () => {
      const { key } = await consoleKey(server, owner, { type: "standard", friendly_name: "no perms" });
      const restricted = await consoleKey(server, owner, {
        type: "restricted",
        friendly_name: "some perms",
        permissions: [MESSAGES_READ],
      });
      await expectNothingWritten(async () => {
        expectConsoleError(
          await consoleRequest(server, owner, "POST", keyPath(key.sid), { permissions: [MESSAGES_READ] }),
          400,
          70002,
          "Policy can only be set on a restricted key",
        );
        expectConsoleError(
          await consoleRequest(server, owner, "POST", keyPath(key.sid), {}),
          400,
          20001,
          "Give friendly_name, permissions or both",
        );
        expectConsoleError(
          await consoleRequest(server, owner, "POST", keyPath(key.sid), { friendly_name: "n".repeat(65) }),
          400,
          20002,
        );
        expectConsoleError(
          await consoleRequest(server, owner, "POST", keyPath(restricted.key.sid), { permissions: [] }),
          400,
          70002,
        );
        expectConsoleError(
          await consoleRequest(server, owner, "POST", keyPath(restricted.key.sid), {
            permissions: ALL_PERMISSIONS.slice(0, 101),
          }),
          400,
          70002,
          "Policy may hold at most 100 permissions; it has 101",
        );
      });
    });

    it("answers 404 for another account's key and changes nothing", async () => {
      const other = await server.createOtherAccount();
      const auth = { user: other.accountSid, password: other.authToken };
      const theirs = await server.request("POST", "/v1/Keys", {
        auth,
        form: { AccountSid: other.accountSid, FriendlyName: "theirs" },
      });
      const path = keyPath(theirs.json.sid);
      expectConsoleError(await consoleRequest(server, owner, "POST", path, { friendly_name: "mine now" }), 404, 20404);
      expectConsoleError(await consoleRequest(server, owner, "DELETE", path), 404, 20404);
      const after = await server.request("GET", `/v1/Keys/${theirs.json.sid}`, { auth });
      expect({ status: after.status, name: after.json.friendly_name }).toEqual({ status: 200, name: "theirs" });
    });
  });

  describe("DELETE /console/api/regions/:region/keys/:sid", () => {
    it("revokes the key: 204, then its secret gets 401 on the REST API and the console answers 404", async () => {
      for (const type of ["standard", "main"]) {
        const { key, secret } = await consoleKey(server, owner, { type, friendly_name: `doomed ${type}` });
        const auth = { user: key.sid, password: secret };
        expect(await gatewayStatus(server, auth)).toBe(204);
        const response = await consoleRequest(server, owner, "DELETE", keyPath(key.sid));
        expect(response.status).toBe(204);
        expect(response.text).toBe("");
        expect(await gatewayStatus(server, auth)).toBe(401);
        expectAuthenticate(await server.request("GET", `/v1/Keys?AccountSid=${server.accountSid}`, { auth }));
        expectConsoleError(await consoleRequest(server, owner, "GET", keyPath(key.sid)), 404, 20404);
        expectConsoleError(await consoleRequest(server, owner, "DELETE", keyPath(key.sid)), 404, 20404);
      }
    });
  });

  describe("regions", () => {
    it("answers 404/20404 naming the region for a region the deployment does not serve", async () => {
      const message = "The region eu9 is not served by this Latchkey deployment (it serves us1, ie1)";
      await expectNothingWritten(async () => {
        expectConsoleError(await keys("", "eu9"), 404, 20404, message);
        expectConsoleError(await create({ type: "standard", friendly_name: "x" }, "eu9"), 404, 20404, message);
        expectConsoleError(
          await consoleRequest(server, owner, "GET", keyPath(`SK${"0".repeat(32)}`, "eu9")),
          404,
          20404,
          message,
        );
        expectConsoleError(
          await keys("", "%3Cscript%3E"),
          404,
          20404,
          "That region is not served by this Latchkey deployment (it serves us1, ie1)",
        );
      });
    });

    it("keeps a key of ie1 in ie1: not listed, read, changed or deleted through us1", async () => {
      const { key, secret } = await consoleKey(
        server,
        owner,
        { type: "standard", friendly_name: "dublin only" },
        "ie1",
      );
      expect(key.region).toBe("ie1");
      expect((await keys("search=dublin%20only")).json.keys).toEqual([]);
      expect((await keys("search=dublin%20only", "ie1")).json.keys).toEqual([key]);
      expectConsoleError(await consoleRequest(server, owner, "GET", keyPath(key.sid)), 404, 20404);
      expectConsoleError(
        await consoleRequest(server, owner, "POST", keyPath(key.sid), { friendly_name: "x" }),
        404,
        20404,
      );
      expectConsoleError(await consoleRequest(server, owner, "DELETE", keyPath(key.sid)), 404, 20404);
      expect((await consoleRequest(server, owner, "GET", keyPath(key.sid, "ie1"))).json).toEqual(key);
      // Its secret works in ie1 only.
      const auth = { user: key.sid, password: secret };
      expect(await gatewayStatus(server, auth, "ie1")).toBe(204);
      expect(await gatewayStatus(server, auth, "us1")).toBe(401);
    });
  });
});

describe("console API keys: keyset paging", () => {
  let server: TestServer;
  let owner: ConsoleSignIn;
  let made: string[];
  beforeAll(async () => {
    server = await startTestServer();
    owner = await signedInAs(server, "developer");
    made = [];
    for (let index = 0; index < 120; index += 1) {
      const body = index % 3 === 0 ? { type: "restricted", permissions: [MESSAGES_READ] } : { type: "standard" };
      made.push((await consoleKey(server, owner, { ...body, friendly_name: `bulk ${index}` })).key.sid);
    }
  });
  afterAll(() => server.close());

  const pageThrough = async (query: string): Promise<{ sids: string[]; sizes: number[] }> => {
    const sids: string[] = [];
    const sizes: number[] = [];
    let token: string | null = null;
    do {
      const tokenQuery: string = token === null ? "" : `&page_token=${encodeURIComponent(token)}`;
      const response = await consoleRequest(server, owner, "GET", `${regionPath("us1", "keys")}?${query}${tokenQuery}`);
      expect(response.status).toBe(200);
      sids.push(...response.json.keys.map((key: { sid: string }) => key.sid));
      sizes.push(response.json.keys.length);
      token = response.json.next_page_token;
    } while (token !== null && sizes.length < 20);
    return { sids, sizes };
  };

  it("pages through 120 keys 50 at a time, newest first, with no duplicate and no gap", async () => {
    const { sids, sizes } = await pageThrough("page_size=50");
    expect(sizes).toEqual([50, 50, 20]);
    expect(new Set(sids).size).toBe(120);
    expect(sids).toEqual([...made].reverse());
  });

  it("pages 50 at a time by default, and 7 at a time when asked", async () => {
    const first = await consoleRequest(server, owner, "GET", regionPath("us1", "keys"));
    expect(first.json.keys).toHaveLength(50);
    expect(first.json.next_page_token).toEqual(expect.any(String));
    const { sids, sizes } = await pageThrough("page_size=7");
    expect(sizes).toEqual([...Array(17).fill(7), 1]);
    expect(sids).toEqual([...made].reverse());
  });

  it("pages through a type filter and a search without losing their filter", async () => {
    const restricted = await pageThrough("type=restricted&page_size=15");
    expect(restricted.sids).toEqual(made.filter((_sid, index) => index % 3 === 0).reverse());
    expect(restricted.sizes).toEqual([15, 15, 10]);
    // "bulk 1", "bulk 10".."bulk 19", "bulk 100".."bulk 119".
    const searched = await pageThrough("search=bulk%201&page_size=10");
    const expected = made.filter((_sid, index) => String(index).startsWith("1")).reverse();
    expect(searched.sids).toEqual(expected);
    expect(searched.sids).toHaveLength(31);
  });

  it("answers an empty page, not an error, once the list is read to its end", async () => {
    const all = await consoleRequest(server, owner, "GET", `${regionPath("us1", "keys")}?page_size=200`);
    expect({ count: all.json.keys.length, next: all.json.next_page_token }).toEqual({ count: 120, next: null });
  });
});
