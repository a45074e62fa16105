/**
 * Bad input to the decision API: every malformed request gets an exact 4xx Twilio error, never a 500,
 * and odd but well-formed targets get a decision rather than an error.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Credentials, createRestrictedKey } from "../support/route-fixtures.js";
import type { TestResponse } from "../support/test-server.js";
import { useServer } from "../support/use-server.js";
import {
  allowedBody,
  authorize,
  checkRequest,
  deniedBody,
  expectDecision,
  expectHttpError,
  GATEWAY,
  lacksPermission,
  noPermissionCovers,
  notFound,
  sid,
  twilioError,
  type Who,
} from "./decision-fixtures.js";

const MESSAGES_READ = "/twilio/messaging/messages/read";
const MISSING_METHOD = twilioError(20001, 400, "Missing Method");
const BAD_METHOD = twilioError(20001, 400, "Method must be an HTTP method such as GET");
const BAD_URL = twilioError(
  20001,
  400,
  "Url must be an absolute URL such as https://api.twilio.com/2010-04-01/Accounts.json",
);
const URL_TOO_LONG = twilioError(20001, 400, "Url is longer than 8 KiB");
const NO_TARGET = twilioError(20001, 400, "Give Url, or both Host and Path");
const TARGET_TOO_LONG = twilioError(20001, 400, "Host or Path is too long");
const NOT_JSON_OBJECT = twilioError(20001, 400, "The body must be a JSON object");
const given = (name: string) => twilioError(20001, 400, `Parameter ${name} must be given once`);
const UNSUPPORTED = twilioError(
  20001,
  415,
  "Request body must be application/x-www-form-urlencoded or application/json",
);
const TOO_LARGE = twilioError(20001, 413, "Request body is larger than 1 MiB");

describe("decision API bad input", () => {
  // Any credential failure would block the address at once: bad input must never count as one.
  const { server } = useServer({ authFailuresPerAddress: 1 });
  let key: Credentials & { sid: string };
  let who: Who;
  beforeEach(async () => {
    key = await createRestrictedKey(server, [MESSAGES_READ]);
    who = { accountSid: server.accountSid, credentialSid: key.sid, credentialType: "restricted" };
  });
  afterEach(async () => {
    // Still not throttled after everything the test sent.
    expectDecision(
      await authorize(server, { Method: "GET", Url: messageUrl(), Authorization: caller() }),
      allowedBody(who, MESSAGES_READ),
      "a good request after the bad ones",
    );
  });

  const messagePath = () => `/2010-04-01/Accounts/${server.accountSid}/Messages/${sid("SM")}.json`;
  const messageUrl = () => `https://api.twilio.com${messagePath()}`;
  const caller = () => server.basic(key.user, key.password);
  const post = (fields: Record<string, string | undefined>) => authorize(server, fields);
  const postJson = (body: string, contentType = "application/json") =>
    server.request("POST", "/v1/Authorize", { auth: GATEWAY, body, headers: { "content-type": contentType } });

  describe("POST /v1/Authorize", () => {
    it("answers 400/20001 for a missing or empty Method", async () => {
      expectHttpError(await post({ Url: messageUrl(), Authorization: caller() }), 400, MISSING_METHOD);
      expectHttpError(await post({ Method: "", Url: messageUrl(), Authorization: caller() }), 400, MISSING_METHOD);
    });

    it("answers 400/20001 for a Method that is not an HTTP method", async () => {
      for (const method of ["GE T", "G3T", "GET ", " GET", "GET/POST", "GÉT", "GET\n", "A".repeat(17), "*", "-"]) {
        expectHttpError(
          await post({ Method: method, Url: messageUrl(), Authorization: caller() }),
          400,
          BAD_METHOD,
          method,
        );
      }
    });

    it("accepts a 16-letter method as a method (and finds no route for it)", async () => {
      const method = "A".repeat(16);
      expectDecision(
        await post({ Method: method, Url: messageUrl(), Authorization: caller() }),
        deniedBody(who, "no_matching_route", noPermissionCovers(method, messagePath())),
      );
    });

    it("answers 400/20001 for a field given twice", async () => {
      for (const name of ["Method", "Url", "Authorization", "ClientIp", "Host", "Path"]) {
        const form: Record<string, string | readonly string[]> = {
          Method: "GET",
          Url: messageUrl(),
          Authorization: caller(),
        };
        form[name] = name === "Url" ? [messageUrl(), messageUrl()] : ["a", "b"];
        const response = await server.request("POST", "/v1/Authorize", { auth: GATEWAY, form });
        expectHttpError(response, 400, given(name), name);
      }
    });

    it("answers 400/20001 for a Url that is not an absolute URL", async () => {
      for (const url of [
        "not a url",
        messagePath(),
        `api.twilio.com${messagePath()}`,
        "https://",
        "https://exa mple.com/v1/Rooms",
        "https://[::1/v1/Rooms",
        "://api.twilio.com/v1",
      ]) {
        expectHttpError(await post({ Method: "GET", Url: url, Authorization: caller() }), 400, BAD_URL, url);
      }
    });

    it("answers 400/20001 for a Url over 8 KiB and takes one of exactly 8 KiB", async () => {
      const prefix = "https://api.twilio.com/v1/";
      const atLimit = `${prefix}${"a".repeat(8 * 1024 - prefix.length)}`;
      expect(atLimit.length).toBe(8 * 1024);
      expectDecision(
        await post({ Method: "GET", Url: atLimit, Authorization: caller() }),
        deniedBody(who, "no_matching_route", noPermissionCovers("GET", new URL(atLimit).pathname.slice(0, 256))),
      );
      expectHttpError(await post({ Method: "GET", Url: `${atLimit}a`, Authorization: caller() }), 400, URL_TOO_LONG);
    });

    it("answers 400/20001 when neither Url nor both Host and Path are given", async () => {
      const cases: ReadonlyArray<Record<string, string>> = [
        {},
        { Host: "api.twilio.com" },
        { Path: messagePath() },
        { Url: undefined as unknown as string, Host: "api.twilio.com" },
      ];
      for (const target of cases) {
        expectHttpError(
          await post({ Method: "GET", Authorization: caller(), ...target }),
          400,
          NO_TARGET,
          JSON.stringify(target),
        );
      }
    });

    it("answers 400/20001 for a Path over 8 KiB or a Host over 255 characters", async () => {
      const longPath = `/${"a".repeat(8 * 1024)}`;
      expectHttpError(
        await post({ Method: "GET", Host: "api.twilio.com", Path: longPath, Authorization: caller() }),
        400,
        TARGET_TOO_LONG,
      );
      expectHttpError(
        await post({ Method: "GET", Host: `${"a".repeat(252)}.com`, Path: messagePath(), Authorization: caller() }),
        400,
        TARGET_TOO_LONG,
      );
    });

    it("answers 400/20001 for a JSON body that is not an object", async () => {
      for (const body of ["[]", '["GET"]', '"GET"', "null", "42", "true", "{", '{"Method":', "", "{'Method':'GET'}"]) {
        expectHttpError(await postJson(body), 400, NOT_JSON_OBJECT, JSON.stringify(body));
      }
    });

    it("answers 400/20001 for a JSON field that is not a string", async () => {
      const cases: ReadonlyArray<readonly [string, unknown]> = [
        ["Method", 1],
        ["Method", ["GET"]],
        ["Url", { href: "https://api.twilio.com" }],
        ["Authorization", null],
        ["ClientIp", true],
      ];
      for (const [name, value] of cases) {
        const body = { Method: "GET", Url: messageUrl(), Authorization: caller(), [name]: value };
        expectHttpError(await postJson(JSON.stringify(body)), 400, given(name), `${name}=${JSON.stringify(value)}`);
      }
    });

    it("answers 415 for a body that is neither a form nor JSON", async () => {
      const fields = `Method=GET&Url=${encodeURIComponent(messageUrl())}`;
      for (const contentType of [
        "text/plain",
        "application/xml",
        "multipart/form-data; boundary=x",
        "application/x-json",
      ]) {
        expectHttpError(await postJson(fields, contentType), 415, UNSUPPORTED, contentType);
      }
    });

    it("answers 413 for a body over 1 MiB, form or JSON", async () => {
      const huge = "a".repeat(1024 * 1024 + 1);
      expectHttpError(
        await post({ Method: "GET", Url: messageUrl(), Authorization: caller(), Pad: huge }),
        413,
        TOO_LARGE,
      );
      expectHttpError(await postJson(JSON.stringify({ Method: "GET", Pad: huge })), 413, TOO_LARGE);
    });

    it("answers 400/20001 for a POST with no body at all", async () => {
      expectHttpError(await server.request("POST", "/v1/Authorize", { auth: GATEWAY }), 400, MISSING_METHOD);
    });

    it("answers 404/20404 for the wrong method on either endpoint", async () => {
      for (const [method, path] of [
        ["GET", "/v1/Authorize"],
        ["PUT", "/v1/Authorize"],
        ["POST", "/v1/Authorize/Request"],
        ["DELETE", "/v1/Authorize/Request"],
      ] as const) {
        expectHttpError(
          await server.request(method, path, { auth: GATEWAY }),
          404,
          notFound(path),
          `${method} ${path}`,
        );
      }
    });
  });

  describe("odd but well-formed targets get a decision, not an error", () => {
    const decideUrl = (url: string) => post({ Method: "GET", Url: url, Authorization: caller() });
    const decideParts = (host: string, path: string) =>
      post({ Method: "GET", Host: host, Path: path, Authorization: caller() });
    const noRoute = (path: string) => deniedBody(who, "no_matching_route", noPermissionCovers("GET", path));

    it("decides URLs with user info, IPv6 hosts, odd characters and a bare origin", async () => {
      expectDecision(
        await decideUrl(`https://user:pass@api.twilio.com${messagePath()}`),
        allowedBody(who, MESSAGES_READ),
      );
      expectDecision(await decideUrl(`https://[::1]${messagePath()}`), noRoute(messagePath()));
      expectDecision(await decideUrl("https://api.twilio.com"), noRoute("/"));
      expectDecision(await decideUrl("https://api.twilio.com/%00"), noRoute("/%00"));
      expectDecision(await decideUrl("https://api.twilio.com/v1/Rooms/é"), noRoute("/v1/Rooms/%C3%A9"));
      expectDecision(await decideUrl("mailto:someone@example.com"), noRoute("someone@example.com"));
    });

    it("resolves dot segments in Url, as a URL parser does", async () => {
      // `…/Messages/../Calls.json` is the Calls list.
      const calls = "/twilio/voice/calls/list";
      expectDecision(
        await decideUrl(`https://api.twilio.com/2010-04-01/Accounts/${server.accountSid}/Messages/../Calls.json`),
        deniedBody(who, "permission_denied", lacksPermission(calls), calls),
      );
      expectDecision(
        await decideUrl(`https://api.twilio.com/2010-04-01/Accounts/${server.accountSid}/Messages/%2e%2e/Calls.json`),
        deniedBody(who, "permission_denied", lacksPermission(calls), calls),
      );
    });

    it("decides Host and Path with dot segments resolved, as an upstream would", async () => {
      expectDecision(await decideParts("api.twilio.com.", messagePath()), allowedBody(who, MESSAGES_READ));
      const dotted = `/2010-04-01/Accounts/${server.accountSid}/Messages/../Calls.json`;
      expectDecision(
        await decideParts("api.twilio.com", dotted),
        deniedBody(who, "permission_denied", lacksPermission("/twilio/voice/calls/list"), "/twilio/voice/calls/list"),
      );
      expectDecision(await decideParts("", ""), noRoute(""));
      expectDecision(await decideParts(":443", messagePath()), noRoute(messagePath()));
      expectDecision(await decideParts("api.twilio.com", "relative/path"), noRoute("relative/path"));
      expectDecision(await decideParts("api.twilio.com", "?only=query"), noRoute(""));
    });
  });

  describe("GET /v1/Authorize/Request", () => {
    const check = (headers: { method?: string; uri?: string; host?: string }) =>
      checkRequest(server, { caller: caller(), ...headers });
    // Bad input keeps its 400 body but answers 403: nginx turns anything but 2xx, 401 and 403 into 500.
    const expectBadRequest = (response: TestResponse, error: ReturnType<typeof twilioError>, label?: string) => {
      expectHttpError(response, 403, error, label);
      expect(response.headers.get("x-latchkey-reason"), label).toBeNull();
    };

    it("answers 400/20001 for a missing or bad X-Original-Method", async () => {
      expectBadRequest(await check({ uri: messagePath(), host: "api.twilio.com" }), MISSING_METHOD);
      for (const method of ["G3T", "GET/POST", "A".repeat(17)]) {
        expectBadRequest(await check({ method, uri: messagePath(), host: "api.twilio.com" }), BAD_METHOD, method);
      }
    });

    it("answers 400/20001 for a missing X-Original-URI or X-Original-Host", async () => {
      expectBadRequest(await check({ method: "GET", host: "api.twilio.com" }), NO_TARGET, "no URI");
      expectBadRequest(await check({ method: "GET", uri: messagePath() }), NO_TARGET, "no host");
    });

    it("answers 400/20001 for an X-Original-URI over 8 KiB or an X-Original-Host over 255 characters", async () => {
      expectBadRequest(
        await check({ method: "GET", uri: `/${"a".repeat(8 * 1024)}`, host: "api.twilio.com" }),
        TARGET_TOO_LONG,
      );
      expectBadRequest(await check({ method: "GET", uri: messagePath(), host: `${"a".repeat(256)}` }), TARGET_TOO_LONG);
    });
  });
});
