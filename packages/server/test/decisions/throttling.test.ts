/**
 * Brute-force limits through the decision API: a failed caller credential counts against the client
 * address (ClientIp or X-Real-IP; none when the gateway reports none) and against the claimed SID, shared
 * with direct requests; over the limit the decision is denied with 20429 (and Retry-After on GET).
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Credentials, expectAuthenticate, FakeClock, ownerCredentials } from "../support/route-fixtures.js";
import { startTestServer, type TestResponse, type TestServer, type TestServerOptions } from "../support/test-server.js";
import {
  AUTHENTICATE,
  allowedBody,
  allowedHeaders,
  ask,
  checkRequest,
  deniedBody,
  expectDecision,
  expectHttpError,
  GATEWAY,
  GATEWAY_FAILED,
  gatewayHeaders,
  lacksPermission,
  ownerCallers,
  sid,
  TOO_MANY_FAILURES,
  type Who,
} from "./decision-fixtures.js";

const WINDOW_SECONDS = 60;
const MESSAGES_READ = "/twilio/messaging/messages/read";
const CLIENT = "203.0.113.10";
const OTHER_CLIENT = "203.0.113.20";

describe("decision API throttling", () => {
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
  const messageUrl = (target: TestServer) =>
    `https://api.twilio.com/2010-04-01/Accounts/${target.accountSid}/Messages/${sid("SM")}.json`;
  const wrong = (target: TestServer): Credentials => ({ user: target.accountSid, password: "0".repeat(32) });
  const ownerWho = (target: TestServer): Who => ({
    accountSid: target.accountSid,
    credentialSid: target.accountSid,
    credentialType: "auth_token",
  });
  const decideFrom = (target: TestServer, caller: Credentials | undefined, clientIp?: string) =>
    ask(target, caller, "GET", messageUrl(target), clientIp === undefined ? {} : { ClientIp: clientIp });
  const failed = deniedBody(null, "authentication_failed", AUTHENTICATE);
  const throttled = deniedBody(null, "authentication_failed", TOO_MANY_FAILURES);

  /** The 429 a refused gateway (or a direct request from a blocked address) gets. */
  // GET /v1/Authorize/Request answers 403 (what nginx passes on) with the 429 body.
  const expectHttpThrottled = (response: TestResponse, retryAfterSeconds: number, label?: string, status = 429) => {
    expect({ status: response.status, body: response.json }, label).toEqual({ status, body: TOO_MANY_FAILURES });
    expect(response.headers.get("retry-after"), label).toBe(String(retryAfterSeconds));
  };

  describe("per client address (ClientIp)", () => {
    it("denies with 20429 once ClientIp has used up its failures, even a correct credential", async () => {
      const target = await start({ authFailuresPerAddress: 3 });
      for (let attempt = 0; attempt < 3; attempt += 1) {
        expectDecision(await decideFrom(target, wrong(target), CLIENT), failed, `failure ${attempt + 1}`);
      }
      expectDecision(await decideFrom(target, wrong(target), CLIENT), throttled);
      expectDecision(await decideFrom(target, ownerCredentials(target), CLIENT), throttled);
    });

    it("throttles each ClientIp on its own and never the gateway", async () => {
      const target = await start({ authFailuresPerAddress: 2 });
      for (let attempt = 0; attempt < 4; attempt += 1) await decideFrom(target, wrong(target), CLIENT);
      expectDecision(await decideFrom(target, ownerCredentials(target), CLIENT), throttled);
      expectDecision(
        await decideFrom(target, ownerCredentials(target), OTHER_CLIENT),
        allowedBody(ownerWho(target), MESSAGES_READ),
      );
      // The gateway shares 127.0.0.1 with direct requests: that address was never charged.
      const keys = await target.request("GET", `/v1/Keys?AccountSid=${target.accountSid}`, {
        auth: ownerCredentials(target),
      });
      expect(keys.status).toBe(200);
    });

    it("lifts the block when the window has passed", async () => {
      const target = await start({ authFailuresPerAddress: 2 });
      await decideFrom(target, wrong(target), CLIENT);
      await decideFrom(target, wrong(target), CLIENT);
      clock.advance(WINDOW_SECONDS * 1000 - 1);
      expectDecision(await decideFrom(target, ownerCredentials(target), CLIENT), throttled);
      clock.advance(1);
      expectDecision(
        await decideFrom(target, ownerCredentials(target), CLIENT),
        allowedBody(ownerWho(target), MESSAGES_READ),
      );
    });

    it("counts missing, malformed and unknown credentials but not successes or other denials", async () => {
      const target = await start({ authFailuresPerAddress: 3 });
      const callers = await ownerCallers(target, ["/twilio/voice/calls/create"]);
      for (let attempt = 0; attempt < 5; attempt += 1) {
        // Allowed, permission_denied, management_forbidden and account_not_reachable are no failures.
        expect((await decideFrom(target, ownerCredentials(target), CLIENT)).json.allowed).toBe(true);
        expectDecision(
          await decideFrom(target, callers.restricted, CLIENT),
          deniedBody(callers.restricted.who, "permission_denied", lacksPermission(MESSAGES_READ), MESSAGES_READ),
        );
        const keys = `https://api.twilio.com/2010-04-01/Accounts/${target.accountSid}/Keys.json`;
        expect((await ask(target, callers.standard, "GET", keys, { ClientIp: CLIENT })).json.reason).toBe(
          "management_forbidden",
        );
        const elsewhere = messageUrl(target).replace(target.accountSid, sid("AC", "f"));
        expect((await ask(target, callers.main, "GET", elsewhere, { ClientIp: CLIENT })).json.reason).toBe(
          "account_not_reachable",
        );
      }
      expectDecision(await decideFrom(target, undefined, CLIENT), failed);
      expectDecision(await ask(target, "Basic Zm9vOmJhcg==", "GET", messageUrl(target), { ClientIp: CLIENT }), failed);
      expectDecision(await decideFrom(target, { user: sid("SK"), password: "x" }, CLIENT), failed);
      expectDecision(await decideFrom(target, ownerCredentials(target), CLIENT), throttled);
    });

    it("charges no address when ClientIp is missing, never the gateway's own (gateway-callers.test.ts)", async () => {
      const target = await start({ authFailuresPerAddress: 2 });
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const stranger = { user: sid("SK", String(attempt + 1)), password: "0".repeat(32) };
        expectDecision(await decideFrom(target, stranger), failed, `failure ${attempt + 1}`);
      }
      expectDecision(
        await decideFrom(target, ownerCredentials(target), OTHER_CLIENT),
        allowedBody(ownerWho(target), MESSAGES_READ),
      );
      const keys = await target.request("GET", `/v1/Keys?AccountSid=${target.accountSid}`, {
        auth: ownerCredentials(target),
      });
      expect(keys.status).toBe(200);
    });

    it("shares the address count with direct requests", async () => {
      const target = await start({ authFailuresPerAddress: 3 });
      // Direct failures from 127.0.0.1 ...
      const direct = () => target.request("GET", `/v1/Keys?AccountSid=${target.accountSid}`, { auth: wrong(target) });
      expectAuthenticate(await direct());
      // ... and decision failures for ClientIp 127.0.0.1 add up.
      expectDecision(await decideFrom(target, wrong(target), "127.0.0.1"), failed);
      expectAuthenticate(await direct());
      expectHttpThrottled(await direct(), WINDOW_SECONDS);
    });
  });

  describe("per SID", () => {
    it("denies further failures against one SID from any address with 20429, but lets its secret in", async () => {
      const target = await start({ authFailuresPerSid: 3 });
      const callers = await ownerCallers(target, [MESSAGES_READ]);
      const guess = { user: callers.restricted.user, password: "0".repeat(32) };
      for (let attempt = 0; attempt < 3; attempt += 1) {
        expectDecision(await decideFrom(target, guess, `198.51.100.${attempt}`), failed, `failure ${attempt + 1}`);
      }
      expectDecision(await decideFrom(target, guess, "198.51.100.99"), throttled);
      // A stranger cannot lock the key out: its own secret still works, from anywhere.
      expectDecision(
        await decideFrom(target, callers.restricted, "198.51.100.99"),
        allowedBody(callers.restricted.who, MESSAGES_READ),
      );
      // Other SIDs are untouched.
      expectDecision(await decideFrom(target, { user: callers.main.user, password: "0".repeat(32) }, CLIENT), failed);
    });

    it("counts unknown but well-formed SIDs too", async () => {
      const target = await start({ authFailuresPerSid: 1 });
      const unknown = { user: sid("SK", "a"), password: "0".repeat(32) };
      expectDecision(await decideFrom(target, unknown, "198.51.100.1"), failed);
      expectDecision(await decideFrom(target, unknown, "198.51.100.2"), throttled);
    });

    it("shares the SID count with direct requests", async () => {
      const target = await start({ authFailuresPerSid: 2 });
      const direct = () => target.request("GET", `/v1/Keys?AccountSid=${target.accountSid}`, { auth: wrong(target) });
      expectAuthenticate(await direct());
      expectAuthenticate(await direct());
      expectDecision(await decideFrom(target, wrong(target), CLIENT), throttled);
      expectDecision(
        await decideFrom(target, ownerCredentials(target), CLIENT),
        allowedBody(ownerWho(target), MESSAGES_READ),
      );
    });
  });

  describe("GET /v1/Authorize/Request", () => {
    const expectRequestThrottled = (response: TestResponse, retryAfterSeconds: number, label?: string) => {
      expect({ status: response.status, body: response.json, headers: gatewayHeaders(response) }, label).toEqual({
        status: 403,
        body: TOO_MANY_FAILURES,
        headers: {
          reason: "authentication_failed",
          accountSid: null,
          credentialSid: null,
          credentialType: null,
          permission: null,
          errorCode: "20429",
          wwwAuthenticate: null,
          retryAfter: String(retryAfterSeconds),
        },
      });
    };

    it("throttles by X-Real-IP with 403, 20429 in the body and the header, and a Retry-After that counts down", async () => {
      const target = await start({ authFailuresPerAddress: 2 });
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const response = await checkFrom(target, wrong(target), CLIENT);
        expect({ status: response.status, body: response.json }).toEqual({ status: 401, body: AUTHENTICATE });
      }
      expectRequestThrottled(await checkFrom(target, ownerCredentials(target), CLIENT), WINDOW_SECONDS);
      clock.advance(45_500);
      expectRequestThrottled(await checkFrom(target, ownerCredentials(target), CLIENT), 15);
      // Another client behind the same gateway is not affected.
      const other = await checkFrom(target, ownerCredentials(target), OTHER_CLIENT);
      expect({ status: other.status, headers: gatewayHeaders(other) }).toEqual({
        status: 204,
        headers: allowedHeaders(ownerWho(target), MESSAGES_READ),
      });
      clock.advance(14_500);
      const lifted = await checkFrom(target, ownerCredentials(target), CLIENT);
      expect(lifted.status).toBe(204);
    });

    it("throttles a SID with 403 and 20429, and shares the count with POST /v1/Authorize", async () => {
      const target = await start({ authFailuresPerSid: 2 });
      expectDecision(await decideFrom(target, wrong(target), "198.51.100.1"), failed);
      expect((await checkFrom(target, wrong(target), "198.51.100.2")).status).toBe(401);
      expectRequestThrottled(await checkFrom(target, wrong(target), "198.51.100.3"), WINDOW_SECONDS);
      expect((await checkFrom(target, ownerCredentials(target), "198.51.100.3")).status).toBe(204);
    });

    it("charges no address without X-Real-IP, never the gateway's own", async () => {
      const target = await start({ authFailuresPerAddress: 1 });
      expect((await checkFrom(target, wrong(target))).status).toBe(401);
      expect((await checkFrom(target, { user: sid("SK", "1"), password: "x" })).status).toBe(401);
      expect((await checkFrom(target, ownerCredentials(target), CLIENT)).status).toBe(204);
    });
  });

  describe("gateway failures", () => {
    it("count against the gateway's address, so a guessing gateway is refused with 429", async () => {
      const target = await start({ authFailuresPerAddress: 2 });
      const post = (gateway: string) =>
        ask(target, ownerCredentials(target), "GET", messageUrl(target), {}, { gateway });
      expectHttpError(await post("Bearer guess-1"), 401, GATEWAY_FAILED);
      expectHttpError(await checkRequest(target, { gateway: "Bearer guess-2" }), 401, GATEWAY_FAILED);
      clock.advance(30_000);
      expectHttpThrottled(await post(GATEWAY), WINDOW_SECONDS - 30, "POST with the right token");
      expectHttpThrottled(
        await checkFrom(target, ownerCredentials(target), CLIENT),
        WINDOW_SECONDS - 30,
        "GET with the right token",
        403,
      );
      clock.advance(30_000);
      expectDecision(await post(GATEWAY), allowedBody(ownerWho(target), MESSAGES_READ));
    });

    it("count a Main key's wrong secrets against its SID", async () => {
      const target = await start({ authFailuresPerSid: 2 });
      const main = await target.createMainKey("gateway");
      const guess = target.basic(main.sid, "0".repeat(32));
      const post = (gateway: string) =>
        ask(target, ownerCredentials(target), "GET", messageUrl(target), {}, { gateway });
      expectHttpError(await post(guess), 401, GATEWAY_FAILED);
      expectHttpError(await post(guess), 401, GATEWAY_FAILED);
      expectHttpThrottled(await post(guess), WINDOW_SECONDS);
      expectDecision(await post(target.basic(main.sid, main.secret)), allowedBody(ownerWho(target), MESSAGES_READ));
    });
  });

  function checkFrom(target: TestServer, caller: Credentials | undefined, realIp?: string) {
    return checkRequest(target, {
      method: "GET",
      uri: new URL(messageUrl(target)).pathname,
      host: "api.twilio.com",
      caller,
      ...(realIp !== undefined && { realIp }),
    });
  }
});
