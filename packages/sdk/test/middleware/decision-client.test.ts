import { createServer, type RequestListener, type Server } from "node:http";
import {
  LatchkeyApiError,
  LatchkeyConnectionError,
  type LatchkeyDecision,
  LatchkeyDecisions,
  type LatchkeyDecisionsOptions,
  type LatchkeyError,
} from "@latchkey/sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type CreatedKey,
  createRestrictedKey,
  createStandardKey,
} from "../../../server/test/support/route-fixtures.js";
import { GATEWAY_TOKEN } from "../../../server/test/support/test-server.js";
import { useServer } from "../../../server/test/support/use-server.js";
import { closedPort } from "./contract.js";
import { basic, countingFetch, ManualClock, urlOf } from "./support.js";

const TTL_MS = 200;
const UNAVAILABLE: LatchkeyDecision = {
  allowed: false,
  reason: "latchkey_unavailable",
  accountSid: null,
  credentialSid: null,
  credentialType: null,
  permission: null,
  missingPermission: null,
  error: {
    code: 20503,
    message: "Service unavailable",
    moreInfo: "https://www.twilio.com/docs/errors/20503",
    status: 503,
  },
  accessToken: null,
};

describe("LatchkeyDecisions against a real Latchkey", () => {
  const { server: latchkey } = useServer();
  let clock: ManualClock;
  let counter: ReturnType<typeof countingFetch>;
  let messages: string;

  beforeEach(() => {
    clock = new ManualClock();
    counter = countingFetch();
    messages = `https://api.twilio.com/2010-04-01/Accounts/${latchkey.accountSid}/Messages`;
  });

  const decisionsWith = (options: Partial<LatchkeyDecisionsOptions> = {}) =>
    new LatchkeyDecisions({
      baseUrl: latchkey.url,
      gatewayToken: GATEWAY_TOKEN,
      cacheTtlMs: TTL_MS,
      now: clock.now,
      fetch: counter.fetch,
      ...options,
    });
  const as = (key: CreatedKey) => basic(key.user, key.password);

  it("answers allows and denials in camelCase", async () => {
    const decisions = decisionsWith();
    const key = await createRestrictedKey(latchkey, ["/twilio/messaging/messages/read"]);
    expect(
      await decisions.decide({ method: "get", url: `${messages}/SM${"0".repeat(32)}.json`, authorization: as(key) }),
    ).toEqual({
      allowed: true,
      reason: "allowed",
      accountSid: latchkey.accountSid,
      credentialSid: key.sid,
      credentialType: "restricted",
      permission: "/twilio/messaging/messages/read",
      missingPermission: null,
      error: null,
      accessToken: null,
    });
    expect(await decisions.decide({ method: "POST", url: `${messages}.json`, authorization: as(key) })).toEqual({
      allowed: false,
      reason: "permission_denied",
      accountSid: latchkey.accountSid,
      credentialSid: key.sid,
      credentialType: "restricted",
      permission: null,
      missingPermission: "/twilio/messaging/messages/create",
      error: {
        code: 70051,
        message: "Authorization Failed: the API key lacks the permission '/twilio/messaging/messages/create'",
        moreInfo: "https://www.twilio.com/docs/errors/70051",
        status: 403,
      },
      accessToken: null,
    });
  });

  it("authenticates the gateway with a Main key instead of a token", async () => {
    const main = await latchkey.createMainKey();
    const decisions = new LatchkeyDecisions({
      baseUrl: latchkey.url,
      gatewayKey: { sid: main.sid, secret: main.secret },
    });
    const key = await createStandardKey(latchkey);
    const decision = await decisions.decide({ method: "GET", url: `${messages}.json`, authorization: as(key) });
    expect(decision).toMatchObject({ allowed: true, credentialSid: key.sid });
  });

  it("sends Latchkey the URL without its query, the caller's header verbatim and its address", async () => {
    const sent: URLSearchParams[] = [];
    const decisions = decisionsWith({
      fetch: (input, init) => {
        sent.push(new URLSearchParams(String(init?.body)));
        return globalThis.fetch(input, init);
      },
    });
    const key = await createStandardKey(latchkey);
    await decisions.decide({
      method: "get",
      url: `${messages}.json?PageSize=5&Secret=x#frag`,
      authorization: as(key),
      clientIp: "203.0.113.7",
    });
    expect(sent).toHaveLength(1);
    expect(Object.fromEntries(sent[0] ?? [])).toEqual({
      Method: "GET",
      Url: `${messages}.json`,
      Authorization: as(key),
      ClientIp: "203.0.113.7",
    });
  });

  describe("the cache", () => {
    it("shares one request among identical lookups in flight, and not among different ones", async () => {
      const decisions = decisionsWith();
      const key = await createStandardKey(latchkey);
      const same = () => decisions.decide({ method: "GET", url: `${messages}.json`, authorization: as(key) });
      const results = await Promise.all([same(), same(), same(), same()]);
      expect(counter.calls()).toBe(1);
      expect(new Set(results).size).toBe(1);
      await Promise.all([
        same(),
        decisions.decide({ method: "POST", url: `${messages}.json`, authorization: as(key) }),
      ]);
      expect(counter.calls()).toBe(2);
    });

    it("reuses an allow for the same method, host, path and credential only", async () => {
      const decisions = decisionsWith();
      const key = await createStandardKey(latchkey);
      const decide = (url: string, authorization: string | undefined, method = "GET") =>
        decisions.decide({ method, url, authorization });

      expect((await decide(`${messages}.json?PageSize=1`, as(key))).allowed).toBe(true);
      // The query is not part of the decision, and the method is compared case-insensitively.
      expect((await decide(`${messages}.json?PageSize=2`, as(key), "get")).allowed).toBe(true);
      expect(counter.calls()).toBe(1);
      // SECURITY: the same key SID with another secret is a different credential, never a cache hit.
      const wrong = await decide(`${messages}.json`, basic(key.sid, "0".repeat(32)));
      expect(wrong).toMatchObject({ allowed: false, reason: "authentication_failed" });
      expect(await decide(`${messages}.json`, undefined)).toMatchObject({ allowed: false });
      expect((await decide(`${messages}.json`, as(key), "POST")).allowed).toBe(true);
      expect((await decide(`https://messaging.twilio.com/2010-04-01/x.json`, as(key))).allowed).toBe(true);
      expect(counter.calls()).toBe(5);
    });

    it("counts the TTL from when the decision was requested, not when it arrived", async () => {
      // Latchkey takes 150 ms (on the injected clock) to answer.
      const slow = countingFetch(() => clock.advance(150));
      const decisions = decisionsWith({ fetch: slow.fetch });
      const key = await createStandardKey(latchkey);
      const ask = () => decisions.decide({ method: "GET", url: `${messages}.json`, authorization: as(key) });

      await ask();
      clock.advance(TTL_MS - 150 - 1);
      await ask();
      expect(slow.calls()).toBe(1);
      clock.advance(1);
      await ask();
      expect(slow.calls()).toBe(2);
    });

    it("keeps no allow that arrived after its own TTL, nor shares one with a request that joined it", async () => {
      let delay = TTL_MS + 50;
      const slow = countingFetch(() => {
        clock.advance(delay);
        delay = 0;
      });
      const decisions = decisionsWith({ fetch: slow.fetch });
      const key = await createStandardKey(latchkey);
      const ask = () => decisions.decide({ method: "GET", url: `${messages}.json`, authorization: as(key) });

      // The second joins the first's lookup, whose allow is stale on arrival: it asks again for itself.
      const [first, second] = await Promise.all([ask(), ask()]);
      expect(first.allowed && second.allowed).toBe(true);
      expect(slow.calls()).toBe(2);
      await ask();
      expect(slow.calls()).toBe(2);
    });

    it("never caches a denial", async () => {
      const decisions = decisionsWith();
      const key = await createRestrictedKey(latchkey, ["/twilio/messaging/messages/read"]);
      for (let i = 0; i < 3; i += 1) {
        const decision = await decisions.decide({ method: "POST", url: `${messages}.json`, authorization: as(key) });
        expect(decision.allowed).toBe(false);
      }
      expect(counter.calls()).toBe(3);
    });

    it("keeps at most maxCacheEntries allows, dropping the least recently used", async () => {
      const decisions = decisionsWith({ maxCacheEntries: 2 });
      const key = await createStandardKey(latchkey);
      const ask = (name: string) =>
        decisions.decide({ method: "GET", url: `${messages}/${name}.json`, authorization: as(key) });
      await ask("A");
      await ask("B");
      await ask("A"); // a hit, and now the most recently used
      await ask("C"); // drops B
      expect(counter.calls()).toBe(3);
      await ask("A");
      expect(counter.calls()).toBe(3);
      await ask("B");
      expect(counter.calls()).toBe(4);
    });

    it("asks every time with cacheTtlMs 0, and forgets everything on clear()", async () => {
      const key = await createStandardKey(latchkey);
      const request = { method: "GET", url: `${messages}.json`, authorization: as(key) };
      const uncached = decisionsWith({ cacheTtlMs: 0 });
      await Promise.all([uncached.decide(request), uncached.decide(request)]);
      await uncached.decide(request);
      expect(counter.calls()).toBe(3);

      const cached = decisionsWith();
      await cached.decide(request);
      await cached.decide(request);
      expect(counter.calls()).toBe(4);
      cached.clear();
      await cached.decide(request);
      expect(counter.calls()).toBe(5);
    });
  });

  describe("fails closed", () => {
    it("denies with 503 when Latchkey cannot be reached, and says why to onError", async () => {
      const errors: LatchkeyError[] = [];
      const decisions = decisionsWith({
        baseUrl: `http://127.0.0.1:${await closedPort()}`,
        onError: (error) => errors.push(error),
      });
      const key = await createStandardKey(latchkey);
      expect(await decisions.decide({ method: "GET", url: `${messages}.json`, authorization: as(key) })).toEqual(
        UNAVAILABLE,
      );
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(LatchkeyConnectionError);
      expect(errors[0]?.message).toMatch(/^Could not reach Latchkey at http:\/\/127\.0\.0\.1:\d+: /);
    });

    it("denies with 503, not the gateway's 401, when Latchkey refuses the gateway's own token", async () => {
      const errors: LatchkeyError[] = [];
      const decisions = decisionsWith({
        gatewayToken: "not-the-gateway-token",
        onError: (error) => errors.push(error),
      });
      const key = await createStandardKey(latchkey);
      expect(await decisions.decide({ method: "GET", url: `${messages}.json`, authorization: as(key) })).toEqual(
        UNAVAILABLE,
      );
      expect(errors[0]).toBeInstanceOf(LatchkeyApiError);
      expect(errors[0]).toMatchObject({ status: 401, code: 20003 });
    });

    it("passes on Latchkey's 400 about the request itself", async () => {
      const decisions = decisionsWith();
      const key = await createStandardKey(latchkey);
      expect(await decisions.decide({ method: "M-SEARCH", url: `${messages}.json`, authorization: as(key) })).toEqual({
        ...UNAVAILABLE,
        reason: "invalid_request",
        error: {
          code: 20001,
          message: "Method must be an HTTP method such as GET",
          moreInfo: "https://www.twilio.com/docs/errors/20001",
          status: 400,
        },
      });
    });

    it("denies with 400, without asking, a URL that is not absolute http(s)", async () => {
      const decisions = decisionsWith();
      for (const url of ["/2010-04-01/Accounts.json", "ftp://api.twilio.com/x", "not a url"]) {
        const decision = await decisions.decide({ method: "GET", url, authorization: undefined });
        expect(decision).toMatchObject({
          allowed: false,
          reason: "invalid_request",
          error: { code: 20001, status: 400 },
        });
      }
      expect(counter.calls()).toBe(0);
    });
  });
});

describe("LatchkeyDecisions against a broken Latchkey", () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  async function brokenLatchkey(handler: RequestListener): Promise<string> {
    server = createServer(handler);
    const listening = server;
    await new Promise<void>((resolve) => listening.listen(0, "127.0.0.1", resolve));
    return urlOf(listening.address());
  }

  const ask = (decisions: LatchkeyDecisions) =>
    decisions.decide({
      method: "GET",
      url: "https://api.twilio.com/2010-04-01/Accounts.json",
      authorization: "Basic eDp5",
    });

  it.each([
    ["a 500", 500, '{"code":20500,"message":"An internal server error has occurred","status":500}'],
    ["a 502 from a proxy", 502, "<html>Bad Gateway</html>"],
    ["a 200 that is not a decision", 200, '{"allowed":"yes"}'],
    [
      "an allow that names no caller",
      200,
      '{"allowed":true,"account_sid":null,"credential_sid":null,"credential_type":null,"permission":null,"missing_permission":null,"reason":"allowed","error":null}',
    ],
    ["a redirect", 302, ""],
  ])("denies with 503 on %s", async (_name, status, body) => {
    const url = await brokenLatchkey((_req, res) => {
      res.statusCode = status;
      if (status === 302) res.setHeader("location", "http://127.0.0.1:1/v1/Authorize");
      res.end(body);
    });
    const errors: LatchkeyError[] = [];
    const decisions = new LatchkeyDecisions({
      baseUrl: url,
      gatewayToken: "t",
      onError: (error) => errors.push(error),
    });
    expect(await ask(decisions)).toEqual(UNAVAILABLE);
    expect(errors).toHaveLength(1);
  });

  it("denies with 503 when Latchkey does not answer in time, even if onError throws", async () => {
    const url = await brokenLatchkey(() => {});
    const decisions = new LatchkeyDecisions({
      baseUrl: url,
      gatewayToken: "t",
      timeoutMs: 50,
      onError: () => {
        throw new Error("logger down");
      },
    });
    expect(await ask(decisions)).toEqual(UNAVAILABLE);
  });
});

describe("LatchkeyDecisions options", () => {
  it("wants exactly one gateway credential and sane numbers", () => {
    const baseUrl = "http://127.0.0.1:8080";
    expect(() => new LatchkeyDecisions({ baseUrl })).toThrow("Give exactly one of gatewayToken and gatewayKey");
    expect(
      () => new LatchkeyDecisions({ baseUrl, gatewayToken: "t", gatewayKey: { sid: "SK1", secret: "s" } }),
    ).toThrow("Give exactly one of gatewayToken and gatewayKey");
    expect(() => new LatchkeyDecisions({ baseUrl, gatewayToken: " " })).toThrow(TypeError);
    expect(() => new LatchkeyDecisions({ baseUrl, gatewayKey: { sid: "SK:1", secret: "s" } })).toThrow(TypeError);
    expect(() => new LatchkeyDecisions({ baseUrl, gatewayToken: "t", cacheTtlMs: -1 })).toThrow(TypeError);
    expect(() => new LatchkeyDecisions({ baseUrl, gatewayToken: "t", maxCacheEntries: 1.5 })).toThrow(TypeError);
    expect(() => new LatchkeyDecisions({ baseUrl, gatewayToken: "t", timeoutMs: 0 })).toThrow(TypeError);
    expect(() => new LatchkeyDecisions({ baseUrl: "ftp://x", gatewayToken: "t" })).toThrow(TypeError);
    expect(new LatchkeyDecisions({ baseUrl: `${baseUrl}/`, gatewayToken: "t" })).toMatchObject({
      baseUrl,
      cacheTtlMs: 1000,
      maxCacheEntries: 10_000,
    });
  });
});
