import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { LatchkeyApiError, LatchkeyConnectionError } from "./errors.js";
import { HttpClient } from "./http.js";

interface Seen {
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
  readonly body: string;
}

/** A plain HTTP server that answers every request with `respond`, remembering what it was sent. */
async function startServer(respond: (response: ServerResponse, request: IncomingMessage) => void) {
  const seen: Seen[] = [];
  const server: Server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      seen.push({
        method: request.method,
        url: request.url,
        authorization: request.headers.authorization,
        contentType: request.headers["content-type"],
        body,
      });
      respond(response, request);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function json(status: number, body: unknown) {
  return (response: ServerResponse) => {
    response.writeHead(status, { "content-type": "application/json" });
    response.end(JSON.stringify(body));
  };
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to throw");
}

describe("HttpClient", () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });
  const serve = async (respond: (response: ServerResponse, request: IncomingMessage) => void) => {
    const server = await startServer(respond);
    closers.push(server.close);
    return server;
  };
  const clientOf = (baseUrl: string, extra: { timeoutMs?: number } = {}) =>
    new HttpClient({ baseUrl, username: "ACuser", password: "pässword", ...extra });

  it("sends Basic auth over UTF-8 and a form body, and returns the parsed JSON", async () => {
    const server = await serve(json(201, { ok: true }));
    const body = await clientOf(server.url).request({
      method: "POST",
      path: "/2010-04-01/Accounts.json",
      form: { FriendlyName: "a b&c", Status: undefined },
    });
    expect(body).toEqual({ ok: true });
    expect(server.seen).toEqual([
      {
        method: "POST",
        url: "/2010-04-01/Accounts.json",
        authorization: `Basic ${Buffer.from("ACuser:pässword", "utf8").toString("base64")}`,
        contentType: "application/x-www-form-urlencoded",
        body: "FriendlyName=a+b%26c",
      },
    ]);
  });

  it("keeps a path prefix of the base URL and adds the query to a path that has one", async () => {
    const server = await serve(json(200, {}));
    await clientOf(`${server.url}/latchkey/`).request({ method: "GET", path: "/x.json?Page=1", query: { A: "1" } });
    expect(server.seen[0]?.url).toBe("/latchkey/x.json?Page=1&A=1");
  });

  it("turns Twilio's error body into a LatchkeyApiError", async () => {
    const server = await serve(
      json(404, {
        code: 20404,
        message: "not here",
        more_info: "https://www.twilio.com/docs/errors/20404",
        status: 404,
      }),
    );
    const error = await caught(clientOf(server.url).request({ method: "GET", path: "/x.json" }));
    expect(error).toBeInstanceOf(LatchkeyApiError);
    expect(error).toMatchObject({
      status: 404,
      code: 20404,
      message: "not here",
      moreInfo: "https://www.twilio.com/docs/errors/20404",
    });
  });

  it("reports an error whose body is not JSON by its status line", async () => {
    const server = await serve((response) => {
      response.writeHead(502, "Bad Gateway", { "content-type": "text/html" });
      response.end("<html>upstream down</html>");
    });
    const error = await caught(clientOf(server.url).request({ method: "GET", path: "/x.json" }));
    expect(error).toBeInstanceOf(LatchkeyApiError);
    expect(error).toMatchObject({
      status: 502,
      code: null,
      moreInfo: null,
      message: "The server answered HTTP 502 Bad Gateway without a Twilio error body",
    });
  });

  it("rejects a successful answer that is not JSON", async () => {
    const server = await serve((response) => {
      response.writeHead(200, { "content-type": "text/html" });
      response.end("<html>a login page</html>");
    });
    const error = await caught(clientOf(server.url).request({ method: "GET", path: "/x.json" }));
    expect(error).toBeInstanceOf(LatchkeyApiError);
    expect(error).toMatchObject({
      status: 200,
      code: null,
      message: "Expected a JSON body from GET /x.json, got a body of type text/html",
    });
  });

  it("does not follow a redirect, so the credentials stay on the configured server", async () => {
    const elsewhere = await serve(json(200, {}));
    const server = await serve((response) => {
      response.writeHead(302, { location: `${elsewhere.url}/steal` });
      response.end();
    });
    const error = await caught(clientOf(server.url).request({ method: "GET", path: "/x.json" }));
    expect(error).toMatchObject({ status: 302, code: null });
    expect(elsewhere.seen).toEqual([]);
  });

  it("refuses paths that would leave the configured server", async () => {
    const server = await serve(json(200, {}));
    const client = clientOf(server.url);
    for (const path of ["https://evil.example/x", "//evil.example/x", "x.json"]) {
      await expect(client.request({ method: "GET", path })).rejects.toThrow(TypeError);
    }
    expect(server.seen).toEqual([]);
  });

  it("refuses base URLs that are not http(s) or that carry credentials", () => {
    expect(() => clientOf("ftp://example.com")).toThrow("baseUrl must be an http or https URL");
    expect(() => clientOf("not a url")).toThrow("baseUrl must be an http or https URL");
    expect(() => clientOf("http://u:p@example.com")).toThrow("baseUrl must not carry credentials");
    expect(() => new HttpClient({ baseUrl: "http://x", username: "a:b", password: "c" })).toThrow("':'");
  });

  it("gives up with a connection error when no answer arrives in time", async () => {
    const server = await serve(() => {
      // Never answers.
    });
    const error = await caught(clientOf(server.url, { timeoutMs: 100 }).request({ method: "GET", path: "/x.json" }));
    expect(error).toBeInstanceOf(LatchkeyConnectionError);
    expect((error as Error).message).toBe(`Could not reach Latchkey at ${server.url}: no answer in time`);
  });
});
