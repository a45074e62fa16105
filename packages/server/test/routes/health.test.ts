import { describe, expect, it } from "vitest";
import { expectNotFound, ownerCredentials } from "../support/route-fixtures.js";
import { useServer } from "../support/use-server.js";

const REQUEST_ID = /^RQ[0-9a-f]{32}$/;

describe("health checks", () => {
  const { server } = useServer();

  describe("succeeds", () => {
    it("answers /healthz with 200 and status ok, without credentials", async () => {
      const response = await server.request("GET", "/healthz");
      expect(response.status).toBe(200);
      expect(response.json).toEqual({ status: "ok" });
      expect(response.headers.get("twilio-request-id")).toMatch(REQUEST_ID);
    });

    it("answers /readyz with 200, status ready and the region, without credentials", async () => {
      const response = await server.request("GET", "/readyz");
      expect(response.status).toBe(200);
      expect(response.json).toEqual({ status: "ready", region: "us1" });
    });

    it("gives every response its own request id", async () => {
      const first = await server.request("GET", "/healthz");
      const second = await server.request("GET", "/healthz");
      expect(first.headers.get("twilio-request-id")).not.toBe(second.headers.get("twilio-request-id"));
    });
  });

  describe("rejects bad input", () => {
    it("answers an unknown path with 404/20404 naming the path, without asking for credentials", async () => {
      const response = await server.request("GET", "/v1/Nope?x=1");
      expectNotFound(response, "/v1/Nope");
      expect(response.headers.get("www-authenticate")).toBeNull();
      expect(response.headers.get("twilio-request-id")).toMatch(REQUEST_ID);
    });

    it("answers a 2010 key path without the .json suffix with 404", async () => {
      const path = `/2010-04-01/Accounts/${server.accountSid}/Keys`;
      expectNotFound(await server.request("GET", path, { auth: ownerCredentials(server) }), path);
    });
  });

  describe("authorization", () => {
    it("ignores credentials on public routes, even wrong ones", async () => {
      const wrong = { user: server.accountSid, password: "0".repeat(32) };
      for (const path of ["/healthz", "/readyz"]) {
        expect((await server.request("GET", path, { auth: wrong })).status).toBe(200);
        expect((await server.request("GET", path, { auth: "Bearer nonsense" })).status).toBe(200);
      }
    });
  });
});
