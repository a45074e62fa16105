/**
 * Access Tokens through the decision API over real HTTP: tokens minted by the official `twilio`
 * library and by our SDK verify with their identity and grants; every way a token can be wrong is
 * refused with Twilio's exact code; and a token dies the moment its key does.
 */
import { generateKeyPairSync, sign } from "node:crypto";
import { AccessToken, ChatGrant, VideoGrant, VoiceGrant } from "@latchkey/sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createKeyIn, createSubaccount, setStatusThroughApi } from "../support/account-fixtures.js";
import {
  type CreatedKey,
  type Credentials,
  createRestrictedKey,
  createStandardKey,
  EXAMPLE_INSTANT,
  FakeClock,
  ownerCredentials,
} from "../support/route-fixtures.js";
import { startTestServer, type TestResponse, type TestServer } from "../support/test-server.js";
import {
  authorizeWithToken,
  checkRequestWithToken,
  decodeSegment,
  everyGrantClaim,
  everyOfficialGrant,
  handMadeToken,
  Official,
  officialToken,
} from "./token-fixtures.js";

const NOW_SECONDS = Math.floor(EXAMPLE_INSTANT / 1000);
const HEADER = { alg: "HS256", typ: "JWT", cty: "twilio-fpa;v=1" };

describe("Access Tokens in the decision API", () => {
  let clock: FakeClock;
  let server: TestServer;
  let owner: Credentials;
  let key: CreatedKey;

  beforeEach(async () => {
    clock = new FakeClock();
    server = await startTestServer({ clock });
    owner = ownerCredentials(server);
    key = await createStandardKey(server);
  });
  afterEach(async () => {
    await server.close();
  });

  /** An official token of the standard key, issued at the server's current instant unless told. */
  const mint = (overrides: Partial<Parameters<typeof officialToken>[0]> = {}) =>
    officialToken({
      accountSid: server.accountSid,
      keySid: key.sid,
      secret: key.password,
      at: clock.now(),
      ...overrides,
    });

  /** The claims every hand-made token starts from: valid for the standard key now. */
  const claimsNow = (overrides: Record<string, unknown> = {}) => ({
    jti: `${key.sid}-${NOW_SECONDS}`,
    grants: { identity: "alice" },
    iat: NOW_SECONDS,
    exp: NOW_SECONDS + 600,
    iss: key.sid,
    sub: server.accountSid,
    ...overrides,
  });

  /** Both decision routes refuse `token` with `code` (401 over GET, the code in the header). */
  async function expectRefused(token: string, code: number): Promise<TestResponse> {
    const decision = await authorizeWithToken(server, token);
    expect(decision.status).toBe(200);
    expect(decision.json).toMatchObject({
      allowed: false,
      reason: "authentication_failed",
      account_sid: null,
      credential_sid: null,
      credential_type: null,
      error: { code, status: 401, more_info: `https://www.twilio.com/docs/errors/${code}` },
    });
    expect(decision.json).not.toHaveProperty("identity");
    expect(decision.json).not.toHaveProperty("grants");
    const check = await checkRequestWithToken(server, token);
    expect(check.status).toBe(401);
    expect(check.headers.get("x-latchkey-error-code")).toBe(String(code));
    expect(check.headers.get("x-latchkey-identity")).toBeNull();
    expect(check.json).toMatchObject({ code, status: 401 });
    return decision;
  }

  describe("accepts", () => {
    it("an official token with every grant, over Bearer, with its identity and grants", async () => {
      const token = mint({ identity: "alice@example.com", ttl: 600, grants: everyOfficialGrant() });

      const response = await authorizeWithToken(server, token);

      expect(response.status).toBe(200);
      expect(response.json).toEqual({
        allowed: true,
        account_sid: server.accountSid,
        credential_sid: key.sid,
        credential_type: "access_token",
        permission: null,
        missing_permission: null,
        reason: "allowed",
        error: null,
        identity: "alice@example.com",
        grants: everyGrantClaim("alice@example.com"),
      });
    });

    it("the same token in X-Twilio-Token on GET /v1/Authorize/Request, and as TwilioToken", async () => {
      const token = mint({ identity: "Zoë Smith", grants: [new Official.VideoGrant({ room: "r1" })] });

      const check = await checkRequestWithToken(server, token);

      expect(check.status).toBe(204);
      expect(check.headers.get("x-latchkey-reason")).toBe("allowed");
      expect(check.headers.get("x-latchkey-account-sid")).toBe(server.accountSid);
      expect(check.headers.get("x-latchkey-credential-sid")).toBe(key.sid);
      expect(check.headers.get("x-latchkey-credential-type")).toBe("access_token");
      expect(decodeURIComponent(check.headers.get("x-latchkey-identity") ?? "")).toBe("Zoë Smith");
      expect((await checkRequestWithToken(server, token, { via: "bearer" })).status).toBe(204);
      const field = await authorizeWithToken(server, token, { via: "field" });
      expect(field.json).toMatchObject({ allowed: true, identity: "Zoë Smith", grants: { video: { room: "r1" } } });
    });

    it.each(["HS256", "HS384", "HS512"] as const)("official %s tokens with a region and nbf", async (algorithm) => {
      const token = mint({ algorithm, region: "us1", nbf: NOW_SECONDS - 10 });
      expect(decodeSegment(token, 0)).toMatchObject({ alg: algorithm, twr: "us1" });
      expect((await authorizeWithToken(server, token)).json).toMatchObject({ allowed: true, identity: "alice" });
    });

    it.each([
      "HS256",
      "HS384",
      "HS512",
    ] as const)("tokens from our SDK (%s) with the same result", async (algorithm) => {
      const ours = new AccessToken(server.accountSid, key.sid, key.password, {
        identity: "bob",
        ttl: 900,
        region: "us1",
        now: () => clock.now(),
      })
        .addGrant(new VideoGrant({ room: "r2" }))
        .addGrant(new VoiceGrant({ incomingAllow: true, outgoingApplicationSid: `AP${"a".repeat(32)}` }))
        .addGrant(new ChatGrant({ serviceSid: `IS${"c".repeat(32)}` }))
        .toJwt(algorithm);

      const response = await authorizeWithToken(server, ours);

      expect(response.json).toEqual({
        allowed: true,
        account_sid: server.accountSid,
        credential_sid: key.sid,
        credential_type: "access_token",
        permission: null,
        missing_permission: null,
        reason: "allowed",
        error: null,
        identity: "bob",
        grants: {
          identity: "bob",
          video: { room: "r2" },
          voice: { incoming: { allow: true }, outgoing: { application_sid: `AP${"a".repeat(32)}` } },
          chat: { service_sid: `IS${"c".repeat(32)}` },
        },
      });
      expect((await checkRequestWithToken(server, ours)).status).toBe(204);
    });

    it("tokens of a Main key", async () => {
      const main = await server.createMainKey();
      const token = mint({ keySid: main.sid, secret: main.secret, identity: "main-user" });
      expect((await authorizeWithToken(server, token)).json).toMatchObject({
        allowed: true,
        credential_sid: main.sid,
        credential_type: "access_token",
        identity: "main-user",
      });
    });

    it("a token that expired less than the clock skew ago, or becomes valid within it", async () => {
      const justExpired = mint({ at: clock.now() - 630_000, ttl: 600 });
      expect((await authorizeWithToken(server, justExpired)).json.allowed).toBe(true);
      const soonValid = mint({ nbf: NOW_SECONDS + 30 });
      expect((await authorizeWithToken(server, soonValid)).json.allowed).toBe(true);
      const maxTtl = mint({ ttl: 86_400 });
      expect((await authorizeWithToken(server, maxTtl)).json.allowed).toBe(true);
    });

    it("a token of a subaccount's key on that subaccount's paths, but not on its parent's", async () => {
      const sub = await createSubaccount(server);
      const subKey = await createKeyIn(server, owner, sub.sid);
      const token = mint({ accountSid: sub.sid, keySid: subKey.sid, secret: subKey.password });
      const messages = (sid: string) => `https://api.twilio.com/2010-04-01/Accounts/${sid}/Messages.json`;

      expect((await authorizeWithToken(server, token, { url: messages(sub.sid) })).json).toMatchObject({
        allowed: true,
        account_sid: sub.sid,
      });
      expect((await authorizeWithToken(server, token, { url: messages(server.accountSid) })).json).toMatchObject({
        allowed: false,
        reason: "account_not_reachable",
        error: { code: 20404 },
      });
    });
  });

  describe("refuses", () => {
    it("a wrong signature (20101)", async () => {
      await expectRefused(mint({ secret: "not-the-secret-of-this-key-00000" }), 20101);
    });

    it("a signature of another algorithm than the header names (20101)", async () => {
      const hs512 = mint({ algorithm: "HS512" });
      const [, claims, signature] = hs512.split(".");
      const relabelled = `${Buffer.from(JSON.stringify(HEADER)).toString("base64url")}.${claims}.${signature}`;
      await expectRefused(relabelled, 20101);
    });

    it("alg none, with or without a signature (20102)", async () => {
      const none = { ...HEADER, alg: "none" };
      await expectRefused(handMadeToken(none, claimsNow(), { signature: "" }), 20102);
      await expectRefused(handMadeToken(none, claimsNow(), { secret: key.password }), 20102);
    });

    it("alg RS256, even with a valid RSA signature (20102)", async () => {
      const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
      const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
      const signed = `${encode({ ...HEADER, alg: "RS256" })}.${encode(claimsNow())}`;
      const signature = sign("sha256", Buffer.from(signed), privateKey).toString("base64url");
      await expectRefused(`${signed}.${signature}`, 20102);
      // And the classic confusion: RS256 named, HMAC-signed with the key's secret.
      await expectRefused(handMadeToken({ ...HEADER, alg: "RS256" }, claimsNow(), { secret: key.password }), 20102);
    });

    it("a header without cty, with another cty, or without typ (20102)", async () => {
      const { cty: _cty, ...withoutCty } = HEADER;
      const { typ: _typ, ...withoutTyp } = HEADER;
      await expectRefused(handMadeToken(withoutCty, claimsNow(), { secret: key.password }), 20102);
      await expectRefused(
        handMadeToken({ ...HEADER, cty: "twilio-fpa;v=2" }, claimsNow(), { secret: key.password }),
        20102,
      );
      await expectRefused(handMadeToken(withoutTyp, claimsNow(), { secret: key.password }), 20102);
    });

    it("a token signed with the Auth Token, iss an Account SID (20103)", async () => {
      const token = mint({ keySid: server.accountSid, secret: server.authToken });
      expect(decodeSegment(token, 1).iss).toBe(server.accountSid);
      const response = await expectRefused(token, 20103);
      expect(response.json.error.message).toBe("Access Token must be issued by an API key");
    });

    it("a sub naming another account than the key's, even correctly signed (20103)", async () => {
      const other = await server.createOtherAccount();
      await expectRefused(mint({ accountSid: other.accountSid }), 20103);
      const sub = await createSubaccount(server);
      // Not even the key's own subaccount: a token speaks for its key's account only.
      await expectRefused(mint({ accountSid: sub.sid }), 20103);
      await expectRefused(handMadeToken(HEADER, claimsNow({ sub: "someone" }), { secret: key.password }), 20103);
    });

    it("a restricted key's token (20101): restricted keys cannot mint", async () => {
      const restricted = await createRestrictedKey(server, ["/twilio/messaging/messages/read"]);
      const response = await expectRefused(mint({ keySid: restricted.sid, secret: restricted.password }), 20101);
      expect(response.json.error.message).toBe("Restricted API keys cannot issue Access Tokens");
    });

    it("the tokens of a deleted key on the very next request (20101)", async () => {
      const token = mint();
      expect((await authorizeWithToken(server, token)).json.allowed).toBe(true);

      const deleted = await server.request("DELETE", `/v1/Keys/${key.sid}`, { auth: owner });
      expect(deleted.status).toBe(204);

      await expectRefused(token, 20101);
    });

    it("the tokens of a key whose subaccount is suspended (20101), until it is active again", async () => {
      const sub = await createSubaccount(server);
      const subKey = await createKeyIn(server, owner, sub.sid);
      const token = mint({ accountSid: sub.sid, keySid: subKey.sid, secret: subKey.password });
      expect((await authorizeWithToken(server, token)).json.allowed).toBe(true);

      await setStatusThroughApi(server, sub.sid, "suspended");
      await expectRefused(token, 20101);

      await setStatusThroughApi(server, sub.sid, "active");
      expect((await authorizeWithToken(server, token)).json.allowed).toBe(true);
    });

    it("an unknown key (20101)", async () => {
      await expectRefused(mint({ keySid: `SK${"9".repeat(32)}` }), 20101);
    });

    it("an expired token, beyond the clock skew (20104)", async () => {
      const token = mint({ at: clock.now() - 2 * 3600_000, ttl: 3600 });
      await expectRefused(token, 20104);
      const atTheEdge = mint({ at: clock.now() - 660_000, ttl: 600 });
      await expectRefused(atTheEdge, 20104);
    });

    it("a ttl over 86400 seconds (20104)", async () => {
      const response = await expectRefused(mint({ ttl: 86_401 }), 20104);
      expect(response.json.error.message).toBe("Access Token lifetime exceeds 24 hours");
    });

    it("an nbf in the future beyond the clock skew (20104)", async () => {
      const response = await expectRefused(mint({ nbf: NOW_SECONDS + 61 }), 20104);
      expect(response.json.error.message).toBe("Access Token is not valid yet");
    });

    it("valid tokens once the clock passes their expiry", async () => {
      const token = mint({ ttl: 600 });
      expect((await authorizeWithToken(server, token)).json.allowed).toBe(true);
      clock.advance(661_000);
      await expectRefused(token, 20104);
    });

    it("malformed tokens (20101) and tokens whose claims have the wrong types (20101)", async () => {
      await expectRefused("not-a-jwt", 20101);
      await expectRefused(`${mint()}.extra`, 20101);
      await expectRefused(handMadeToken(HEADER, claimsNow({ exp: "soon" }), { secret: key.password }), 20101);
      await expectRefused(handMadeToken(HEADER, claimsNow({ grants: null }), { secret: key.password }), 20101);
      await expectRefused(handMadeToken(HEADER, [claimsNow()], { secret: key.password }), 20101);
    });

    it("grants nested more than 32 levels deep (20101), which would not serialize", async () => {
      const nest = (levels: number) => {
        let value: unknown = "leaf";
        for (let level = 0; level < levels; level += 1) value = { n: value };
        return value;
      };
      // 32 levels with the grants object itself are fine; one more is malformed.
      const deepest = claimsNow({ grants: { identity: "alice", player: nest(31) } });
      expect(
        (await authorizeWithToken(server, handMadeToken(HEADER, deepest, { secret: key.password }))).json,
      ).toMatchObject({
        allowed: true,
        grants: { player: nest(31) },
      });
      await expectRefused(
        handMadeToken(HEADER, claimsNow({ grants: { player: nest(32) } }), { secret: key.password }),
        20101,
      );
    });
  });

  it("never accepts an Access Token as a Basic credential or a gateway credential", async () => {
    const token = mint();
    const basic = await server.request("POST", "/v1/Authorize", {
      auth: `Bearer ${token}`,
      form: { Method: "GET", Url: "https://video.twilio.com/v1/Rooms", Authorization: `Bearer ${token}` },
    });
    expect(basic.status).toBe(401);
    const direct = await server.request("GET", `/v1/Keys/${key.sid}`, { auth: `Bearer ${token}` });
    expect(direct.status).toBe(401);
  });

  it("mints, through the official library, the header and claims Twilio documents", () => {
    const token = mint({ ttl: 600, nbf: NOW_SECONDS });
    expect(decodeSegment(token, 0)).toEqual(HEADER);
    expect(Object.keys(decodeSegment(token, 1))).toEqual(["jti", "grants", "nbf", "iat", "exp", "iss", "sub"]);
    expect(decodeSegment(token, 1)).toMatchObject({ jti: `${key.sid}-${NOW_SECONDS}`, exp: NOW_SECONDS + 600 });
  });
});
