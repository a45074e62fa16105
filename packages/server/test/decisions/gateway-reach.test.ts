/**
 * Who may act as a gateway, and about whom: a gateway token may ask about any credential; a Main key
 * only about credentials of its own account and of its subaccounts. Any other credential gets exactly
 * the answer an unknown one gets, so the gateway cannot tell a right secret from a wrong one. And the
 * gateway is checked before the body of POST /v1/Authorize is read.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createKeyIn,
  createMainKeyIn,
  createRestrictedKeyIn,
  createSubaccount,
  type Subaccount,
} from "../support/account-fixtures.js";
import { type Credentials, ownerCredentials } from "../support/route-fixtures.js";
import { startTestServer, type TestResponse, type TestServer } from "../support/test-server.js";
import {
  AUTHENTICATE,
  allowedBody,
  ask,
  deniedBody,
  expectDecision,
  expectHttpError,
  GATEWAY,
  GATEWAY_FAILED,
  gatewayHeaders,
  sid,
  TOO_MANY_FAILURES,
  twilioError,
  type Who,
} from "./decision-fixtures.js";

const MESSAGES_READ = "/twilio/messaging/messages/read";

describe("decision API: what a gateway may ask about", () => {
  let server: TestServer;
  let subA: Subaccount;
  let subB: Subaccount;
  /** Gateways: the parent's Main key and subaccount A's. */
  let parentGateway: string;
  let subAGateway: string;

  beforeEach(async () => {
    server = await startTestServer({ authFailuresPerSid: 3 });
    subA = await createSubaccount(server, { friendlyName: "A" });
    subB = await createSubaccount(server, { friendlyName: "B" });
    const parentMain = await server.createMainKey("gateway");
    parentGateway = server.basic(parentMain.sid, parentMain.secret);
    const subAMain = await createMainKeyIn(server, subA.sid);
    subAGateway = server.basic(subAMain.user, subAMain.password);
  });
  afterEach(async () => {
    await server.close();
  });

  const messageUrl = (accountSid: string) =>
    `https://api.twilio.com/2010-04-01/Accounts/${accountSid}/Messages/${sid("SM")}.json`;
  const tokenWho = (accountSid: string): Who => ({
    accountSid,
    credentialSid: accountSid,
    credentialType: "auth_token",
  });
  /** `caller` asks, through `gateway`, to read a Message of `accountSid`. */
  const post = (gateway: string, caller: Credentials, accountSid: string) =>
    ask(server, caller, "GET", messageUrl(accountSid), {}, { gateway });
  const get = (gateway: string, caller: Credentials, accountSid: string) =>
    server.request("GET", "/v1/Authorize/Request", {
      headers: {
        "x-latchkey-gateway": gateway,
        "x-original-method": "GET",
        "x-original-uri": new URL(messageUrl(accountSid)).pathname,
        "x-original-host": "api.twilio.com",
        authorization: server.basic(caller.user, caller.password),
      },
    });
  const unknown = deniedBody(null, "authentication_failed", AUTHENTICATE);
  const wrongSecret = (caller: Credentials): Credentials => ({ user: caller.user, password: "0".repeat(32) });

  /** The whole GET answer a gateway sees: status, body and every decision header. */
  const getAnswer = (response: TestResponse) => ({
    status: response.status,
    body: response.json,
    headers: gatewayHeaders(response),
  });

  describe("a subaccount's Main key", () => {
    it("gets the unknown-credential answer for the parent's Auth Token, right secret or wrong", async () => {
      const owner = ownerCredentials(server);
      const right = await post(subAGateway, owner, server.accountSid);
      const wrong = await post(subAGateway, wrongSecret(owner), server.accountSid);
      expectDecision(right, unknown, "right secret");
      expectDecision(wrong, unknown, "wrong secret");
      expect(right.text).toBe(wrong.text);
    });

    it("gets the unknown-credential answer on GET too, with no account or credential headers", async () => {
      const owner = ownerCredentials(server);
      const right = getAnswer(await get(subAGateway, owner, server.accountSid));
      const wrong = getAnswer(await get(subAGateway, wrongSecret(owner), server.accountSid));
      expect(right).toEqual({
        status: 401,
        body: AUTHENTICATE,
        headers: {
          reason: "authentication_failed",
          accountSid: null,
          credentialSid: null,
          credentialType: null,
          permission: null,
          errorCode: "20003",
          wwwAuthenticate: 'Basic realm="Twilio API"',
          retryAfter: null,
        },
      });
      expect(wrong).toEqual(right);
    });

    it("gets the unknown-credential answer for a sibling's token and keys, and the parent's keys", async () => {
      const siblingKey = await createKeyIn(server, ownerCredentials(server), subB.sid);
      const siblingRestricted = await createRestrictedKeyIn(server, ownerCredentials(server), subB.sid, [
        MESSAGES_READ,
      ]);
      const parentMain = await server.createMainKey("another");
      const cases: ReadonlyArray<readonly [string, Credentials, string]> = [
        ["sibling's Auth Token", subB, subB.sid],
        ["sibling's standard key", siblingKey, subB.sid],
        ["sibling's restricted key", siblingRestricted, subB.sid],
        ["parent's Main key", { user: parentMain.sid, password: parentMain.secret }, server.accountSid],
        // Denied anyway (the credential cannot reach subaccount A): the reason would still tell it is right.
        ["parent's Auth Token on A's own path", ownerCredentials(server), subA.sid],
      ];
      for (const [label, caller, accountSid] of cases) {
        expectDecision(await post(subAGateway, caller, accountSid), unknown, label);
      }
    });

    it("counts a right secret out of reach as a failure of its SID, as a wrong one would be", async () => {
      const owner = ownerCredentials(server);
      for (let attempt = 0; attempt < 3; attempt += 1) {
        expectDecision(await post(subAGateway, owner, server.accountSid), unknown, `attempt ${attempt + 1}`);
      }
      const throttled = deniedBody(null, "authentication_failed", TOO_MANY_FAILURES);
      expectDecision(await post(subAGateway, owner, server.accountSid), throttled, "right secret over the limit");
      expectDecision(await post(subAGateway, wrongSecret(owner), server.accountSid), throttled, "wrong secret");
      // The SID limit never locks a right secret out where the gateway may see it.
      expectDecision(
        await post(GATEWAY, owner, server.accountSid),
        allowedBody(tokenWho(server.accountSid), MESSAGES_READ),
      );
    });

    it("still gets answers about its own account's credentials", async () => {
      expectDecision(await post(subAGateway, subA, subA.sid), allowedBody(tokenWho(subA.sid), MESSAGES_READ));
      const restricted = await createRestrictedKeyIn(server, ownerCredentials(server), subA.sid, [
        "/twilio/voice/calls/create",
      ]);
      expectDecision(
        await post(subAGateway, restricted, subA.sid),
        deniedBody(
          { accountSid: subA.sid, credentialSid: restricted.sid, credentialType: "restricted" },
          "permission_denied",
          twilioError(70051, 403, `Authorization Failed: the API key lacks the permission '${MESSAGES_READ}'`),
          MESSAGES_READ,
        ),
      );
    });
  });

  describe("a parent's Main key", () => {
    it("gets answers about its own and its subaccounts' credentials", async () => {
      expectDecision(
        await post(parentGateway, ownerCredentials(server), server.accountSid),
        allowedBody(tokenWho(server.accountSid), MESSAGES_READ),
      );
      expectDecision(await post(parentGateway, subB, subB.sid), allowedBody(tokenWho(subB.sid), MESSAGES_READ));
      const response = await get(parentGateway, subA, subA.sid);
      expect(response.status).toBe(204);
    });

    it("gets the unknown-credential answer for another top-level account's credential", async () => {
      const other = await server.createOtherAccount();
      const caller = { user: other.accountSid, password: other.authToken };
      expectDecision(await post(parentGateway, caller, other.accountSid), unknown);
    });
  });

  it("a gateway token may ask about any account's credentials", async () => {
    const other = await server.createOtherAccount();
    const cases: ReadonlyArray<readonly [Credentials, string]> = [
      [ownerCredentials(server), server.accountSid],
      [subA, subA.sid],
      [{ user: other.accountSid, password: other.authToken }, other.accountSid],
    ];
    for (const [caller, accountSid] of cases) {
      expectDecision(await post(GATEWAY, caller, accountSid), allowedBody(tokenWho(accountSid), MESSAGES_READ));
    }
  });

  describe("POST /v1/Authorize checks the gateway before it reads the body", () => {
    const sendRaw = (gateway: string | undefined, contentType: string, body: string) =>
      server.request("POST", "/v1/Authorize", {
        headers: { "content-type": contentType, ...(gateway !== undefined && { authorization: gateway }) },
        body,
      });

    it("answers 401 gateway failure, not 400, to a malformed JSON body", async () => {
      expectHttpError(await sendRaw("Bearer wrong", "application/json", '{"Method": "GET",'), 401, GATEWAY_FAILED);
      expectHttpError(await sendRaw(undefined, "application/json", "[1, 2"), 401, GATEWAY_FAILED);
      // The same body from a real gateway is the 400 it deserves.
      expectHttpError(
        await sendRaw(GATEWAY, "application/json", '{"Method": "GET",'),
        400,
        twilioError(20001, 400, "The body must be a JSON object"),
      );
    });

    it("answers 401 gateway failure, not 413, to a JSON body over the 1 MiB limit", async () => {
      const huge = JSON.stringify({ Method: "GET", Url: `https://api.twilio.com/${"a".repeat(2 * 1024 * 1024)}` });
      expectHttpError(await sendRaw("Bearer wrong", "application/json", huge), 401, GATEWAY_FAILED);
      expect((await sendRaw(GATEWAY, "application/json", huge)).status).toBe(413);
    });

    it("answers 401 gateway failure, not 415, to a content type it does not take", async () => {
      expectHttpError(await sendRaw("Bearer wrong", "application/xml", "<Method>GET</Method>"), 401, GATEWAY_FAILED);
      expect((await sendRaw(GATEWAY, "application/xml", "<Method>GET</Method>")).status).toBe(415);
    });
  });
});
