/**
 * GET /v1/Authorize/Request, the variant for nginx auth_request and Envoy: the original request in
 * X-Original-* headers, 204 with identity headers when allowed, 401 or 403 with the Twilio error and
 * X-Latchkey-Error-Code when denied.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { createSubaccount } from "../support/account-fixtures.js";
import { createRestrictedKey } from "../support/route-fixtures.js";
import type { TestResponse } from "../support/test-server.js";
import { useServer } from "../support/use-server.js";
import {
  AUTHENTICATE,
  allowedHeaders,
  authorize,
  type Callers,
  checkRequest,
  gatewayHeaders,
  lacksPermission,
  noPermissionCovers,
  notFound,
  ownerCallers,
  PRODUCT_ENDPOINTS,
  sid,
  type TwilioError,
  UNRELATED_PERMISSION,
  type Who,
} from "./decision-fixtures.js";

const MESSAGES_READ = "/twilio/messaging/messages/read";
const CALLS_CREATE = "/twilio/voice/calls/create";

describe("GET /v1/Authorize/Request", () => {
  const { server } = useServer();

  const messagePath = (accountSid = server.accountSid) =>
    `/2010-04-01/Accounts/${accountSid}/Messages/${sid("SM")}.json`;
  const callsPath = (accountSid = server.accountSid) => `/2010-04-01/Accounts/${accountSid}/Calls.json`;

  const expectAllowed = (response: TestResponse, who: Who, permission: string | null, label?: string) => {
    expect({ status: response.status, text: response.text, headers: gatewayHeaders(response) }, label).toEqual({
      status: 204,
      text: "",
      headers: allowedHeaders(who, permission),
    });
  };

  /** A denial: HTTP 401 for credential failures, 403 for anything else; the body keeps the real status. */
  const expectDenied = (
    response: TestResponse,
    expected: { who: Who | null; reason: string; error: TwilioError },
    label?: string,
  ) => {
    const httpStatus = expected.error.status === 401 ? 401 : 403;
    expect({ status: response.status, body: response.json, headers: gatewayHeaders(response) }, label).toEqual({
      status: httpStatus,
      body: expected.error,
      headers: {
        reason: expected.reason,
        accountSid: expected.who?.accountSid ?? null,
        credentialSid: expected.who?.credentialSid ?? null,
        credentialType: expected.who?.credentialType ?? null,
        permission: null,
        errorCode: String(expected.error.code),
        wwwAuthenticate: httpStatus === 401 ? 'Basic realm="Twilio API"' : null,
        retryAfter: null,
      },
    });
  };

  describe.each(PRODUCT_ENDPOINTS)("$name", (endpoint) => {
    it("answers 204 with who the caller is for every credential type allowed", async () => {
      const callers = await ownerCallers(server, [endpoint.permission]);
      for (const caller of [callers.token, callers.main, callers.standard, callers.restricted]) {
        const response = await checkRequest(server, {
          method: endpoint.method,
          uri: endpoint.path(server.accountSid),
          host: endpoint.host,
          caller,
        });
        expectAllowed(response, caller.who, endpoint.permission, caller.who.credentialType);
      }
    });

    it("answers 403 with 70051 for a restricted key without the permission", async () => {
      const other = await createRestrictedKey(server, [UNRELATED_PERMISSION]);
      const response = await checkRequest(server, {
        method: endpoint.method,
        uri: endpoint.path(server.accountSid),
        host: endpoint.host,
        caller: other,
      });
      expectDenied(response, {
        who: { accountSid: server.accountSid, credentialSid: other.sid, credentialType: "restricted" },
        reason: "permission_denied",
        error: lacksPermission(endpoint.permission),
      });
    });
  });

  describe("denials", () => {
    let callers: Callers;
    beforeEach(async () => {
      callers = await ownerCallers(server, [MESSAGES_READ]);
    });

    it("answers 401 with 20003 and a challenge when the caller's credential fails", async () => {
      for (const caller of [undefined, { user: callers.main.user, password: "0".repeat(32) }, "Basic Zm9v"]) {
        const response = await checkRequest(server, {
          method: "GET",
          uri: messagePath(),
          host: "api.twilio.com",
          caller,
        });
        expectDenied(response, { who: null, reason: "authentication_failed", error: AUTHENTICATE });
      }
    });

    it("answers 401 with 20003 when a standard key reaches for key management", async () => {
      const response = await checkRequest(server, {
        method: "GET",
        uri: `/2010-04-01/Accounts/${server.accountSid}/Keys.json`,
        host: "api.twilio.com",
        caller: callers.standard,
      });
      expectDenied(response, { who: callers.standard.who, reason: "management_forbidden", error: AUTHENTICATE });
    });

    it("answers 403 with 70051 for a route the catalog does not know", async () => {
      const path = `/2010-04-01/Accounts/${server.accountSid}/Nothing.json`;
      const response = await checkRequest(server, {
        method: "GET",
        uri: path,
        host: "api.twilio.com",
        caller: callers.restricted,
      });
      expectDenied(response, {
        who: callers.restricted.who,
        reason: "no_matching_route",
        error: noPermissionCovers("GET", path),
      });
    });

    it("answers 403 carrying 20404 for an account the credential cannot reach, naming the original path", async () => {
      const sub = await createSubaccount(server);
      const path = messagePath(sub.sid);
      const response = await checkRequest(server, {
        method: "GET",
        uri: `${path}?PageSize=1`,
        host: "api.twilio.com",
        caller: callers.main,
      });
      expectDenied(response, { who: callers.main.who, reason: "account_not_reachable", error: notFound(path) });
    });

    it("carries the same error as POST /v1/Authorize for the same request", async () => {
      const cases: ReadonlyArray<readonly [string, string, { user: string; password: string }]> = [
        ["POST", callsPath(), callers.restricted],
        ["GET", `/2010-04-01/Accounts/${server.accountSid}/Keys.json`, callers.standard],
        ["GET", "/v1/Unknown", callers.restricted],
        ["GET", messagePath(), { user: callers.token.user, password: "0".repeat(32) }],
      ];
      for (const [method, path, caller] of cases) {
        const authorization = server.basic(caller.user, caller.password);
        const viaHeaders = await checkRequest(server, {
          method,
          uri: path,
          host: "api.twilio.com",
          caller: authorization,
        });
        const viaBody = await authorize(server, {
          Method: method,
          Url: `https://api.twilio.com${path}`,
          Authorization: authorization,
        });
        expect(viaHeaders.json, `${method} ${path}`).toEqual(viaBody.json.error);
        expect(viaHeaders.headers.get("x-latchkey-reason")).toBe(viaBody.json.reason);
      }
    });
  });

  describe("the original request", () => {
    let callers: Callers;
    beforeEach(async () => {
      callers = await ownerCallers(server, [MESSAGES_READ, CALLS_CREATE]);
    });

    it("reads a lower-case method, a regional host, a host with a port and ignores the query string", async () => {
      const cases: ReadonlyArray<readonly [string, string, string, string]> = [
        ["get", "api.twilio.com", messagePath(), MESSAGES_READ],
        ["post", "api.dublin.us1.twilio.com", callsPath(), CALLS_CREATE],
        ["GET", "api.twilio.com:443", `${messagePath()}?PageSize=5&Page=1`, MESSAGES_READ],
        ["POST", "API.SYDNEY.US1.TWILIO.COM", `${callsPath()}?x=1`, CALLS_CREATE],
      ];
      for (const [method, host, uri, permission] of cases) {
        const response = await checkRequest(server, { method, uri, host, caller: callers.restricted });
        expectAllowed(response, callers.restricted.who, permission, `${method} ${host}${uri}`);
      }
    });

    it("leaves X-Latchkey-Permission out when a standard key is allowed on a route the catalog does not know", async () => {
      const response = await checkRequest(server, {
        method: "GET",
        uri: "/v1/Unknown",
        host: "api.twilio.com",
        caller: callers.standard,
      });
      expectAllowed(response, callers.standard.who, null);
    });

    it("uses the caller's Authorization, never the gateway's, for the decision", async () => {
      // The gateway is a Main key; the caller's own credential is missing, so the caller is refused.
      const main = await server.createMainKey("gateway");
      const response = await checkRequest(server, {
        method: "GET",
        uri: messagePath(),
        host: "api.twilio.com",
        gateway: server.basic(main.sid, main.secret),
      });
      expectDenied(response, { who: null, reason: "authentication_failed", error: AUTHENTICATE });
    });
  });
});
