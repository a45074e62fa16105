/**
 * Who may ask the decision API: a configured gateway token or a Main key, in the request's own
 * Authorization header (POST) or in X-Latchkey-Gateway (GET). Anything else is 401/20003 "Gateway
 * authentication failed", and no decision is made or leaked.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMainKeyIn, createSubaccount, setStatusInStore } from "../support/account-fixtures.js";
import { createRestrictedKey, createStandardKey, ownerCredentials } from "../support/route-fixtures.js";
import {
  GATEWAY_TOKEN,
  startTestServer,
  type TestResponse,
  type TestServer,
  type TestServerOptions,
} from "../support/test-server.js";
import {
  allowedBody,
  allowedHeaders,
  authorize,
  checkRequest,
  expectDecision,
  expectHttpError,
  GATEWAY,
  GATEWAY_FAILED,
  gatewayHeaders,
  sid,
  type Who,
} from "./decision-fixtures.js";

const MESSAGES_READ = "/twilio/messaging/messages/read";

describe("gateway authentication", () => {
  let server: TestServer;
  const start = async (options: TestServerOptions = {}) => {
    server = await startTestServer(options);
  };
  afterEach(async () => {
    await server.close();
  });

  const messagePath = () => `/2010-04-01/Accounts/${server.accountSid}/Messages/${sid("SM")}.json`;
  const ownerWho = (): Who => ({
    accountSid: server.accountSid,
    credentialSid: server.accountSid,
    credentialType: "auth_token",
  });
  /** The owner's token asking to read a Message: allowed whenever the gateway is accepted. */
  const viaPost = (gateway: string | null) =>
    authorize(
      server,
      {
        Method: "GET",
        Url: `https://api.twilio.com${messagePath()}`,
        Authorization: server.basic(server.accountSid, server.authToken),
      },
      { gateway },
    );
  const viaGet = (gateway: string | null) =>
    checkRequest(server, {
      method: "GET",
      uri: messagePath(),
      host: "api.twilio.com",
      caller: ownerCredentials(server),
      gateway,
    });

  const expectAccepted = async (gateway: string, label: string) => {
    expectDecision(await viaPost(gateway), allowedBody(ownerWho(), MESSAGES_READ), `POST ${label}`);
    const response = await viaGet(gateway);
    expect({ status: response.status, headers: gatewayHeaders(response) }, `GET ${label}`).toEqual({
      status: 204,
      headers: allowedHeaders(ownerWho(), MESSAGES_READ),
    });
  };

  /** The exact refusal: 401, the challenge, the gateway message, and no decision headers at all. */
  const expectRefused = (response: TestResponse, label: string) => {
    expectHttpError(response, 401, GATEWAY_FAILED, label);
    expect(gatewayHeaders(response), label).toEqual({
      reason: null,
      accountSid: null,
      credentialSid: null,
      credentialType: null,
      permission: null,
      errorCode: null,
      wwwAuthenticate: 'Basic realm="Twilio API"',
      retryAfter: null,
    });
  };
  const expectRefusedBoth = async (gateway: string | null, label: string) => {
    expectRefused(await viaPost(gateway), `POST ${label}`);
    expectRefused(await viaGet(gateway), `GET ${label}`);
  };

  describe("with the default configuration", () => {
    beforeEach(async () => {
      await start();
    });

    it("accepts the configured gateway token, with the scheme in any case", async () => {
      await expectAccepted(GATEWAY, "Bearer");
      await expectAccepted(`bearer ${GATEWAY_TOKEN}`, "bearer");
      await expectAccepted(`BEARER  ${GATEWAY_TOKEN} `, "BEARER with spaces");
    });

    it("accepts a Main key, of the owner account or of a subaccount", async () => {
      const main = await server.createMainKey("gateway");
      await expectAccepted(server.basic(main.sid, main.secret), "owner Main key");
      const sub = await createSubaccount(server);
      const subMain = await createMainKeyIn(server, sub.sid);
      // Accepted as a gateway, but the parent's token is outside its reach (gateway-reach.test.ts).
      const viaSubaccount = await viaPost(server.basic(subMain.user, subMain.password));
      expect({ status: viaSubaccount.status, allowed: viaSubaccount.json.allowed }).toEqual({
        status: 200,
        allowed: false,
      });
    });

    it("refuses standard and restricted keys, whatever they may do", async () => {
      const standard = await createStandardKey(server);
      await expectRefusedBoth(server.basic(standard.user, standard.password), "standard key");
      const restricted = await createRestrictedKey(server, [
        MESSAGES_READ,
        "/twilio/iam/api-keys/*",
        "/twilio/iam/accounts/*",
      ]);
      await expectRefusedBoth(server.basic(restricted.user, restricted.password), "restricted key");
    });

    it("refuses Auth Tokens, the owner's included", async () => {
      await expectRefusedBoth(server.basic(server.accountSid, server.authToken), "owner token");
      const sub = await createSubaccount(server);
      await expectRefusedBoth(server.basic(sub.user, sub.password), "subaccount token");
    });

    it("refuses a wrong, partial, empty or missing credential", async () => {
      const main = await server.createMainKey("gateway");
      const cases: ReadonlyArray<readonly [string, string | null]> = [
        ["missing", null],
        ["empty", ""],
        ["wrong token", "Bearer not-the-gateway-token"],
        ["token prefix", `Bearer ${GATEWAY_TOKEN.slice(0, -1)}`],
        ["token with a suffix", `Bearer ${GATEWAY_TOKEN}x`],
        ["empty token", "Bearer "],
        ["token without a scheme", GATEWAY_TOKEN],
        ["token as Basic", `Basic ${GATEWAY_TOKEN}`],
        ["Main key with a wrong secret", server.basic(main.sid, "0".repeat(32))],
        ["unknown key SID", server.basic(sid("SK"), "0".repeat(32))],
        ["garbage", "Basic !!!"],
      ];
      for (const [label, gateway] of cases) await expectRefusedBoth(gateway, label);
    });

    it("refuses a deleted Main key on the next request", async () => {
      const main = await server.createMainKey("gateway");
      const gateway = server.basic(main.sid, main.secret);
      await expectAccepted(gateway, "before deletion");
      const deleted = await server.request("DELETE", `/v1/Keys/${main.sid}`, { auth: ownerCredentials(server) });
      expect(deleted.status).toBe(204);
      await expectRefusedBoth(gateway, "after deletion");
    });

    it("refuses the Main key of a suspended account", async () => {
      const main = await server.createMainKey("gateway");
      const gateway = server.basic(main.sid, main.secret);
      await expectAccepted(gateway, "active");
      await setStatusInStore(server, server.accountSid, "suspended");
      await expectRefusedBoth(gateway, "suspended");
    });

    it("takes the gateway from Authorization on POST and from X-Latchkey-Gateway on GET only", async () => {
      // POST: a gateway token in X-Latchkey-Gateway does not count.
      const post = await server.request("POST", "/v1/Authorize", {
        headers: { "x-latchkey-gateway": GATEWAY },
        form: {
          Method: "GET",
          Url: `https://api.twilio.com${messagePath()}`,
          Authorization: server.basic(server.accountSid, server.authToken),
        },
      });
      expectRefused(post, "POST with X-Latchkey-Gateway");
      // GET: a gateway token in Authorization is the caller's credential, and there is no gateway.
      const get = await checkRequest(server, {
        method: "GET",
        uri: messagePath(),
        host: "api.twilio.com",
        caller: GATEWAY,
        gateway: null,
      });
      expectRefused(get, "GET with the token in Authorization");
    });

    it("checks the gateway before it looks at the fields", async () => {
      const post = await authorize(server, { Url: "not a url" }, { gateway: null });
      expectRefused(post, "POST with bad fields");
      const get = await checkRequest(server, { gateway: "Bearer wrong" });
      expectRefused(get, "GET with no original request");
    });
  });

  describe("with configured tokens", () => {
    it("accepts each of several tokens and nothing else", async () => {
      await start({ gatewayTokens: ["first-gateway-token", "second-gateway-token"] });
      await expectAccepted("Bearer first-gateway-token", "first");
      await expectAccepted("Bearer second-gateway-token", "second");
      await expectRefusedBoth(GATEWAY, "the default token, not configured here");
      await expectRefusedBoth("Bearer first-gateway-tokensecond-gateway-token", "both glued");
    });

    it("accepts only Main keys when no token is configured", async () => {
      await start({ gatewayTokens: [] });
      await expectRefusedBoth(GATEWAY, "a token");
      await expectRefusedBoth("Bearer ", "an empty token");
      const main = await server.createMainKey("gateway");
      await expectAccepted(server.basic(main.sid, main.secret), "Main key");
    });
  });
});
