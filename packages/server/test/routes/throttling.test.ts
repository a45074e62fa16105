import { afterEach, describe, expect, it } from "vitest";
import {
  type Credentials,
  createRestrictedKey,
  expectAuthenticate,
  FakeClock,
  ownerCredentials,
} from "../support/route-fixtures.js";
import { startTestServer, type TestResponse, type TestServer, type TestServerOptions } from "../support/test-server.js";

const WINDOW_SECONDS = 60;

describe("authentication failure throttling", () => {
  let server: TestServer | undefined;
  let clock: FakeClock;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const start = async (limits: Omit<TestServerOptions, "clock">): Promise<TestServer> => {
    clock = new FakeClock();
    server = await startTestServer({ clock, authFailureWindowSeconds: WINDOW_SECONDS, ...limits });
    return server;
  };
  const list = (target: TestServer, auth: Credentials | string | undefined) =>
    target.request("GET", `/v1/Keys?AccountSid=${target.accountSid}`, auth === undefined ? {} : { auth });
  const wrong = (target: TestServer): Credentials => ({ user: target.accountSid, password: "0".repeat(32) });

  const expectThrottled = (response: TestResponse, retryAfterSeconds: number) => {
    expect({
      status: response.status,
      retryAfter: response.headers.get("retry-after"),
      wwwAuthenticate: response.headers.get("www-authenticate"),
      body: response.json,
    }).toEqual({
      status: 429,
      retryAfter: String(retryAfterSeconds),
      wwwAuthenticate: null,
      body: {
        code: 20429,
        message: "Too many failed authentication attempts; retry later",
        more_info: "https://www.twilio.com/docs/errors/20429",
        status: 429,
      },
    });
  };

  describe("per address", () => {
    it("answers 429/20429 with Retry-After once an address has used up its failures", async () => {
      const target = await start({ authFailuresPerAddress: 3 });
      for (let attempt = 0; attempt < 3; attempt += 1) expectAuthenticate(await list(target, wrong(target)));
      clock.advance(15_000);
      expectThrottled(await list(target, wrong(target)), WINDOW_SECONDS - 15);
    });

    it("counts every kind of failure: no credentials, malformed headers and unknown SIDs", async () => {
      const target = await start({ authFailuresPerAddress: 3 });
      expectAuthenticate(await list(target, undefined));
      expectAuthenticate(await list(target, "Bearer nope"));
      expectAuthenticate(await list(target, { user: `SK${"0".repeat(32)}`, password: "x" }));
      expectThrottled(await list(target, undefined), WINDOW_SECONDS);
    });

    it("refuses even correct credentials from an address over its limit", async () => {
      const target = await start({ authFailuresPerAddress: 2 });
      expectAuthenticate(await list(target, wrong(target)));
      expectAuthenticate(await list(target, wrong(target)));
      expectThrottled(await list(target, ownerCredentials(target)), WINDOW_SECONDS);
    });

    it("does not count successes or authorization refusals as failures", async () => {
      const target = await start({ authFailuresPerAddress: 2 });
      const readOnly = await createRestrictedKey(target, ["/twilio/iam/api-keys/read"]);
      for (let attempt = 0; attempt < 5; attempt += 1) {
        expect((await list(target, ownerCredentials(target))).status).toBe(200);
        expect((await list(target, readOnly)).status).toBe(403);
      }
      expectAuthenticate(await list(target, wrong(target)));
      expect((await list(target, ownerCredentials(target))).status).toBe(200);
    });

    it("lets requests through again once the window has passed", async () => {
      const target = await start({ authFailuresPerAddress: 2 });
      expectAuthenticate(await list(target, wrong(target)));
      expectAuthenticate(await list(target, wrong(target)));
      clock.advance(WINDOW_SECONDS * 1000 - 1);
      expectThrottled(await list(target, ownerCredentials(target)), 1);
      clock.advance(1);
      expect((await list(target, ownerCredentials(target))).status).toBe(200);
      expectAuthenticate(await list(target, wrong(target)));
    });

    it("keeps the public health checks open while an address is blocked", async () => {
      const target = await start({ authFailuresPerAddress: 1 });
      expectAuthenticate(await list(target, wrong(target)));
      expectThrottled(await list(target, wrong(target)), WINDOW_SECONDS);
      expect((await target.request("GET", "/healthz")).status).toBe(200);
      expect((await target.request("GET", "/readyz")).status).toBe(200);
    });
  });

  describe("per SID", () => {
    it("answers 429/20429 with Retry-After to further failures against a SID", async () => {
      const target = await start({ authFailuresPerSid: 3 });
      expectAuthenticate(await list(target, wrong(target)));
      expectAuthenticate(await list(target, wrong(target)));
      await list(target, wrong(target));
      clock.advance(10_000);
      expectThrottled(await list(target, wrong(target)), WINDOW_SECONDS - 10);
    });

    it("still lets the correct credential of a SID that others are failing against succeed", async () => {
      const target = await start({ authFailuresPerSid: 2 });
      for (let attempt = 0; attempt < 4; attempt += 1) await list(target, wrong(target));
      expectThrottled(await list(target, wrong(target)), WINDOW_SECONDS);
      expect((await list(target, ownerCredentials(target))).status).toBe(200);
    });

    it("does not throttle failures against another SID", async () => {
      const target = await start({ authFailuresPerSid: 2 });
      const key = await createRestrictedKey(target, ["/twilio/iam/api-keys/list"]);
      for (let attempt = 0; attempt < 3; attempt += 1) await list(target, wrong(target));
      expectThrottled(await list(target, wrong(target)), WINDOW_SECONDS);
      expectAuthenticate(await list(target, { user: key.sid, password: "0".repeat(32) }));
      expect((await list(target, key)).status).toBe(200);
    });

    it("answers failures against the SID with 401 again after the window", async () => {
      const target = await start({ authFailuresPerSid: 2 });
      for (let attempt = 0; attempt < 3; attempt += 1) await list(target, wrong(target));
      expectThrottled(await list(target, wrong(target)), WINDOW_SECONDS);
      clock.advance(WINDOW_SECONDS * 1000);
      expectAuthenticate(await list(target, wrong(target)));
    });
  });
});
