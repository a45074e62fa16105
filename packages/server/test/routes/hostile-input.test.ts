/**
 * Hostile input below and inside the routes, over real sockets: policies built to crash the parser,
 * JSON bodies nested thousands deep, requests Node's HTTP parser refuses, and what happens to a
 * keep-alive connection afterwards. Every answer is Twilio's error body, never a 5xx, and whenever the
 * server closes the connection it says `Connection: close` first and closes it cleanly.
 */
import { Agent, request as httpRequest } from "node:http";
import { connect } from "node:net";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { createThrottles } from "../../src/runtime/throttles.js";
import { createStandardKey, expectTwilioError, snapshot } from "../support/route-fixtures.js";
import { GATEWAY_TOKEN, type TestServer } from "../support/test-server.js";
import { useServer } from "../support/use-server.js";

const nested = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;
const POLICY_DEPTH_MESSAGE =
  'Policy must be {"allow":[<permission strings>]}; it nests objects or arrays deeper than that';

interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

interface RawExchange {
  /** Every response the server wrote on the connection, in order. */
  readonly responses: readonly RawResponse[];
  /** How the connection ended: the server's FIN, a reset, or still open when we gave up waiting. */
  readonly ending: "closed" | "reset" | "open";
}

/** Writes `bytes` on a fresh TCP connection and reads until the server closes it (or `waitMs` passes). */
function exchange(server: TestServer, bytes: string, waitMs = 2_000): Promise<RawExchange> {
  const { port } = new URL(server.url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), "127.0.0.1");
    const chunks: Buffer[] = [];
    let ending: RawExchange["ending"] = "open";
    const finish = () => {
      clearTimeout(timer);
      resolve({ responses: parseResponses(Buffer.concat(chunks).toString("latin1")), ending });
    };
    const timer = setTimeout(() => {
      socket.destroy();
      finish();
    }, waitMs);
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("end", () => {
      ending = "closed";
      socket.end();
    });
    socket.on("error", () => {
      ending = "reset";
    });
    socket.on("close", finish);
    socket.write(bytes);
  });
}

function parseResponses(text: string): RawResponse[] {
  const responses: RawResponse[] = [];
  let rest = text;
  while (rest.startsWith("HTTP/1.1 ")) {
    const headEnd = rest.indexOf("\r\n\r\n");
    if (headEnd === -1) break;
    const [statusLine = "", ...lines] = rest.slice(0, headEnd).split("\r\n");
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(":");
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = Number(headers["content-length"] ?? 0);
    const bodyStart = headEnd + 4;
    responses.push({
      status: Number(statusLine.split(" ")[1]),
      headers,
      body: rest.slice(bodyStart, bodyStart + length),
    });
    rest = rest.slice(bodyStart + length);
  }
  return responses;
}

/** Twilio's error body, exactly. */
function twilioBody(status: number, code: number, message: string) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

/** The one response of a connection the server must answer and then close cleanly. */
function expectClosedWith(result: RawExchange, status: number, code: number, message: string): void {
  expect(result.responses).toHaveLength(1);
  const [response] = result.responses;
  expect({
    status: response?.status,
    connection: response?.headers.connection,
    contentType: response?.headers["content-type"],
    body: JSON.parse(response?.body ?? "null"),
    ending: result.ending,
  }).toEqual({
    status,
    connection: "close",
    contentType: "application/json; charset=utf-8",
    body: twilioBody(status, code, message),
    ending: "closed",
  });
}

/** GET through a keep-alive agent; resolves with the status, or rejects with the socket error. */
function getWith(agent: Agent, server: TestServer, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${server.url}/healthz`, { agent, headers }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    });
    request.on("error", reject);
    request.end();
  });
}

describe("hostile input", () => {
  const { server, owner } = useServer();

  describe("Policy values", () => {
    const createRestricted = (policy: string) =>
      server.request("POST", "/v1/Keys", {
        auth: owner,
        form: { AccountSid: server.accountSid, KeyType: "restricted", Policy: policy },
      });

    it("answers 400/70002 for an entry whose toString is not callable, on create and update, writing nothing", async () => {
      const restricted = await server.request("POST", "/v1/Keys", {
        auth: owner,
        form: {
          AccountSid: server.accountSid,
          KeyType: "restricted",
          Policy: '{"allow":["/twilio/messaging/messages/read"]}',
        },
      });
      const before = await snapshot(server);
      const policy = '{"allow":[{"toString":1}]}';

      expect(expectTwilioError(await createRestricted(policy), 400, 70002)).toBe(POLICY_DEPTH_MESSAGE);
      const updated = await server.request("POST", `/v1/Keys/${restricted.json.sid}`, {
        auth: owner,
        form: { Policy: policy },
      });
      expect(expectTwilioError(updated, 400, 70002)).toBe(POLICY_DEPTH_MESSAGE);
      expect(await snapshot(server)).toEqual(before);
    });

    it("answers 400/70002 for 7,000 nested arrays (14 KB), writing nothing", async () => {
      const before = await snapshot(server);
      const policy = `{"allow":${nested(7_000)}}`;

      expect(expectTwilioError(await createRestricted(policy), 400, 70002)).toBe(POLICY_DEPTH_MESSAGE);
      expect(await snapshot(server)).toEqual(before);
    });

    it("names a non-string entry by its position and JSON type", async () => {
      const response = await createRestricted('{"allow":["/twilio/messaging/messages/read",false]}');

      expect(expectTwilioError(response, 400, 70002)).toBe(
        "Invalid policy: assertion 2 is a boolean; each assertion must be a permission string",
      );
    });
  });

  describe("JSON bodies of the decision API", () => {
    const postJson = (body: string) =>
      server.request("POST", "/v1/Authorize", {
        auth: `Bearer ${GATEWAY_TOKEN}`,
        body,
        headers: { "content-type": "application/json" },
      });
    const TOO_DEEP = "The body must be a JSON object of string fields; it nests deeper than that";

    it("answers 400/20001 for a field nested 400,000 levels deep, before parsing it", async () => {
      const body = `{"Method":"GET","Url":"https://api.twilio.com/2010-04-01/Accounts.json","X":${nested(400_000)}}`;

      expect(expectTwilioError(await postJson(body), 400, 20001)).toBe(TOO_DEEP);
    });

    it("keeps the field-level message for a field given as an array or object", async () => {
      expect(expectTwilioError(await postJson('{"Method":["GET"]}'), 400, 20001)).toBe(
        "Parameter Method must be given once",
      );
      expect(expectTwilioError(await postJson('{"Method":[["GET"]]}'), 400, 20001)).toBe(TOO_DEEP);
    });
  });

  describe("requests the HTTP parser refuses", () => {
    it("answers 431 in Twilio's format with Connection: close, and closes the connection cleanly", async () => {
      // Far over the limit, so the server has unread bytes when it answers: closing must not reset them.
      const result = await exchange(
        server,
        `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(200_000)}\r\n\r\n`,
      );

      expectClosedWith(result, 431, 20001, "Request header fields are larger than 16384 bytes");
    });

    it("lets a keep-alive client's next request succeed after each 431", async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        for (let round = 0; round < 20; round += 1) {
          expect(await getWith(agent, server, { "x-big": "a".repeat(20_000) })).toBe(431);
          expect(await getWith(agent, server)).toBe(200);
        }
      } finally {
        agent.destroy();
      }
    });

    it.each([
      ["a request line that is not HTTP", "GARBAGE\r\n\r\n", "The request is not valid HTTP/1.1"],
      [
        "a control character in a header value",
        "GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\u0001b\r\n\r\n",
        "The request has a malformed header",
      ],
      [
        "a Content-Length that is not a number",
        "POST /v1/Keys HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
        "The request's Content-Length is not valid",
      ],
      [
        "both Content-Length and Transfer-Encoding",
        "POST /v1/Keys HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "The request's Transfer-Encoding is not valid",
      ],
      [
        "a chunk size that is not hex",
        // The decision API reads the body before it checks the gateway, so the parser meets the bad chunk.
        "POST /v1/Authorize HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n",
        "The request's chunked body is malformed",
      ],
    ])("answers 400/20001 in Twilio's format for %s, with Connection: close", async (_what, bytes, message) => {
      expectClosedWith(await exchange(server, bytes), 400, 20001, message);
    });

    it("answers 400/20001 for a body shorter than its Content-Length when the client stops sending", async () => {
      const bytes =
        "POST /v1/Keys HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n" +
        `Authorization: ${server.basic(server.accountSid, server.authToken)}\r\nContent-Length: 100\r\n\r\nAccountSid=1`;
      const { port } = new URL(server.url);
      const result = await new Promise<RawExchange>((resolve) => {
        const socket = connect(Number(port), "127.0.0.1");
        const chunks: Buffer[] = [];
        socket.on("data", (chunk) => chunks.push(chunk));
        socket.on("error", () => undefined);
        socket.on("close", (hadError) =>
          resolve({
            responses: parseResponses(Buffer.concat(chunks).toString("latin1")),
            ending: hadError ? "reset" : "closed",
          }),
        );
        // Half-close after the short body: the server sees the end of the request mid-body.
        socket.end(bytes);
      });

      expect(result.responses.map((response) => [response.status, JSON.parse(response.body)])).toEqual([
        [400, twilioBody(400, 20001, "The request ended before its body did")],
      ]);
      expect(result.responses[0]?.headers.connection).toBe("close");
    });
  });

  describe("requests Fastify refuses before a route runs", () => {
    it("answers 400/20001 in Twilio's format for a path that is not valid percent-encoding, keeping the connection", async () => {
      const auth = server.basic(server.accountSid, server.authToken);
      const result = await exchange(
        server,
        `GET /v1/Keys/%E0%A4%A HTTP/1.1\r\nHost: x\r\nAuthorization: ${auth}\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      );

      expect(result.responses.map((response) => [response.status, JSON.parse(response.body)])).toEqual([
        [400, twilioBody(400, 20001, "The request path is not valid percent-encoding")],
        [200, { status: "ok" }],
      ]);
      expect(result.responses[0]?.headers["twilio-request-id"]).toMatch(/^RQ[0-9a-f]{32}$/);
    });

    it("answers 404/20404 in Twilio's format for a path segment longer than any SID", async () => {
      const key = await createStandardKey(server);
      const path = `/v1/Keys/${key.sid}${"0".repeat(200)}`;
      const response = await server.request("GET", path, { auth: owner });

      expect({ status: response.status, body: response.json }).toEqual({
        status: 404,
        body: twilioBody(404, 20404, `The requested resource ${path.slice(0, 256)} was not found`),
      });
    });
  });

  describe("shutting down", () => {
    it("answers a request arriving on an open connection with 503 in Twilio's format and Connection: close", async () => {
      const app = await createApp({
        deployment: server.deployment,
        throttles: createThrottles(
          { authFailuresPerAddress: 100, authFailuresPerSid: 100, authFailureWindowSeconds: 60 },
          server.region.clock,
        ),
        logger: pino({ level: "silent" }),
      });
      await app.listen({ host: "127.0.0.1", port: 0 });
      const address = app.server.address();
      if (typeof address !== "object" || address === null) throw new Error("no address");
      const socket = connect(address.port, "127.0.0.1");
      const chunks: Buffer[] = [];
      socket.on("data", (chunk) => chunks.push(chunk));
      const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
      try {
        // A request in progress keeps the connection busy, so closing the app does not drop it ...
        const body = "FriendlyName=x";
        socket.write(
          `POST /v1/Keys HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\nFriendly`,
        );
        await new Promise((resolve) => setTimeout(resolve, 200));
        const closing = app.close();
        // ... and the next request on it arrives while the server is shutting down.
        socket.write(`${body.slice("Friendly".length)}GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n`);
        await closed;
        await closing;
      } finally {
        socket.destroy();
        await app.close();
      }
      const responses = parseResponses(Buffer.concat(chunks).toString("latin1"));

      expect(responses).toHaveLength(2);
      expect({
        status: responses[1]?.status,
        connection: responses[1]?.headers.connection,
        body: JSON.parse(responses[1]?.body ?? "null"),
      }).toEqual({
        status: 503,
        connection: "close",
        body: twilioBody(503, 20503, "The server is shutting down; retry on a new connection"),
      });
    });
  });
});
