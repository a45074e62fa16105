import { describe, expect, it } from "vitest";
import {
  createKeyV1,
  createRestrictedKey,
  createStandardKey,
  EXAMPLE_DATE,
  expectAuthenticate,
  expectNotFound,
  expectTwilioError,
  KEY_SECRET,
  KEY_SID,
  onOrigin,
  snapshot,
  storedKeys,
} from "../support/route-fixtures.js";
import { useServer } from "../support/use-server.js";

const MESSAGES_READ = "/twilio/messaging/messages/read";
const KEYS_LIST = "/twilio/iam/api-keys/list";
const KEYS_CREATE = "/twilio/iam/api-keys/create";

describe("iam v1 Keys", () => {
  const { server, owner, clock } = useServer({ fakeClock: true });

  const listPath = () => `/v1/Keys?AccountSid=${server.accountSid}`;

  describe("succeeds", () => {
    it("creates a standard key with 201, its secret and a null policy", async () => {
      const response = await server.request("POST", "/v1/Keys", {
        auth: owner,
        form: { AccountSid: server.accountSid, FriendlyName: "ci" },
      });
      expect(response.status).toBe(201);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      expect(response.json).toEqual({
        sid: expect.stringMatching(KEY_SID),
        friendly_name: "ci",
        date_created: EXAMPLE_DATE,
        date_updated: EXAMPLE_DATE,
        secret: expect.stringMatching(KEY_SECRET),
        policy: null,
      });
      const [stored] = await storedKeys(server);
      expect(stored).toMatchObject({ sid: response.json.sid, type: "standard", policy: null, friendlyName: "ci" });
    });

    it("creates a restricted key whose policy is returned as an object and whose secret authenticates", async () => {
      const response = await server.request("POST", "/v1/Keys", {
        auth: owner,
        form: {
          AccountSid: server.accountSid,
          KeyType: "restricted",
          Policy: JSON.stringify({ allow: [KEYS_LIST, MESSAGES_READ] }),
        },
      });
      expect(response.status).toBe(201);
      expect(response.json).toEqual({
        sid: expect.stringMatching(KEY_SID),
        friendly_name: null,
        date_created: EXAMPLE_DATE,
        date_updated: EXAMPLE_DATE,
        secret: expect.stringMatching(KEY_SECRET),
        policy: { allow: [KEYS_LIST, MESSAGES_READ] },
      });
      const list = await server.request("GET", listPath(), {
        auth: { user: response.json.sid, password: response.json.secret },
      });
      expect(list.status).toBe(200);
    });

    it("stores null when FriendlyName is omitted and accepts exactly 64 characters", async () => {
      const unnamed = await createKeyV1(server, owner);
      expect(unnamed.body.friendly_name).toBeNull();
      const named = await createKeyV1(server, owner, { FriendlyName: "n".repeat(64) });
      expect(named.body.friendly_name).toBe("n".repeat(64));
    });

    it("accepts a form body declared with a charset", async () => {
      const response = await server.request("POST", "/v1/Keys", {
        auth: owner,
        form: { AccountSid: server.accountSid, FriendlyName: "é ü" },
        headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
      });
      expect(response.status).toBe(201);
      expect(response.json.friendly_name).toBe("é ü");
    });

    it("fetches a key with 200 and its policy but never its secret", async () => {
      const key = await createRestrictedKey(server, [MESSAGES_READ]);
      const response = await server.request("GET", `/v1/Keys/${key.sid}`, { auth: owner });
      expect(response.status).toBe(200);
      expect(response.json).toEqual({
        sid: key.sid,
        friendly_name: "restricted",
        date_created: EXAMPLE_DATE,
        date_updated: EXAMPLE_DATE,
        policy: { allow: [MESSAGES_READ] },
      });
      expect(response.text).not.toContain(key.password);
    });

    it("updates FriendlyName with 200, a new date_updated and no secret", async () => {
      const key = await createStandardKey(server, "before");
      clock.advance(90_000);
      const response = await server.request("POST", `/v1/Keys/${key.sid}`, {
        auth: owner,
        form: { FriendlyName: "after" },
      });
      expect(response.status).toBe(200);
      expect(response.json).toEqual({
        sid: key.sid,
        friendly_name: "after",
        date_created: EXAMPLE_DATE,
        date_updated: "Mon, 13 Jun 2016 22:51:38 +0000",
        policy: null,
      });
      const fetched = await server.request("GET", `/v1/Keys/${key.sid}`, { auth: owner });
      expect(fetched.json).toEqual(response.json);
    });

    it("clears FriendlyName when it is updated to an empty string", async () => {
      const key = await createStandardKey(server, "named");
      const response = await server.request("POST", `/v1/Keys/${key.sid}`, { auth: owner, form: { FriendlyName: "" } });
      expect(response.status).toBe(200);
      expect(response.json.friendly_name).toBeNull();
    });

    it("replaces the whole policy when an update carries Policy", async () => {
      const key = await createRestrictedKey(server, [MESSAGES_READ, KEYS_LIST]);
      const response = await server.request("POST", `/v1/Keys/${key.sid}`, {
        auth: owner,
        form: { Policy: JSON.stringify({ allow: ["/twilio/voice/calls/read"] }) },
      });
      expect(response.status).toBe(200);
      expect(response.json.policy).toEqual({ allow: ["/twilio/voice/calls/read"] });
      const [stored] = await storedKeys(server);
      expect(stored?.policy).toEqual({ allow: ["/twilio/voice/calls/read"] });
    });

    it("keeps the policy when an update carries only FriendlyName", async () => {
      const key = await createRestrictedKey(server, [MESSAGES_READ]);
      const response = await server.request("POST", `/v1/Keys/${key.sid}`, {
        auth: owner,
        form: { FriendlyName: "renamed" },
      });
      expect(response.json).toMatchObject({ friendly_name: "renamed", policy: { allow: [MESSAGES_READ] } });
    });

    it("applies a policy update from the very next request", async () => {
      const key = await createRestrictedKey(server, [KEYS_LIST]);
      expect((await server.request("GET", listPath(), { auth: key })).status).toBe(200);

      const narrowed = await server.request("POST", `/v1/Keys/${key.sid}`, {
        auth: owner,
        form: { Policy: JSON.stringify({ allow: [MESSAGES_READ] }) },
      });
      expect(narrowed.status).toBe(200);
      expectTwilioError(await server.request("GET", listPath(), { auth: key }), 403, 70051);

      await server.request("POST", `/v1/Keys/${key.sid}`, {
        auth: owner,
        form: { Policy: JSON.stringify({ allow: ["/twilio/iam/api-keys/*"] }) },
      });
      expect((await server.request("GET", listPath(), { auth: key })).status).toBe(200);
    });

    it("deletes a key with 204 and an empty body; the key fails on the very next request", async () => {
      const key = await createRestrictedKey(server, [KEYS_LIST]);
      expect((await server.request("GET", listPath(), { auth: key })).status).toBe(200);

      const response = await server.request("DELETE", `/v1/Keys/${key.sid}`, { auth: owner });
      expect(response.status).toBe(204);
      expect(response.text).toBe("");

      expectAuthenticate(await server.request("GET", listPath(), { auth: key }));
      expectNotFound(await server.request("GET", `/v1/Keys/${key.sid}`, { auth: owner }), `/v1/Keys/${key.sid}`);
      expect(await storedKeys(server)).toEqual([]);
    });

    it("lists keys newest update first, with flags and without policy or secret", async () => {
      const main = await server.createMainKey("main");
      clock.advance(1000);
      const standard = await createStandardKey(server, "standard");
      clock.advance(1000);
      const restricted = await createRestrictedKey(server, [MESSAGES_READ]);

      const response = await server.request("GET", listPath(), { auth: owner });
      expect(response.status).toBe(200);
      expect(response.json.keys).toEqual([
        {
          sid: restricted.sid,
          friendly_name: "restricted",
          date_created: "Mon, 13 Jun 2016 22:50:10 +0000",
          date_updated: "Mon, 13 Jun 2016 22:50:10 +0000",
          flags: ["rest_api", "restricted"],
        },
        {
          sid: standard.sid,
          friendly_name: "standard",
          date_created: "Mon, 13 Jun 2016 22:50:09 +0000",
          date_updated: "Mon, 13 Jun 2016 22:50:09 +0000",
          flags: ["rest_api", "signing"],
        },
        {
          sid: main.sid,
          friendly_name: "main",
          date_created: EXAMPLE_DATE,
          date_updated: EXAMPLE_DATE,
          flags: ["rest_api", "signing", "manage_accounts", "manage_keys"],
        },
      ]);
      for (const secret of [main.secret, standard.password, restricted.password]) {
        expect(response.text).not.toContain(secret);
      }
    });

    it("moves an updated key to the front of the list", async () => {
      const older = await createStandardKey(server, "older");
      clock.advance(1000);
      const newer = await createStandardKey(server, "newer");
      clock.advance(1000);
      await server.request("POST", `/v1/Keys/${older.sid}`, { auth: owner, form: { FriendlyName: "touched" } });
      const response = await server.request("GET", listPath(), { auth: owner });
      expect(response.json.keys.map((key: { sid: string }) => key.sid)).toEqual([older.sid, newer.sid]);
    });

    it("answers a list with meta paging on absolute URLs of its own origin, keeping AccountSid", async () => {
      const response = await server.request("GET", listPath(), { auth: owner });
      const first = `${server.url}/v1/Keys?AccountSid=${server.accountSid}&PageSize=50&Page=0`;
      expect(response.json).toEqual({
        keys: [],
        meta: {
          page: 0,
          page_size: 50,
          first_page_url: first,
          previous_page_url: null,
          url: first,
          next_page_url: null,
          key: "keys",
        },
      });
    });

    it("walks every page forward by next_page_url and back by previous_page_url", async () => {
      const created: string[] = [];
      for (let index = 0; index < 5; index += 1) {
        created.unshift((await createStandardKey(server, `key ${index}`)).sid);
        clock.advance(1000);
      }
      const pages: { sids: string[]; meta: any }[] = [];
      let path: string | null = `${listPath()}&PageSize=2`;
      while (path !== null) {
        const response = await server.request("GET", path, { auth: owner });
        expect(response.status).toBe(200);
        pages.push({ sids: response.json.keys.map((key: { sid: string }) => key.sid), meta: response.json.meta });
        const next: string | null = response.json.meta.next_page_url;
        path = next === null ? null : onOrigin(server, next);
      }
      expect(pages.map((page) => page.sids)).toEqual([created.slice(0, 2), created.slice(2, 4), created.slice(4)]);
      expect(pages.map((page) => page.meta.page)).toEqual([0, 1, 2]);
      for (const { meta } of pages) {
        expect(meta.page_size).toBe(2);
        const url = new URL(meta.url);
        expect(url.searchParams.get("AccountSid")).toBe(server.accountSid);
        expect(meta.first_page_url).toBe(`${server.url}/v1/Keys?AccountSid=${server.accountSid}&PageSize=2&Page=0`);
      }
      expect(pages[0]?.meta.previous_page_url).toBeNull();

      const back: { sids: string[]; meta: any }[] = [];
      let previous: string | null = pages[2]?.meta.previous_page_url ?? null;
      while (previous !== null) {
        const response = await server.request("GET", onOrigin(server, previous), { auth: owner });
        back.push({ sids: response.json.keys.map((key: { sid: string }) => key.sid), meta: response.json.meta });
        previous = response.json.meta.previous_page_url;
      }
      expect(back.map((page) => page.sids)).toEqual([created.slice(2, 4), created.slice(0, 2)]);
      expect(back.map((page) => page.meta.page)).toEqual([1, 0]);

      const forwardAgain = await server.request("GET", onOrigin(server, back[0]?.meta.next_page_url), { auth: owner });
      expect(forwardAgain.json.keys.map((key: { sid: string }) => key.sid)).toEqual(created.slice(4));
    });

    it("lets a restricted key holding api-keys/create create restricted keys within its policy only", async () => {
      const creator = await createRestrictedKey(server, [KEYS_CREATE, MESSAGES_READ]);
      const standard = await server.request("POST", "/v1/Keys", {
        auth: creator,
        form: { AccountSid: server.accountSid, FriendlyName: "made by a key" },
      });
      expectTwilioError(standard, 403, 70051);
      const restricted = await server.request("POST", "/v1/Keys", {
        auth: creator,
        form: {
          AccountSid: server.accountSid,
          KeyType: "restricted",
          Policy: JSON.stringify({ allow: [MESSAGES_READ] }),
        },
      });
      expect(restricted.status).toBe(201);
      expect(restricted.json.policy).toEqual({ allow: [MESSAGES_READ] });
    });
  });

  describe("rejects bad input", () => {
    it("refuses KeyType=main from a restricted key holding api-keys/create, writing nothing", async () => {
      const creator = await createRestrictedKey(server, [KEYS_CREATE]);
      const before = await snapshot(server);
      const response = await server.request("POST", "/v1/Keys", {
        auth: creator,
        form: { AccountSid: server.accountSid, KeyType: "main" },
      });
      expectTwilioError(response, 400, 70001);
      expect(await snapshot(server)).toEqual(before);
    });

    it("refuses KeyType=main from the account's auth token, writing nothing", async () => {
      const before = await snapshot(server);
      const response = await server.request("POST", "/v1/Keys", {
        auth: owner,
        form: { AccountSid: server.accountSid, KeyType: "main" },
      });
      expectTwilioError(response, 400, 70001);
      expect(await snapshot(server)).toEqual(before);
    });

    it("refuses Policy on an update of a standard key with 400/70002, writing nothing", async () => {
      const key = await createStandardKey(server);
      const before = await snapshot(server);
      const response = await server.request("POST", `/v1/Keys/${key.sid}`, {
        auth: owner,
        form: { Policy: JSON.stringify({ allow: [MESSAGES_READ] }) },
      });
      expect(expectTwilioError(response, 400, 70002)).toBe("Policy can only be set on a restricted key");
      expect(await snapshot(server)).toEqual(before);
    });

    it("refuses Policy on the create of a standard key with 400/70002, writing nothing", async () => {
      const before = await snapshot(server);
      const response = await server.request("POST", "/v1/Keys", {
        auth: owner,
        form: { AccountSid: server.accountSid, Policy: JSON.stringify({ allow: [MESSAGES_READ] }) },
      });
      expectTwilioError(response, 400, 70002);
      expect(await snapshot(server)).toEqual(before);
    });

    it("refuses KeyType=restricted without a Policy with 400/70002, writing nothing", async () => {
      const before = await snapshot(server);
      const response = await server.request("POST", "/v1/Keys", {
        auth: owner,
        form: { AccountSid: server.accountSid, KeyType: "restricted" },
      });
      expectTwilioError(response, 400, 70002);
      expect(await snapshot(server)).toEqual(before);
    });

    it("refuses a create without AccountSid with 400/20001, writing nothing", async () => {
      const before = await snapshot(server);
      const response = await server.request("POST", "/v1/Keys", { auth: owner, form: { FriendlyName: "x" } });
      expect(expectTwilioError(response, 400, 20001)).toBe("Missing required parameter AccountSid in the post body");
      expect(await snapshot(server)).toEqual(before);
    });

    it("refuses a list without AccountSid with 400/20001", async () => {
      const response = await server.request("GET", "/v1/Keys", { auth: owner });
      expect(expectTwilioError(response, 400, 20001)).toBe("Missing required parameter AccountSid in the query");
    });
  });

  describe("authorization", () => {
    it("returns 404 for a key of another account", async () => {
      const other = await server.createOtherAccount();
      const otherAuth = { user: other.accountSid, password: other.authToken };
      const response = await server.request("POST", "/v1/Keys", {
        auth: otherAuth,
        form: { AccountSid: other.accountSid, FriendlyName: "theirs" },
      });
      expect(response.status).toBe(201);
      const theirs: string = response.json.sid;
      const before = await snapshot(server);

      expectNotFound(await server.request("GET", `/v1/Keys/${theirs}`, { auth: owner }), `/v1/Keys/${theirs}`);
      expectNotFound(
        await server.request("POST", `/v1/Keys/${theirs}`, { auth: owner, form: { FriendlyName: "mine now" } }),
        `/v1/Keys/${theirs}`,
      );
      expectNotFound(await server.request("DELETE", `/v1/Keys/${theirs}`, { auth: owner }), `/v1/Keys/${theirs}`);
      expect(await snapshot(server)).toEqual(before);
      expect((await storedKeys(server, other.accountSid)).map((key) => key.friendlyName)).toEqual(["theirs"]);
    });

    it("returns 404 when listing or creating keys for another account", async () => {
      const other = await server.createOtherAccount();
      const before = await snapshot(server);
      expectNotFound(
        await server.request("GET", `/v1/Keys?AccountSid=${other.accountSid}`, { auth: owner }),
        "/v1/Keys",
      );
      expectNotFound(
        await server.request("POST", "/v1/Keys", { auth: owner, form: { AccountSid: other.accountSid } }),
        "/v1/Keys",
      );
      expect(await snapshot(server)).toEqual(before);
      expect(await storedKeys(server, other.accountSid)).toEqual([]);
    });

    it("returns 403 naming the permission for a restricted key that may list but not read", async () => {
      const key = await createRestrictedKey(server, [KEYS_LIST]);
      const response = await server.request("GET", `/v1/Keys/${key.sid}`, { auth: key });
      expect(expectTwilioError(response, 403, 70051)).toBe(
        "Authorization Failed: the API key lacks the permission '/twilio/iam/api-keys/read'",
      );
    });

    it("returns 401 for a standard key managing keys", async () => {
      const key = await createStandardKey(server);
      expectAuthenticate(await server.request("GET", listPath(), { auth: key }));
    });
  });
});
