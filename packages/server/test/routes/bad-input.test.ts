/**
 * Bad input across the Key APIs. Every rejected mutation must leave the store exactly as it was: no
 * key written or changed and no audit row.
 */
import { beforeEach, describe, expect, it } from "vitest";
import knownPermissions from "../../../core/src/data/permissions.json" with { type: "json" };
import {
  createRestrictedKey,
  createStandardKey,
  expectNotFound,
  expectTwilioError,
  type StoreSnapshot,
  snapshot,
} from "../support/route-fixtures.js";
import { useServer } from "../support/use-server.js";

const MESSAGES_READ = "/twilio/messaging/messages/read";

describe("bad input", () => {
  const { server, owner } = useServer();
  let before: StoreSnapshot;
  /** A standard and a restricted key that the update cases aim at. */
  let standardSid: string;
  let restrictedSid: string;
  beforeEach(async () => {
    standardSid = (await createStandardKey(server, "standard")).sid;
    restrictedSid = (await createRestrictedKey(server, [MESSAGES_READ])).sid;
    before = await snapshot(server);
  });

  const expectNothingWritten = async () => {
    expect(await snapshot(server)).toEqual(before);
  };
  const createV1 = (form: Record<string, string | readonly string[]>) =>
    server.request("POST", "/v1/Keys", { auth: owner, form: { AccountSid: server.accountSid, ...form } });
  const v2010 = (segment = "Keys") => `/2010-04-01/Accounts/${server.accountSid}/${segment}.json`;
  const listV1 = (query: string) =>
    server.request("GET", `/v1/Keys?AccountSid=${server.accountSid}&${query}`, { auth: owner });

  describe("SIDs", () => {
    it("answers 404/20404 for a malformed key SID in a v1 path, writing nothing", async () => {
      for (const sid of ["SK123", `SK${"G".repeat(32)}`, `SK${"A".repeat(32)}`, `${standardSid}0`, "%00"]) {
        const path = `/v1/Keys/${sid}`;
        const message = `The requested resource ${path} was not found`;
        for (const method of ["GET", "POST", "DELETE"]) {
          const response = await server.request(method, path, {
            auth: owner,
            ...(method === "POST" && { form: { FriendlyName: "x" } }),
          });
          expect(expectTwilioError(response, 404, 20404), `${method} ${path}`).toBe(message);
        }
      }
      await expectNothingWritten();
    });

    it("answers 404/20404 for an unknown but well-formed key SID", async () => {
      const path = `/v1/Keys/SK${"0".repeat(32)}`;
      expectNotFound(await server.request("DELETE", path, { auth: owner }), path);
      await expectNothingWritten();
    });

    it("answers 400/20001 for a malformed AccountSid parameter on v1 create and list, writing nothing", async () => {
      for (const accountSid of ["AC123", `ac${server.accountSid.slice(2)}`, standardSid, ""]) {
        const created = await server.request("POST", "/v1/Keys", { auth: owner, form: { AccountSid: accountSid } });
        expectTwilioError(created, 400, 20001);
        const listed = await server.request("GET", `/v1/Keys?AccountSid=${accountSid}`, { auth: owner });
        expectTwilioError(listed, 400, 20001);
      }
      await expectNothingWritten();
    });
  });

  describe("FriendlyName", () => {
    const long = "x".repeat(65);

    it("refuses 65 characters on v1 create and update with 400/70001, writing nothing", async () => {
      expect(expectTwilioError(await createV1({ FriendlyName: long }), 400, 70001)).toBe(
        "FriendlyName must be at most 64 characters; it has 65",
      );
      const updated = await server.request("POST", `/v1/Keys/${standardSid}`, {
        auth: owner,
        form: { FriendlyName: long },
      });
      expectTwilioError(updated, 400, 70001);
      await expectNothingWritten();
    });

    it("refuses 65 characters on v2010 Keys and SigningKeys with 400/20002, writing nothing", async () => {
      for (const segment of ["Keys", "SigningKeys"]) {
        const created = await server.request("POST", v2010(segment), { auth: owner, form: { FriendlyName: long } });
        expectTwilioError(created, 400, 20002);
        const path = `/2010-04-01/Accounts/${server.accountSid}/${segment}/${standardSid}.json`;
        const updated = await server.request("POST", path, { auth: owner, form: { FriendlyName: long } });
        expectTwilioError(updated, 400, 20002);
      }
      await expectNothingWritten();
    });
  });

  describe("paging", () => {
    it("refuses PageSize 0, 1001, -1, 1.5 and abc with 400/20001 on both APIs", async () => {
      for (const size of ["0", "1001", "-1", "1.5", "abc", ""]) {
        const query = `PageSize=${size}`;
        expect(expectTwilioError(await listV1(query), 400, 20001), `v1 PageSize=${size}`).toBe(
          "PageSize must be an integer from 1 to 1000",
        );
        const v2 = await server.request("GET", `${v2010()}?${query}`, { auth: owner });
        expectTwilioError(v2, 400, 20001);
      }
    });

    it("refuses a negative or non-numeric Page with 400/20001", async () => {
      for (const page of ["-1", "x"]) expectTwilioError(await listV1(`Page=${page}`), 400, 20001);
    });

    it("refuses a PageToken the server did not issue with 400/21481 on both APIs", async () => {
      const forged = [
        "garbage",
        "PT",
        `PT${Buffer.from("a:1").toString("base64url")}`,
        `PT${Buffer.from(`x:1:${standardSid}`).toString("base64url")}`,
        `PT${Buffer.from(`a:1:${server.accountSid}`).toString("base64url")}`,
        `PT${Buffer.from(`a:soon:${standardSid}`).toString("base64url")}`,
        `PT${"A".repeat(300)}`,
      ];
      for (const token of forged) {
        const query = `PageToken=${encodeURIComponent(token)}`;
        expect(expectTwilioError(await listV1(query), 400, 21481), token).toBe("Invalid PageToken");
        expectTwilioError(await server.request("GET", `${v2010()}?${query}`, { auth: owner }), 400, 21481);
      }
    });
  });

  describe("bodies", () => {
    it("refuses a body over 1 MiB with 413, writing nothing", async () => {
      const response = await server.request("POST", "/v1/Keys", {
        auth: owner,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: `AccountSid=${server.accountSid}&FriendlyName=x&Padding=${"p".repeat(1024 * 1024)}`,
      });
      expect(expectTwilioError(response, 413, 20001)).toBe("Request body is larger than 1 MiB");
      await expectNothingWritten();
    });

    it("refuses JSON, XML and plain-text bodies with 415, writing nothing", async () => {
      const json = JSON.stringify({ AccountSid: server.accountSid, FriendlyName: "json" });
      for (const contentType of ["application/json", "text/xml", "text/plain", "multipart/form-data; boundary=x"]) {
        const response = await server.request("POST", "/v1/Keys", {
          auth: owner,
          headers: { "content-type": contentType },
          body: json,
        });
        expectTwilioError(response, 415, 20001);
        const v2 = await server.request("POST", v2010(), {
          auth: owner,
          headers: { "content-type": contentType },
          body: json,
        });
        expectTwilioError(v2, 415, 20001);
      }
      await expectNothingWritten();
    });

    it("refuses a parameter given twice with 400/20001, writing nothing", async () => {
      expect(expectTwilioError(await createV1({ FriendlyName: ["a", "b"] }), 400, 20001)).toBe(
        "Parameter FriendlyName must be given once",
      );
      const updated = await server.request("POST", `/v1/Keys/${restrictedSid}`, {
        auth: owner,
        form: {
          Policy: [JSON.stringify({ allow: [MESSAGES_READ] }), JSON.stringify({ allow: ["/twilio/voice/calls/read"] })],
        },
      });
      expectTwilioError(updated, 400, 20001);
      const v2 = await server.request("POST", v2010(), { auth: owner, form: { FriendlyName: ["a", "b"] } });
      expectTwilioError(v2, 400, 20001);
      expectTwilioError(await listV1("PageSize=5&PageSize=6"), 400, 20001);
      await expectNothingWritten();
    });

    it("ignores unknown parameters", async () => {
      const response = await createV1({ FriendlyName: "lenient", Unknown: "x", accountsid: "ignored" });
      expect(response.status).toBe(201);
      expect(response.json.friendly_name).toBe("lenient");
      const listed = await listV1("Foo=bar");
      expect(listed.status).toBe(200);
      expect(listed.json.keys).toHaveLength(3);
    });
  });

  describe("KeyType", () => {
    it("refuses KeyType=main with 400/70001, writing nothing", async () => {
      expectTwilioError(await createV1({ KeyType: "main" }), 400, 70001);
      await expectNothingWritten();
    });

    it("refuses an unknown KeyType with 400/20001, writing nothing", async () => {
      for (const keyType of ["other", "Restricted", "auth_token"]) {
        expectTwilioError(await createV1({ KeyType: keyType }), 400, 20001);
      }
      await expectNothingWritten();
    });
  });

  describe("Policy", () => {
    const rejectsPolicy = async (policy: string): Promise<string> => {
      const created = await createV1({ KeyType: "restricted", Policy: policy });
      const message = expectTwilioError(created, 400, 70002);
      const updated = await server.request("POST", `/v1/Keys/${restrictedSid}`, {
        auth: owner,
        form: { Policy: policy },
      });
      expect(expectTwilioError(updated, 400, 70002)).toBe(message);
      await expectNothingWritten();
      return message;
    };

    it("refuses a Policy that is not JSON", async () => {
      expect(await rejectsPolicy("allow=/twilio/messaging/messages/read")).toBe(
        'Policy must be a JSON object such as {"allow":["/twilio/messaging/messages/read"]}',
      );
    });

    it("refuses an empty Policy on create and update", async () => {
      expectTwilioError(await createV1({ KeyType: "restricted", Policy: "" }), 400, 70002);
      const updated = await server.request("POST", `/v1/Keys/${restrictedSid}`, { auth: owner, form: { Policy: "" } });
      expectTwilioError(updated, 400, 70002);
      await expectNothingWritten();
    });

    it("refuses a Policy that is not an object with a non-empty allow array", async () => {
      for (const policy of ["[]", "null", '"x"', "{}", '{"allow":[]}', '{"allow":"x"}', '{"allow":[1]}']) {
        await rejectsPolicy(policy);
      }
    });

    it("refuses a Policy with a field other than allow", async () => {
      expect(await rejectsPolicy(JSON.stringify({ allow: [MESSAGES_READ], deny: [] }))).toContain("'deny'");
    });

    it("refuses a Policy of 101 permissions and accepts one of 100", async () => {
      const names = knownPermissions.permissions.map((entry) => entry.permission);
      expect(await rejectsPolicy(JSON.stringify({ allow: names.slice(0, 101) }))).toBe(
        "Policy may hold at most 100 permissions; it has 101",
      );
      const accepted = await createV1({
        KeyType: "restricted",
        Policy: JSON.stringify({ allow: names.slice(0, 100) }),
      });
      expect(accepted.status).toBe(201);
      expect(accepted.json.policy.allow).toHaveLength(100);
    });

    it("refuses an unknown permission with 400/70002 naming it", async () => {
      const unknown = "/twilio/messaging/teleporters/read";
      expect(await rejectsPolicy(JSON.stringify({ allow: [MESSAGES_READ, unknown] }))).toBe(
        `Invalid policy: assertion '${unknown}' is invalid`,
      );
      expect(await rejectsPolicy(JSON.stringify({ allow: ["/twilio/messaging/messages/fly"] }))).toContain(
        "/twilio/messaging/messages/fly",
      );
    });
  });
});
