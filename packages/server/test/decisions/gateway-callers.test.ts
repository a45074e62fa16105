/**
 * A gateway that authenticated is never throttled for its callers' failures: a failure counts against
 * the caller address the gateway reports (ClientIp; X-Real-IP, else X-Forwarded-For) and the claimed
 * SID, or the SID only when it reports none. Its own failed authentications still count against its
 * own address. Reported addresses must be IP literals: anything else is 400/20001.
 */
import { afterEach, describe, expect, it } from "vitest";
import { FakeClock, ownerCredentials } from "../support/route-fixtures.js";
import { startTestServer, type TestResponse, type TestServer, type TestServerOptions } from "../support/test-server.js";
import {
  AUTHENTICATE,
  allowedBody,
  ask,
  deniedBody,
  expectDecision,
  expectHttpError,
  GATEWAY,
  GATEWAY_FAILED,
  sid,
  TOO_MANY_FAILURES,
  twilioError,
  type Who,
} from "./decision-fixtures.js";

const MESSAGES_READ = "/twilio/messaging/messages/read";
const CLIENT = "203.0.113.10";
const OTHER_CLIENT = "203.0.113.20";
// The production defaults of LATCHKEY_AUTH_FAILURES_PER_ADDRESS and _PER_SID.
const PER_ADDRESS = 100;
const PER_SID = 20;

describe("decision API: gateways and the addresses of their callers", () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const start = async (options: Omit<TestServerOptions, "clock"> = {}): Promise<TestServer> => {
    server = await startTestServer({
      clock: new FakeClock(),
      authFailuresPerAddress: PER_ADDRESS,
      authFailuresPerSid: PER_SID,
      ...options,
    });
    return server;
  };
  const messagePath = (target: TestServer) => `/2010-04-01/Accounts/${target.accountSid}/Messages/${sid("SM")}.json`;
  const messageUrl = (target: TestServer) => `https://api.twilio.com${messagePath(target)}`;
  const ownerWho = (target: TestServer): Who => ({
    accountSid: target.accountSid,
    credentialSid: target.accountSid,
    credentialType: "auth_token",
  });
  /** A different unknown key SID per attempt, so only the address count can grow. */
  const stranger = (attempt: number) => ({ user: `SK${attempt.toString(16).padStart(32, "0")}`, password: "x" });
  const failed = deniedBody(null, "authentication_failed", AUTHENTICATE);
  const throttled = deniedBody(null, "authentication_failed", TOO_MANY_FAILURES);

  const post = (target: TestServer, caller: Parameters<typeof ask>[1], extra: Record<string, string> = {}) =>
    ask(target, caller, "GET", messageUrl(target), extra);
  const get = (target: TestServer, caller: Parameters<typeof ask>[1], headers: Record<string, string> = {}) =>
    target.request("GET", "/v1/Authorize/Request", {
      headers: {
        "x-latchkey-gateway": GATEWAY,
        "x-original-method": "GET",
        "x-original-uri": messagePath(target),
        "x-original-host": "api.twilio.com",
        ...(caller !== undefined && {
          authorization: typeof caller === "string" ? caller : target.basic(caller.user, caller.password),
        }),
        ...headers,
      },
    });
  const envoy = (target: TestServer, caller: { user: string; password: string }, headers: Record<string, string>) =>
    target.request("GET", `/v1/Authorize/Envoy${messagePath(target)}`, {
      headers: {
        "x-latchkey-gateway": GATEWAY,
        "x-original-host": "api.twilio.com",
        authorization: target.basic(caller.user, caller.password),
        ...headers,
      },
    });
  const expectGetStatus = (response: TestResponse, status: number, code: string | null, label?: string) =>
    expect({ status: response.status, code: response.headers.get("x-latchkey-error-code") }, label).toEqual({
      status,
      code,
    });

  describe("with no caller address", () => {
    it("POST: 150 failures never block the gateway, and a good credential through it still succeeds", async () => {
      const target = await start();
      for (let attempt = 0; attempt < 150; attempt += 1) {
        expectDecision(await post(target, stranger(attempt)), failed, `failure ${attempt + 1}`);
      }
      expectDecision(await post(target, ownerCredentials(target)), allowedBody(ownerWho(target), MESSAGES_READ));
      // The gateway's address (127.0.0.1, shared with direct requests) was never charged.
      const direct = await target.request("GET", `/v1/Keys?AccountSid=${target.accountSid}`, {
        auth: ownerCredentials(target),
      });
      expect(direct.status).toBe(200);
    });

    it("GET /v1/Authorize/Request: 150 failures never block the gateway", async () => {
      const target = await start();
      for (let attempt = 0; attempt < 150; attempt += 1) {
        expectGetStatus(await get(target, stranger(attempt)), 401, "20003", `failure ${attempt + 1}`);
      }
      expectGetStatus(await get(target, ownerCredentials(target)), 204, null);
    });

    it("still throttles the claimed SID, whose own secret still gets in", async () => {
      const target = await start();
      const guess = { user: target.accountSid, password: "0".repeat(32) };
      for (let attempt = 0; attempt < PER_SID; attempt += 1) {
        expectDecision(await post(target, guess), failed, `failure ${attempt + 1}`);
      }
      expectDecision(await post(target, guess), throttled);
      expectGetStatus(await get(target, guess), 403, "20429");
      expectDecision(await post(target, ownerCredentials(target)), allowedBody(ownerWho(target), MESSAGES_READ));
    });
  });

  describe("with a caller address", () => {
    it("throttles the ClientIp the gateway reports, and neither the gateway nor other callers", async () => {
      const target = await start({ authFailuresPerAddress: 3 });
      for (let attempt = 0; attempt < 3; attempt += 1) {
        expectDecision(await post(target, stranger(attempt), { ClientIp: CLIENT }), failed);
      }
      expectDecision(await post(target, ownerCredentials(target), { ClientIp: CLIENT }), throttled);
      expectDecision(
        await post(target, ownerCredentials(target), { ClientIp: OTHER_CLIENT }),
        allowedBody(ownerWho(target), MESSAGES_READ),
      );
      expectDecision(await post(target, ownerCredentials(target)), allowedBody(ownerWho(target), MESSAGES_READ));
    });

    it("counts one address however it is spelled", async () => {
      const target = await start({ authFailuresPerAddress: 3 });
      for (const spelling of ["2001:DB8::7", "2001:db8:0:0::7", "2001:0db8::0007"]) {
        expectDecision(await post(target, stranger(1), { ClientIp: spelling }), failed, spelling);
      }
      expectDecision(await post(target, ownerCredentials(target), { ClientIp: "2001:db8::7" }), throttled);
      for (const spelling of ["::ffff:203.0.113.9", "::FFFF:cb00:7109", "203.0.113.9"]) {
        await post(target, stranger(2), { ClientIp: spelling });
      }
      expectDecision(await post(target, ownerCredentials(target), { ClientIp: "203.0.113.9" }), throttled);
    });

    it("throttles X-Real-IP, else the X-Forwarded-For entry the gateway appended (the rightmost)", async () => {
      const target = await start({ authFailuresPerAddress: 2 });
      for (let attempt = 0; attempt < 2; attempt += 1) {
        // The caller forged the first entry; the gateway appended the address it saw.
        const forwarded = `198.51.100.${attempt}, ${CLIENT}`;
        expectGetStatus(await get(target, stranger(attempt), { "x-forwarded-for": forwarded }), 401, "20003");
      }
      expectGetStatus(await get(target, ownerCredentials(target), { "x-forwarded-for": CLIENT }), 403, "20429");
      expectGetStatus(await get(target, ownerCredentials(target), { "x-real-ip": CLIENT }), 403, "20429");
      expectGetStatus(await envoy(target, ownerCredentials(target), { "x-real-ip": CLIENT }), 403, "20429");
      // X-Real-IP wins over X-Forwarded-For.
      const headers = { "x-real-ip": OTHER_CLIENT, "x-forwarded-for": CLIENT };
      expectGetStatus(await get(target, ownerCredentials(target), headers), 204, null);
      expectGetStatus(await get(target, ownerCredentials(target)), 204, null);
    });

    it("charges a gateway that failed to authenticate, not the caller address it reports", async () => {
      const target = await start({ authFailuresPerAddress: 3 });
      const refused = await ask(
        target,
        ownerCredentials(target),
        "GET",
        messageUrl(target),
        { ClientIp: CLIENT },
        {
          gateway: "Bearer guess",
        },
      );
      expectHttpError(refused, 401, GATEWAY_FAILED);
      const headers = { "x-latchkey-gateway": "Bearer guess", "x-real-ip": CLIENT };
      expectHttpError(await get(target, ownerCredentials(target), headers), 401, GATEWAY_FAILED);
      // Had CLIENT been charged twice above, these two failures would bring it over its limit of 3.
      expectDecision(await post(target, stranger(1), { ClientIp: CLIENT }), failed);
      expectDecision(await post(target, stranger(2), { ClientIp: CLIENT }), failed);
      expectDecision(
        await post(target, ownerCredentials(target), { ClientIp: CLIENT }),
        allowedBody(ownerWho(target), MESSAGES_READ),
      );
      // The gateway's own address holds its two failures: a third refuses it.
      expectHttpError(await get(target, ownerCredentials(target), headers), 401, GATEWAY_FAILED);
      expectHttpError(await post(target, ownerCredentials(target), { ClientIp: CLIENT }), 429, TOO_MANY_FAILURES);
    });
  });

  describe("rejects reported addresses that are not IP literals", () => {
    const invalid = (field: string) =>
      twilioError(20001, 400, `${field} must be an IP address (IPv4 or IPv6), such as 203.0.113.7`);

    it("answers 400/20001 on POST for a bad ClientIp, and makes no decision", async () => {
      const target = await start({ authFailuresPerAddress: 1 });
      for (const bad of ["not-an-ip", "203.0.113.7:443", "203.0.113.300", "fe80::1%eth0", " 203.0.113.7", "01.2.3.4"]) {
        expectHttpError(await post(target, stranger(1), { ClientIp: bad }), 400, invalid("ClientIp"), bad);
      }
      expectDecision(await post(target, stranger(1)), failed, "no failure was counted against the SID's address");
    });

    it("answers 403 with 400/20001 in the body on GET for a bad X-Real-IP or X-Forwarded-For", async () => {
      const target = await start();
      const realIp = await get(target, ownerCredentials(target), { "x-real-ip": "unknown" });
      expect({ status: realIp.status, body: realIp.json }).toEqual({ status: 403, body: invalid("X-Real-IP") });
      const forwarded = await get(target, ownerCredentials(target), { "x-forwarded-for": "203.0.113.7, _hidden" });
      expect({ status: forwarded.status, body: forwarded.json }).toEqual({
        status: 403,
        body: invalid("X-Forwarded-For"),
      });
    });
  });

  it("with LATCHKEY_TRUST_PROXY, takes the caller from the X-Forwarded-For entry beyond the trusted proxy", async () => {
    // Caller → gateway (appends the caller) → proxy at 127.0.0.1 (appends the gateway) → Latchkey.
    const target = await start({ authFailuresPerAddress: 2, trustProxy: { hops: 1 } });
    const through = (caller: { user: string; password: string }, forged: string) =>
      get(target, caller, { "x-forwarded-for": `${forged}, ${CLIENT}, 192.0.2.1` });
    expectGetStatus(await through(stranger(1), "198.51.100.1"), 401, "20003");
    expectGetStatus(await through(stranger(2), "198.51.100.2"), 401, "20003");
    expectGetStatus(await through(ownerCredentials(target), "198.51.100.3"), 403, "20429");
    // The gateway's own address (192.0.2.1) was not charged: another caller through it gets in.
    const other = await get(target, ownerCredentials(target), { "x-forwarded-for": `${OTHER_CLIENT}, 192.0.2.1` });
    expectGetStatus(other, 204, null);
  });
});
