/**
 * The decision cache keys by client address: Latchkey's answer depends on it (an address over its
 * failure limit is refused even a right secret), so an allow fetched for one address never serves
 * another, and a throttled address is not let through by a neighbour's cached allow.
 */
import { LatchkeyDecisions } from "@latchkey/sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStandardKey } from "../../../server/test/support/route-fixtures.js";
import { GATEWAY_TOKEN, startTestServer, type TestServer } from "../../../server/test/support/test-server.js";
import { basic, countingFetch, ManualClock } from "./support.js";

const CLIENT_A = "203.0.113.10";
const CLIENT_B = "203.0.113.20";

describe("LatchkeyDecisions cache and client addresses", () => {
  let latchkey: TestServer;
  let counter: ReturnType<typeof countingFetch>;
  let decisions: LatchkeyDecisions;
  let url: string;
  beforeEach(async () => {
    latchkey = await startTestServer({ authFailuresPerAddress: 2 });
    counter = countingFetch();
    decisions = new LatchkeyDecisions({
      baseUrl: latchkey.url,
      gatewayToken: GATEWAY_TOKEN,
      cacheTtlMs: 1_000,
      now: new ManualClock().now,
      fetch: counter.fetch,
    });
    url = `https://api.twilio.com/2010-04-01/Accounts/${latchkey.accountSid}/Messages.json`;
  });
  afterEach(() => latchkey.close());

  it("reuses an allow for the same client address only", async () => {
    const key = await createStandardKey(latchkey);
    const decide = (clientIp: string | undefined) =>
      decisions.decide({ method: "GET", url, authorization: basic(key.user, key.password), clientIp });
    expect((await decide(CLIENT_A)).allowed).toBe(true);
    expect((await decide(CLIENT_A)).allowed).toBe(true);
    expect(counter.calls()).toBe(1);
    expect((await decide(CLIENT_B)).allowed).toBe(true);
    expect((await decide(undefined)).allowed).toBe(true);
    // An empty address is no address, as it is on the wire.
    expect((await decide("")).allowed).toBe(true);
    expect(counter.calls()).toBe(3);
  });

  it("shares lookups in flight only among requests from the same address", async () => {
    const key = await createStandardKey(latchkey);
    const decide = (clientIp: string) =>
      decisions.decide({ method: "GET", url, authorization: basic(key.user, key.password), clientIp });
    await Promise.all([decide(CLIENT_A), decide(CLIENT_A), decide(CLIENT_B), decide(CLIENT_B)]);
    expect(counter.calls()).toBe(2);
  });

  it("gives a throttled address Latchkey's 429, though the same credential's allow is cached for another", async () => {
    const key = await createStandardKey(latchkey);
    const right = basic(key.user, key.password);
    expect((await decisions.decide({ method: "GET", url, authorization: right, clientIp: CLIENT_A })).allowed).toBe(
      true,
    );
    // CLIENT_B guesses until Latchkey blocks its address.
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const guess = await decisions.decide({
        method: "GET",
        url,
        authorization: basic(key.user, `guess-${attempt}`),
        clientIp: CLIENT_B,
      });
      expect(guess).toMatchObject({ allowed: false, error: { code: 20003, status: 401 } });
    }
    const blocked = await decisions.decide({ method: "GET", url, authorization: right, clientIp: CLIENT_B });
    expect(blocked).toMatchObject({
      allowed: false,
      reason: "authentication_failed",
      credentialSid: null,
      error: { code: 20429, status: 429 },
    });
    // CLIENT_A's cached allow still serves CLIENT_A.
    const calls = counter.calls();
    expect((await decisions.decide({ method: "GET", url, authorization: right, clientIp: CLIENT_A })).allowed).toBe(
      true,
    );
    expect(counter.calls()).toBe(calls);
  });
});
