/**
 * POST /v1/Authorize: the decision body for each credential type across the catalog's products and
 * hosts, and the ways a target can be given (Url, Host + Path, regional hosts, form or JSON).
 */
import { beforeEach, describe, expect, it } from "vitest";
import { createRestrictedKey } from "../support/route-fixtures.js";
import { useServer } from "../support/use-server.js";
import {
  AUTHENTICATE,
  allowedBody,
  ask,
  authorize,
  type Callers,
  deniedBody,
  expectDecision,
  GATEWAY,
  lacksPermission,
  ownerCallers,
  PRODUCT_ENDPOINTS,
  sid,
  UNRELATED_PERMISSION,
} from "./decision-fixtures.js";

const MESSAGES_READ = "/twilio/messaging/messages/read";
const CALLS_CREATE = "/twilio/voice/calls/create";
const EXECUTIONS_CREATE = "/twilio/studio/executions/create";

describe("POST /v1/Authorize", () => {
  const { server } = useServer();

  const messagePath = () => `/2010-04-01/Accounts/${server.accountSid}/Messages/${sid("SM")}.json`;
  const callsPath = () => `/2010-04-01/Accounts/${server.accountSid}/Calls.json`;

  describe.each(PRODUCT_ENDPOINTS)("$name", (endpoint) => {
    let callers: Callers;
    beforeEach(async () => {
      callers = await ownerCallers(server, [endpoint.permission]);
    });
    const url = () => `https://${endpoint.host}${endpoint.path(server.accountSid)}`;

    it("allows an Auth Token, a Main key, a standard key and a restricted key holding the permission", async () => {
      for (const caller of [callers.token, callers.main, callers.standard, callers.restricted]) {
        expectDecision(
          await ask(server, caller, endpoint.method, url()),
          allowedBody(caller.who, endpoint.permission),
          caller.who.credentialType,
        );
      }
    });

    it("denies a restricted key without the permission and names the missing one", async () => {
      const other = await createRestrictedKey(server, [UNRELATED_PERMISSION]);
      expectDecision(
        await ask(server, other, endpoint.method, url()),
        deniedBody(
          { accountSid: server.accountSid, credentialSid: other.sid, credentialType: "restricted" },
          "permission_denied",
          lacksPermission(endpoint.permission),
          endpoint.permission,
        ),
      );
    });

    it("gives the same decision for Host + Path as for Url", async () => {
      for (const caller of [callers.restricted, callers.standard]) {
        const viaUrl = await ask(server, caller, endpoint.method, url());
        const viaParts = await authorize(server, {
          Method: endpoint.method,
          Host: endpoint.host,
          Path: endpoint.path(server.accountSid),
          Authorization: server.basic(caller.user, caller.password),
        });
        expectDecision(viaParts, allowedBody(caller.who, endpoint.permission));
        expect(viaParts.json).toEqual(viaUrl.json);
      }
    });
  });

  describe("regional and unusual hosts", () => {
    let callers: Callers;
    beforeEach(async () => {
      callers = await ownerCallers(server, [MESSAGES_READ, EXECUTIONS_CREATE]);
    });

    it("maps a regional host to its product, by Url and by Host", async () => {
      const studio = `/v2/Flows/${sid("FW")}/Executions`;
      const cases: ReadonlyArray<readonly [string, string, string, string]> = [
        ["GET", "api.dublin.us1.twilio.com", messagePath(), MESSAGES_READ],
        ["GET", "api.sydney.us1.twilio.com", messagePath(), MESSAGES_READ],
        ["POST", "studio.dublin.us1.twilio.com", studio, EXECUTIONS_CREATE],
        ["GET", "api.twilio.com:443", messagePath(), MESSAGES_READ],
        ["GET", "API.Dublin.US1.Twilio.COM", messagePath(), MESSAGES_READ],
      ];
      for (const [method, host, path, permission] of cases) {
        const expected = allowedBody(callers.restricted.who, permission);
        expectDecision(await ask(server, callers.restricted, method, `https://${host}${path}`), expected, host);
        const viaParts = await authorize(server, {
          Method: method,
          Host: host,
          Path: path,
          Authorization: server.basic(callers.restricted.user, callers.restricted.password),
        });
        expectDecision(viaParts, expected, `Host ${host}`);
      }
    });

    it("denies on a regional host exactly as on the global one", async () => {
      const path = callsPath();
      for (const host of ["api.twilio.com", "api.dublin.us1.twilio.com"]) {
        expectDecision(
          await ask(server, callers.restricted, "POST", `https://${host}${path}`),
          deniedBody(callers.restricted.who, "permission_denied", lacksPermission(CALLS_CREATE), CALLS_CREATE),
          host,
        );
      }
    });

    it("does not mistake one product's host for another's", async () => {
      // The Messages path exists on api only: on studio (or on a host the catalog does not know) it is no route.
      for (const host of ["studio.twilio.com", "messaging.twilio.com", "example.com"]) {
        const response = await ask(server, callers.restricted, "GET", `https://${host}${messagePath()}`);
        expect(response.json.reason, host).toBe("no_matching_route");
      }
    });
  });

  describe("the target", () => {
    let callers: Callers;
    beforeEach(async () => {
      callers = await ownerCallers(server, [MESSAGES_READ]);
    });

    it("ignores the query string and the fragment of Url and the query string of Path", async () => {
      const expected = allowedBody(callers.restricted.who, MESSAGES_READ);
      for (const suffix of ["?PageSize=20", "#top", "?To=%2B15558675310&From=x#frag"]) {
        expectDecision(
          await ask(server, callers.restricted, "GET", `https://api.twilio.com${messagePath()}${suffix}`),
          expected,
          suffix,
        );
      }
      const viaParts = await authorize(server, {
        Method: "GET",
        Host: "api.twilio.com",
        Path: `${messagePath()}?PageSize=20`,
        Authorization: server.basic(callers.restricted.user, callers.restricted.password),
      });
      expectDecision(viaParts, expected);
    });

    it("takes Url over Host and Path when both are given", async () => {
      const response = await authorize(server, {
        Method: "GET",
        Url: `https://api.twilio.com${messagePath()}`,
        Host: "api.twilio.com",
        Path: callsPath(),
        Authorization: server.basic(callers.restricted.user, callers.restricted.password),
      });
      expectDecision(response, allowedBody(callers.restricted.who, MESSAGES_READ));
    });

    it("accepts the method in any case", async () => {
      for (const method of ["get", "Get", "GET"]) {
        expectDecision(
          await ask(server, callers.restricted, method, `https://api.twilio.com${messagePath()}`),
          allowedBody(callers.restricted.who, MESSAGES_READ),
          method,
        );
      }
    });

    it("does not treat HEAD as GET", async () => {
      const response = await ask(server, callers.restricted, "HEAD", `https://api.twilio.com${messagePath()}`);
      expect(response.json.reason).toBe("no_matching_route");
    });
  });

  describe("JSON bodies", () => {
    let callers: Callers;
    beforeEach(async () => {
      callers = await ownerCallers(server, [MESSAGES_READ]);
    });

    it("decides a JSON body exactly as the same form body", async () => {
      for (const caller of [callers.token, callers.main, callers.standard, callers.restricted]) {
        for (const method of ["GET", "POST"]) {
          const fields = {
            Method: method,
            Url: `https://api.twilio.com${messagePath()}`,
            Authorization: server.basic(caller.user, caller.password),
            ClientIp: "198.51.100.7",
          };
          const viaForm = await authorize(server, fields);
          const viaJson = await authorize(server, fields, { json: true });
          expect(viaJson.status).toBe(200);
          expect(viaJson.json, `${caller.who.credentialType} ${method}`).toEqual(viaForm.json);
        }
      }
      const restricted = await authorize(
        server,
        {
          Method: "GET",
          Url: `https://api.twilio.com${messagePath()}`,
          Authorization: server.basic(callers.restricted.user, callers.restricted.password),
        },
        { json: true },
      );
      expectDecision(restricted, allowedBody(callers.restricted.who, MESSAGES_READ));
    });

    it("accepts Host + Path, a charset and fields it does not know in JSON", async () => {
      const response = await server.request("POST", "/v1/Authorize", {
        auth: GATEWAY,
        headers: { "content-type": "application/json; charset=utf-8" },
        body: JSON.stringify({
          Method: "POST",
          Host: "api.twilio.com",
          Path: callsPath(),
          Authorization: server.basic(callers.standard.user, callers.standard.password),
          Extra: { nested: true },
        }),
      });
      expectDecision(response, allowedBody(callers.standard.who, CALLS_CREATE));
    });
  });

  describe("the caller's credential", () => {
    it("denies every kind of credential failure with the same body and no principal", async () => {
      const callers = await ownerCallers(server, [MESSAGES_READ]);
      const url = `https://api.twilio.com${messagePath()}`;
      const failures: ReadonlyArray<readonly [string, string | undefined]> = [
        ["no Authorization", undefined],
        ["empty Authorization", ""],
        ["a key with a wrong secret", server.basic(callers.restricted.user, "0".repeat(32))],
        ["a Main key with a wrong secret", server.basic(callers.main.user, "0".repeat(32))],
        ["an account with a wrong token", server.basic(server.accountSid, "0".repeat(32))],
        ["an unknown key SID", server.basic(sid("SK"), "x".repeat(32))],
        ["an unknown account SID", server.basic(sid("AC"), "0".repeat(32))],
        ["a malformed SID", server.basic("SKnope", "secret")],
        ["a scheme that is not Basic", `Digest ${server.basic(server.accountSid, server.authToken).slice(6)}`],
        ["garbage", "Basic !!!not-base64!!!"],
      ];
      for (const [label, authorization] of failures) {
        const response = await authorize(server, { Method: "GET", Url: url, Authorization: authorization });
        expectDecision(response, deniedBody(null, "authentication_failed", AUTHENTICATE), label);
        // A denied decision is still a 200 answer to the gateway: no challenge of its own.
        expect(response.headers.get("www-authenticate"), label).toBeNull();
      }
    });

    it("answers decisions as JSON with a request id", async () => {
      const callers = await ownerCallers(server, [MESSAGES_READ]);
      const response = await ask(server, callers.restricted, "GET", `https://api.twilio.com${messagePath()}`);
      expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
      expect(response.headers.get("twilio-request-id")).toMatch(/^RQ[0-9a-f]{32}$/);
    });
  });
});
