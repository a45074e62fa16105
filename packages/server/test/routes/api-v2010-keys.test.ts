import { describe, expect, it } from "vitest";
import {
  createRestrictedKey,
  createStandardKey,
  EXAMPLE_DATE,
  expectAuthenticate,
  expectNotFound,
  expectTwilioError,
  KEY_SECRET,
  KEY_SID,
  snapshot,
  storedKeys,
} from "../support/route-fixtures.js";
import { useServer } from "../support/use-server.js";

const RESOURCES = [
  { segment: "Keys", listKey: "keys" },
  { segment: "SigningKeys", listKey: "signing_keys" },
] as const;

describe.each(RESOURCES)("2010-04-01 $segment", ({ segment, listKey }) => {
  const { server, owner, clock } = useServer({ fakeClock: true });

  const collection = (accountSid = server.accountSid) => `/2010-04-01/Accounts/${accountSid}/${segment}.json`;
  const instance = (sid: string, accountSid = server.accountSid) =>
    `/2010-04-01/Accounts/${accountSid}/${segment}/${sid}.json`;
  const sidsOf = (body: any): string[] => body[listKey].map((key: { sid: string }) => key.sid);

  describe("succeeds", () => {
    it("creates a standard key with 201 and its secret, without policy or flags", async () => {
      const response = await server.request("POST", collection(), { auth: owner, form: { FriendlyName: "signer" } });
      expect(response.status).toBe(201);
      expect(response.json).toEqual({
        sid: expect.stringMatching(KEY_SID),
        friendly_name: "signer",
        date_created: EXAMPLE_DATE,
        date_updated: EXAMPLE_DATE,
        secret: expect.stringMatching(KEY_SECRET),
      });
      const [stored] = await storedKeys(server);
      expect(stored).toMatchObject({ sid: response.json.sid, type: "standard", policy: null });
    });

    it("creates an unnamed key from an empty body", async () => {
      const response = await server.request("POST", collection(), { auth: owner });
      expect(response.status).toBe(201);
      expect(response.json.friendly_name).toBeNull();
    });

    it("ignores KeyType and Policy and makes a standard key", async () => {
      const response = await server.request("POST", collection(), {
        auth: owner,
        form: {
          FriendlyName: "not restricted",
          KeyType: "restricted",
          Policy: JSON.stringify({ allow: ["/twilio/messaging/messages/read"] }),
        },
      });
      expect(response.status).toBe(201);
      expect(Object.keys(response.json).sort()).toEqual([
        "date_created",
        "date_updated",
        "friendly_name",
        "secret",
        "sid",
      ]);
      const [stored] = await storedKeys(server);
      expect(stored).toMatchObject({ type: "standard", policy: null });
      const v1 = await server.request("GET", `/v1/Keys/${response.json.sid}`, { auth: owner });
      expect(v1.json.policy).toBeNull();
    });

    it("ignores KeyType=main too", async () => {
      const response = await server.request("POST", collection(), { auth: owner, form: { KeyType: "main" } });
      expect(response.status).toBe(201);
      expect((await storedKeys(server))[0]?.type).toBe("standard");
    });

    it("fetches a key with 200 and no secret or policy", async () => {
      const key = await createRestrictedKey(server, ["/twilio/messaging/messages/read"]);
      const response = await server.request("GET", instance(key.sid), { auth: owner });
      expect(response.status).toBe(200);
      expect(response.json).toEqual({
        sid: key.sid,
        friendly_name: "restricted",
        date_created: EXAMPLE_DATE,
        date_updated: EXAMPLE_DATE,
      });
    });

    it("updates FriendlyName with 200 and no secret, keeping a restricted key's policy", async () => {
      const key = await createRestrictedKey(server, ["/twilio/messaging/messages/read"]);
      clock.advance(60_000);
      const response = await server.request("POST", instance(key.sid), {
        auth: owner,
        form: { FriendlyName: "renamed", Policy: JSON.stringify({ allow: ["/twilio/voice/calls/read"] }) },
      });
      expect(response.status).toBe(200);
      expect(response.json).toEqual({
        sid: key.sid,
        friendly_name: "renamed",
        date_created: EXAMPLE_DATE,
        date_updated: "Mon, 13 Jun 2016 22:51:08 +0000",
      });
      expect((await storedKeys(server))[0]?.policy).toEqual({ allow: ["/twilio/messaging/messages/read"] });
    });

    it("deletes a key with 204 and an empty body; it fails authentication on the next request", async () => {
      const key = await createRestrictedKey(server, ["/twilio/iam/api-keys/list"]);
      expect((await server.request("GET", collection(), { auth: key })).status).toBe(200);
      const response = await server.request("DELETE", instance(key.sid), { auth: owner });
      expect(response.status).toBe(204);
      expect(response.text).toBe("");
      expectAuthenticate(await server.request("GET", collection(), { auth: key }));
      expectNotFound(await server.request("GET", instance(key.sid), { auth: owner }), instance(key.sid));
    });

    it("lists every key of the account, restricted ones included, with 2010 paging fields", async () => {
      const standard = await createStandardKey(server, "standard");
      clock.advance(1000);
      const restricted = await createRestrictedKey(server, ["/twilio/messaging/messages/read"]);
      const response = await server.request("GET", collection(), { auth: owner });
      expect(response.status).toBe(200);
      const uri = `${collection()}?PageSize=50&Page=0`;
      expect(response.json).toEqual({
        [listKey]: [
          {
            sid: restricted.sid,
            friendly_name: "restricted",
            date_created: "Mon, 13 Jun 2016 22:50:09 +0000",
            date_updated: "Mon, 13 Jun 2016 22:50:09 +0000",
          },
          { sid: standard.sid, friendly_name: "standard", date_created: EXAMPLE_DATE, date_updated: EXAMPLE_DATE },
        ],
        first_page_uri: uri,
        previous_page_uri: null,
        next_page_uri: null,
        uri,
        page: 0,
        page_size: 50,
        start: 0,
        end: 1,
      });
    });

    it("answers an empty list with start 0 and end 0", async () => {
      const response = await server.request("GET", collection(), { auth: owner });
      expect(response.json).toMatchObject({ [listKey]: [], start: 0, end: 0, page: 0, page_size: 50 });
    });

    it("walks every page forward by next_page_uri and back by previous_page_uri", async () => {
      const created: string[] = [];
      for (let index = 0; index < 5; index += 1) {
        created.unshift((await createStandardKey(server, `key ${index}`)).sid);
        clock.advance(1000);
      }
      const pages: any[] = [];
      let path: string | null = `${collection()}?PageSize=2`;
      while (path !== null) {
        const response = await server.request("GET", path, { auth: owner });
        expect(response.status).toBe(200);
        pages.push(response.json);
        path = response.json.next_page_uri;
      }
      expect(pages.map(sidsOf)).toEqual([created.slice(0, 2), created.slice(2, 4), created.slice(4)]);
      expect(pages.map((page) => [page.page, page.page_size, page.start, page.end])).toEqual([
        [0, 2, 0, 1],
        [1, 2, 2, 3],
        [2, 2, 4, 4],
      ]);
      for (const page of pages) {
        expect(page.first_page_uri).toBe(`${collection()}?PageSize=2&Page=0`);
        expect(page.uri).toMatch(new RegExp(`^${collection().replaceAll(".", "\\.")}\\?PageSize=2&Page=${page.page}`));
      }
      expect(pages[0].previous_page_uri).toBeNull();

      const back: any[] = [];
      let previous: string | null = pages[2].previous_page_uri;
      while (previous !== null) {
        const response = await server.request("GET", previous, { auth: owner });
        back.push(response.json);
        previous = response.json.previous_page_uri;
      }
      expect(back.map(sidsOf)).toEqual([created.slice(2, 4), created.slice(0, 2)]);
    });

    it("honours PageSize from 1 to 1000 and defaults to 50", async () => {
      for (const size of [1, 1000]) {
        const response = await server.request("GET", `${collection()}?PageSize=${size}`, { auth: owner });
        expect(response.status).toBe(200);
        expect(response.json.page_size).toBe(size);
      }
    });

    it("shows keys made on the other 2010 resource and through iam v1", async () => {
      const other = segment === "Keys" ? "SigningKeys" : "Keys";
      const made = await server.request("POST", `/2010-04-01/Accounts/${server.accountSid}/${other}.json`, {
        auth: owner,
      });
      clock.advance(1000);
      const v1 = await createStandardKey(server, "v1");
      const response = await server.request("GET", collection(), { auth: owner });
      expect(sidsOf(response.json)).toEqual([v1.sid, made.json.sid]);
      expect((await server.request("GET", instance(made.json.sid), { auth: owner })).status).toBe(200);
    });
  });

  describe("rejects bad input", () => {
    it("refuses a FriendlyName of 65 characters with 400/20002 on create and update, writing nothing", async () => {
      const key = await createStandardKey(server, "kept");
      const before = await snapshot(server);
      const long = "x".repeat(65);
      const created = await server.request("POST", collection(), { auth: owner, form: { FriendlyName: long } });
      expect(expectTwilioError(created, 400, 20002)).toContain("64");
      const updated = await server.request("POST", instance(key.sid), { auth: owner, form: { FriendlyName: long } });
      expectTwilioError(updated, 400, 20002);
      expect(await snapshot(server)).toEqual(before);
    });

    it("answers 404 for a malformed key SID in the path, writing nothing", async () => {
      const before = await snapshot(server);
      for (const sid of ["SK123", `SK${"A".repeat(32)}`, `AC${"0".repeat(32)}`]) {
        expectNotFound(await server.request("GET", instance(sid), { auth: owner }), instance(sid));
        expectNotFound(
          await server.request("POST", instance(sid), { auth: owner, form: { FriendlyName: "x" } }),
          instance(sid),
        );
        expectNotFound(await server.request("DELETE", instance(sid), { auth: owner }), instance(sid));
      }
      expect(await snapshot(server)).toEqual(before);
    });

    it("answers 404 for a malformed account SID in the path, writing nothing", async () => {
      const before = await snapshot(server);
      const lowerPrefix = `ac${server.accountSid.slice(2)}`;
      for (const accountSid of ["ACnope", lowerPrefix, `SK${server.accountSid.slice(2)}`]) {
        expectNotFound(await server.request("GET", collection(accountSid), { auth: owner }), collection(accountSid));
        expectNotFound(await server.request("POST", collection(accountSid), { auth: owner }), collection(accountSid));
      }
      expect(await snapshot(server)).toEqual(before);
    });
  });

  describe("authorization", () => {
    it("returns 404 for a key of another account, even under its own account path", async () => {
      const other = await server.createOtherAccount();
      const otherAuth = { user: other.accountSid, password: other.authToken };
      const theirs = await server.request("POST", collection(other.accountSid), { auth: otherAuth });
      expect(theirs.status).toBe(201);
      const sid: string = theirs.json.sid;
      const before = await snapshot(server);

      for (const path of [instance(sid), instance(sid, other.accountSid)]) {
        expectNotFound(await server.request("GET", path, { auth: owner }), path);
        expectNotFound(await server.request("POST", path, { auth: owner, form: { FriendlyName: "x" } }), path);
        expectNotFound(await server.request("DELETE", path, { auth: owner }), path);
      }
      expect(await snapshot(server)).toEqual(before);
      expect((await storedKeys(server, other.accountSid)).map((key) => key.sid)).toEqual([sid]);
    });

    it("returns 404 for this account's key under another account's path", async () => {
      const other = await server.createOtherAccount();
      const mine = await createStandardKey(server);
      const otherAuth = { user: other.accountSid, password: other.authToken };
      const path = instance(mine.sid, other.accountSid);
      expectNotFound(await server.request("GET", path, { auth: otherAuth }), path);
      expectNotFound(await server.request("DELETE", path, { auth: otherAuth }), path);
      expect((await storedKeys(server)).map((key) => key.sid)).toEqual([mine.sid]);
    });

    it("returns 404 when listing or creating under another account's path", async () => {
      const other = await server.createOtherAccount();
      expectNotFound(
        await server.request("GET", collection(other.accountSid), { auth: owner }),
        collection(other.accountSid),
      );
      expectNotFound(
        await server.request("POST", collection(other.accountSid), { auth: owner }),
        collection(other.accountSid),
      );
      expect(await storedKeys(server, other.accountSid)).toEqual([]);
    });

    it("returns 401 for a standard key and 403 for a restricted key without the permission", async () => {
      const standard = await createStandardKey(server);
      expectAuthenticate(await server.request("GET", collection(), { auth: standard }));
      const restricted = await createRestrictedKey(server, ["/twilio/iam/api-keys/read"]);
      expect(expectTwilioError(await server.request("GET", collection(), { auth: restricted }), 403, 70051)).toBe(
        "Authorization Failed: the API key lacks the permission '/twilio/iam/api-keys/list'",
      );
      expect((await server.request("GET", instance(standard.sid), { auth: restricted })).status).toBe(200);
    });
  });
});
