/**
 * The decision API across regions: a decision is judged in the region of the target URL's host, with that
 * region's credentials and Access Token caches only, and an Access Token counts only in the region its
 * `twr` header names (none: us1).
 */
import { describe, expect, it } from "vitest";
import { authorizeWithToken, officialToken } from "../access-tokens/token-fixtures.js";
import {
  AUTHENTICATE,
  allowedBody,
  ask,
  checkRequest,
  deniedBody,
  expectDecision,
  GATEWAY_FAILED,
  twilioError,
} from "../decisions/decision-fixtures.js";
import type { CreatedKey } from "../support/route-fixtures.js";
import type { TestResponse } from "../support/test-server.js";
import { useServer } from "../support/use-server.js";
import {
  createKeyInRegion,
  MADE_UP_KEY,
  ownerIn,
  regionNotServed,
  STORE_DOWN,
  THREE_REGIONS,
} from "./region-fixtures.js";

const MESSAGES_LIST = "/twilio/messaging/messages/list";
const INVALID_ACCESS_TOKEN = twilioError(20101, 401, "Invalid Access Token");
const IE1_ROOMS = "https://video.dublin.ie1.twilio.com/v1/Rooms";
const US1_ROOMS = "https://video.twilio.com/v1/Rooms";

describe("decisions across regions", () => {
  const { server, clock } = useServer({ regions: THREE_REGIONS, fakeClock: true });

  const ie1Messages = () => `https://api.dublin.ie1.twilio.com/2010-04-01/Accounts/${server.accountSid}/Messages.json`;
  const ownerWho = () => ({
    accountSid: server.accountSid,
    credentialSid: server.accountSid,
    credentialType: "auth_token" as const,
  });

  describe("a Main key as the gateway's own credential", () => {
    it("works where the decision request reaches its region, for a target in another region too", async () => {
      const ie1Main = await server.createMainKey("ie1 gateway", "ie1");
      const gateway = server.basic(ie1Main.sid, ie1Main.secret);
      const about = (url: string, region: string) => ({
        Method: "GET",
        Url: url,
        Authorization: server.basic(server.accountSid, server.authTokens[region] ?? ""),
      });
      const us1Messages = `https://api.twilio.com/2010-04-01/Accounts/${server.accountSid}/Messages.json`;
      for (const [url, region] of [
        [ie1Messages(), "ie1"],
        [us1Messages, "us1"],
      ] as const) {
        const asked = await server.request("POST", "/v1/Authorize", {
          auth: gateway,
          form: about(url, region),
          host: "api.ie1.twilio.com",
        });
        expectDecision(asked, allowedBody(ownerWho(), MESSAGES_LIST));
      }
      // At the default region's host the ie1 key is no credential at all.
      const elsewhere = await server.request("POST", "/v1/Authorize", {
        auth: gateway,
        form: about(ie1Messages(), "ie1"),
      });
      expect({ status: elsewhere.status, body: elsewhere.json }).toEqual({ status: 401, body: GATEWAY_FAILED });
    });
  });

  describe("a credential is judged in the target's region", () => {
    it("denies a us1 Auth Token on an ie1 target exactly as an unknown credential", async () => {
      const us1 = await ask(server, ownerIn(server, "us1"), "GET", ie1Messages());
      const unknown = await ask(server, { user: server.accountSid, password: "f".repeat(32) }, "GET", ie1Messages());
      expectDecision(us1, deniedBody(null, "authentication_failed", AUTHENTICATE));
      expect(us1.json).toEqual(unknown.json);
    });

    it("allows the ie1 Auth Token on that ie1 target", async () => {
      expectDecision(
        await ask(server, ownerIn(server, "ie1"), "GET", ie1Messages()),
        allowedBody(ownerWho(), MESSAGES_LIST),
      );
    });

    it("answers GET /v1/Authorize/Request for an ie1 host with ie1's credentials only", async () => {
      const path = `/2010-04-01/Accounts/${server.accountSid}/Messages.json`;
      const host = "api.dublin.ie1.twilio.com";
      const allowed = await checkRequest(server, { method: "GET", uri: path, host, caller: ownerIn(server, "ie1") });
      expect({ status: allowed.status, reason: allowed.headers.get("x-latchkey-reason") }).toEqual({
        status: 204,
        reason: "allowed",
      });
      const denied = await checkRequest(server, { method: "GET", uri: path, host, caller: ownerIn(server, "us1") });
      const unknown = await checkRequest(server, { method: "GET", uri: path, host, caller: MADE_UP_KEY });
      expect({ status: denied.status, body: denied.json, code: denied.headers.get("x-latchkey-error-code") }).toEqual({
        status: 401,
        body: AUTHENTICATE,
        code: "20003",
      });
      expect(denied.text).toBe(unknown.text);
    });

    it("answers 404 naming a target region that is not served (POST), 403 carrying 20404 (GET)", async () => {
      const url = `https://api.jp1.twilio.com/2010-04-01/Accounts/${server.accountSid}/Messages.json`;
      const posted = await ask(server, ownerIn(server, "us1"), "GET", url);
      expect({ status: posted.status, body: posted.json }).toEqual({ status: 404, body: regionNotServed("jp1") });

      const checked = await checkRequest(server, {
        method: "GET",
        uri: `/2010-04-01/Accounts/${server.accountSid}/Messages.json`,
        host: "api.jp1.twilio.com",
        caller: ownerIn(server, "us1"),
      });
      expect({ status: checked.status, body: checked.json }).toEqual({ status: 403, body: regionNotServed("jp1") });
    });
  });

  it("answers 503/20503 for a target in a region whose store fails, and keeps judging the others", async () => {
    const ie1 = server.regionContext("ie1");
    ie1.authenticator.invalidateAll();
    await ie1.store.close();

    const failing = await ask(server, ownerIn(server, "ie1"), "GET", ie1Messages());
    expect({ status: failing.status, body: failing.json }).toEqual({ status: 503, body: STORE_DOWN });
    const us1 = `https://api.twilio.com/2010-04-01/Accounts/${server.accountSid}/Messages.json`;
    expectDecision(await ask(server, ownerIn(server, "us1"), "GET", us1), allowedBody(ownerWho(), MESSAGES_LIST));
  });

  describe("Access Tokens", () => {
    const mint = (key: CreatedKey, region?: string) =>
      officialToken({
        accountSid: server.accountSid,
        keySid: key.sid,
        secret: key.password,
        at: clock.now(),
        ...(region !== undefined && { region }),
      });
    const allowedToken = (key: CreatedKey) => ({
      allowed: true,
      account_sid: server.accountSid,
      credential_sid: key.sid,
      credential_type: "access_token",
      permission: null,
      missing_permission: null,
      reason: "allowed",
      error: null,
      identity: "alice",
      grants: { identity: "alice" },
    });
    const refusedToken = deniedBody(null, "authentication_failed", INVALID_ACCESS_TOKEN);
    const expectBody = (response: TestResponse, body: unknown, label?: string) =>
      expect({ status: response.status, body: response.json }, label).toEqual({ status: 200, body });
    /** A token of the same shape signed by a key no region holds: what every refusal must look like. */
    const unknownKeyToken = (region?: string) =>
      mint({ sid: MADE_UP_KEY.user, user: MADE_UP_KEY.user, password: MADE_UP_KEY.password, body: {} }, region);

    it("allows a token of an ie1 key with region ie1 for an ie1 target and refuses it for us1", async () => {
      const key = await createKeyInRegion(server, "ie1", ownerIn(server, "ie1"), { FriendlyName: "signing" });
      const token = mint(key, "ie1");

      expectBody(await authorizeWithToken(server, token, { url: IE1_ROOMS }), allowedToken(key));
      const us1 = await authorizeWithToken(server, token, { url: US1_ROOMS });
      expectBody(us1, refusedToken);
      expect(us1.json).toEqual((await authorizeWithToken(server, unknownKeyToken("ie1"), { url: US1_ROOMS })).json);
    });

    it("refuses a token without region for ie1 targets even when an ie1 key signed it", async () => {
      const key = await createKeyInRegion(server, "ie1", ownerIn(server, "ie1"), { FriendlyName: "signing" });
      const token = mint(key);

      const ie1 = await authorizeWithToken(server, token, { url: IE1_ROOMS });
      expectBody(ie1, refusedToken);
      expect(ie1.json).toEqual((await authorizeWithToken(server, unknownKeyToken(), { url: IE1_ROOMS })).json);
      // And us1, where the key does not exist, refuses it too.
      expectBody(await authorizeWithToken(server, token, { url: US1_ROOMS }), refusedToken);
    });

    it("refuses a token with region ie1 signed by a us1 key in both regions", async () => {
      const key = await createKeyInRegion(server, "us1", ownerIn(server, "us1"), { FriendlyName: "signing" });
      const token = mint(key, "ie1");

      expectBody(await authorizeWithToken(server, token, { url: US1_ROOMS }), refusedToken);
      expectBody(await authorizeWithToken(server, token, { url: IE1_ROOMS }), refusedToken);
      expectBody(await authorizeWithToken(server, mint(key), { url: US1_ROOMS }), allowedToken(key));
    });

    it("keeps the verified-token cache per region: verified in ie1, still refused for a us1 target", async () => {
      const key = await createKeyInRegion(server, "ie1", ownerIn(server, "ie1"), { FriendlyName: "signing" });
      const token = mint(key, "ie1");
      for (let attempt = 0; attempt < 3; attempt += 1) {
        expectBody(await authorizeWithToken(server, token, { url: IE1_ROOMS }), allowedToken(key), `ie1 #${attempt}`);
      }
      expectBody(await authorizeWithToken(server, token, { url: US1_ROOMS }), refusedToken);
      expectBody(
        await authorizeWithToken(server, token, { url: "https://video.au1.twilio.com/v1/Rooms" }),
        refusedToken,
      );

      // The other way round: a us1 token verified in us1 counts nowhere else.
      const us1Key = await createKeyInRegion(server, "us1", ownerIn(server, "us1"), { FriendlyName: "signing" });
      const us1Token = mint(us1Key);
      expectBody(await authorizeWithToken(server, us1Token, { url: US1_ROOMS }), allowedToken(us1Key));
      expectBody(await authorizeWithToken(server, us1Token, { url: IE1_ROOMS }), refusedToken);
    });
  });
});
