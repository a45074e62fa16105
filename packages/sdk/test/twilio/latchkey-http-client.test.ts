import { createServer } from "node:http";
import { createServer as createTlsServer } from "node:tls";
import { LatchkeyConnectionError, latchkeyHttpClient } from "@latchkey/sdk";
import twilio from "twilio";
import { afterEach, describe, expect, it } from "vitest";
import { asRequestClient } from "./as-request-client.js";
import { type RecordingServer, type Script, startRecordingServer } from "./recording-server.js";

const ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
const AUTH_TOKEN = "0123456789abcdef0123456789abcdef";
const KEY_SID = "SKfedcba9876543210fedcba9876543210";
const BASIC = `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString("base64")}`;

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(script: Script): Promise<RecordingServer> {
  server = await startRecordingServer(script);
  return server;
}

const ok: Script = () => ({ status: 200, body: { ok: true } });

/** The official client in ie1 through Dublin, every request going to `url`. */
const dublinClient = (url: string) =>
  twilio(ACCOUNT_SID, AUTH_TOKEN, {
    region: "ie1",
    edge: "dublin",
    httpClient: asRequestClient(latchkeyHttpClient(url)),
  });

/** A port nothing listens on: one the OS just handed out and took back. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const address = probe.address();
  if (typeof address !== "object" || address === null) throw new Error("probe has no TCP address");
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return address.port;
}

async function rejectionOf(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

describe("latchkeyHttpClient on the wire", () => {
  it("sends to the Latchkey URL, keeping the library's Host, path and query, and adds params to the query", async () => {
    const { url, last } = await serve(ok);

    const response = await latchkeyHttpClient(url).request({
      method: "get",
      uri: "https://api.dublin.ie1.twilio.com/2010-04-01/Accounts.json?FriendlyName=a%20b",
      username: ACCOUNT_SID,
      password: AUTH_TOKEN,
      headers: { "User-Agent": "twilio-node/test", Accept: "application/json", "Accept-Charset": "utf-8" },
      params: { PageSize: 2, Status: "active", Skipped: undefined },
    });

    expect(response.statusCode).toBe(200);
    expect(last()).toMatchObject({
      method: "GET",
      path: "/2010-04-01/Accounts.json?FriendlyName=a%20b&PageSize=2&Status=active",
      body: "",
    });
    expect(last().headers).toMatchObject({
      host: "api.dublin.ie1.twilio.com",
      authorization: BASIC,
      "user-agent": "twilio-node/test",
      accept: "application/json",
      "accept-charset": "utf-8",
    });
  });

  it("sends a form body with a repeated key per list item, as twilio-node's qs does", async () => {
    const { url, last } = await serve(ok);

    await latchkeyHttpClient(url).request({
      method: "post",
      uri: "https://iam.ie1.twilio.com/v1/Keys",
      username: ACCOUNT_SID,
      password: AUTH_TOKEN,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      data: { AccountSid: ACCOUNT_SID, FriendlyName: "ci (deploy)*", Permissions: ["a/b", "c d"], KeyType: undefined },
    });

    const body = `AccountSid=${ACCOUNT_SID}&FriendlyName=ci%20%28deploy%29%2A&Permissions=a%2Fb&Permissions=c%20d`;
    expect(last()).toMatchObject({ method: "POST", path: "/v1/Keys", body });
    expect(last().headers).toMatchObject({
      host: "iam.ie1.twilio.com",
      "content-type": "application/x-www-form-urlencoded",
      "content-length": String(body.length),
    });
    expect([...new URLSearchParams(body).getAll("Permissions")]).toEqual(["a/b", "c d"]);
  });

  it("sends a JSON body when the library asks for application/json", async () => {
    const { url, last } = await serve(ok);

    await latchkeyHttpClient(url).request({
      method: "post",
      uri: "https://api.twilio.com/v1/Things",
      headers: { "Content-Type": "application/json" },
      data: { names: ["a", "b"] },
    });

    expect(last()).toMatchObject({ body: '{"names":["a","b"]}' });
    expect(last().headers.host).toBe("api.twilio.com");
  });

  it("keeps a port the library's URL had, and a path prefix of the Latchkey URL", async () => {
    const { url, last } = await serve(ok);

    await latchkeyHttpClient(`${url}/latchkey/`).request({ method: "delete", uri: "https://api.twilio.com:8443/v1/x" });

    expect(last()).toMatchObject({ method: "DELETE", path: "/latchkey/v1/x" });
    expect(last().headers.host).toBe("api.twilio.com:8443");
  });

  it("answers with the status, the raw body text and lower-case headers", async () => {
    const raw = '{"sid": "SK1",  "spaced": true}';
    const { url } = await serve(() => ({ status: 201, headers: { "X-Twilio-Request": "RQ1" }, body: raw }));

    const response = await latchkeyHttpClient(url).request({ method: "post", uri: "https://iam.twilio.com/v1/Keys" });

    expect(response.statusCode).toBe(201);
    expect(response.body).toBe(raw);
    expect(response.headers["x-twilio-request"]).toBe("RQ1");
    expect(response.headers["content-type"]).toBe("application/json");
  });

  it("hands a redirect back instead of following it", async () => {
    const { url, arrived } = await serve(() => ({ status: 302, headers: { location: "https://elsewhere.test/" } }));

    const response = await latchkeyHttpClient(url).request({
      method: "get",
      uri: "https://api.twilio.com/x",
      allowRedirects: true,
    });

    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe("https://elsewhere.test/");
    expect(arrived).toHaveLength(1);
  });

  it("asks an https Latchkey for its own name in TLS SNI, not for the Twilio host in the Host header", async () => {
    // A TLS server with no certificate: it only records the name the client asks for, then hangs up.
    const asked: string[] = [];
    const tls = createTlsServer({
      SNICallback: (name, done) => {
        asked.push(name);
        done(new Error("no certificate here"));
      },
    });
    await new Promise<void>((resolve) => tls.listen(0, "127.0.0.1", resolve));
    const address = tls.address();
    if (typeof address !== "object" || address === null) throw new Error("TLS server has no TCP address");

    try {
      const error = await rejectionOf(
        latchkeyHttpClient(`https://localhost:${address.port}`).request({
          method: "get",
          uri: "https://api.dublin.ie1.twilio.com/x",
        }),
      );
      expect(error).toBeInstanceOf(LatchkeyConnectionError);
      expect(asked).toEqual(["localhost"]);
    } finally {
      await new Promise<void>((resolve) => tls.close(() => resolve()));
    }
  });
});

describe("latchkeyHttpClient rejects", () => {
  it.each([
    ["127.0.0.1:8080", "absolute http(s) URL"],
    ["localhost:8080", "http or https URL"],
    ["ftp://127.0.0.1/", "http or https URL"],
    ["http://user:pass@127.0.0.1:8080", "without credentials, query or fragment"],
    ["http://127.0.0.1:8080/?region=ie1", "without credentials, query or fragment"],
  ])("the base URL %s with a TypeError", (baseUrl, reason) => {
    expect(() => latchkeyHttpClient(baseUrl)).toThrow(TypeError);
    expect(() => latchkeyHttpClient(baseUrl)).toThrow(reason);
  });

  it("a timeoutMs that is not a positive number", () => {
    expect(() => latchkeyHttpClient("http://127.0.0.1:8080", { timeoutMs: 0 })).toThrow(TypeError);
  });

  it("a refused connection with a LatchkeyConnectionError naming the Latchkey URL and the call", async () => {
    const baseUrl = `http://127.0.0.1:${await closedPort()}`;

    const error = await rejectionOf(
      latchkeyHttpClient(baseUrl).request({ method: "get", uri: "https://iam.ie1.twilio.com/v1/Keys" }),
    );

    expect(error).toBeInstanceOf(LatchkeyConnectionError);
    expect((error as Error).message).toBe(
      `Could not reach Latchkey at ${baseUrl}/ for GET https://iam.ie1.twilio.com/v1/Keys: connect ECONNREFUSED ${baseUrl.slice("http://".length)}`,
    );
  });

  it("a server that does not answer in time, saying so", async () => {
    const { url } = await serve(() => "never-answer");

    const error = await rejectionOf(
      latchkeyHttpClient(url, { timeoutMs: 100 }).request({ method: "get", uri: "https://api.twilio.com/x" }),
    );

    expect(error).toBeInstanceOf(LatchkeyConnectionError);
    expect((error as Error).message).toBe(
      `Could not reach Latchkey at ${url}/ for GET https://api.twilio.com/x: no answer within 100 ms`,
    );
  });
});

describe("the official twilio client through latchkeyHttpClient", () => {
  const newKeyJson = {
    sid: KEY_SID,
    friendly_name: "ci deploy",
    date_created: "Mon, 02 Dec 2024 10:00:00 +0000",
    date_updated: "Mon, 02 Dec 2024 10:00:00 +0000",
    secret: "s3cr3t",
    policy: null,
  };

  it("creates an iam v1 key in ie1 through Dublin", async () => {
    const { url, last } = await serve(() => ({ status: 201, body: newKeyJson }));

    const key = await dublinClient(url).iam.v1.newApiKey.create({ accountSid: ACCOUNT_SID, friendlyName: "ci deploy" });

    expect(key.toJSON()).toEqual({
      sid: KEY_SID,
      friendlyName: "ci deploy",
      dateCreated: new Date("2024-12-02T10:00:00Z"),
      dateUpdated: new Date("2024-12-02T10:00:00Z"),
      secret: "s3cr3t",
      policy: null,
    });
    expect(last()).toMatchObject({
      method: "POST",
      path: "/v1/Keys",
      body: `AccountSid=${ACCOUNT_SID}&FriendlyName=ci%20deploy`,
    });
    expect(last().headers).toMatchObject({
      host: "iam.dublin.ie1.twilio.com",
      authorization: BASIC,
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
    });
    expect(last().headers["user-agent"]).toMatch(/^twilio-node\/6\./);
  });

  it("follows an iam v1 list's full next_page_url back to Latchkey with the host it names", async () => {
    const item = (sid: string) => ({ ...newKeyJson, sid, secret: undefined, policy: undefined, flags: ["rest_api"] });
    const second = `https://iam.dublin.ie1.twilio.com/v1/Keys?AccountSid=${ACCOUNT_SID}&PageSize=1&Page=1&PageToken=PASK1`;
    const meta = (page: number, next: string | null) => ({
      first_page_url: `https://iam.dublin.ie1.twilio.com/v1/Keys?AccountSid=${ACCOUNT_SID}&PageSize=1&Page=0`,
      key: "keys",
      next_page_url: next,
      page,
      page_size: 1,
      previous_page_url: null,
      url: "",
    });
    const { url, arrived } = await serve((request) =>
      request.path.includes("PageToken=")
        ? { status: 200, body: { keys: [item("SK2")], meta: meta(1, null) } }
        : { status: 200, body: { keys: [item("SK1")], meta: meta(0, second) } },
    );

    const keys = await dublinClient(url).iam.v1.getApiKeys.list({ accountSid: ACCOUNT_SID, pageSize: 1 });

    expect(keys.map((key) => key.sid)).toEqual(["SK1", "SK2"]);
    expect(arrived.map((request) => [request.method, request.headers.host, request.path])).toEqual([
      ["GET", "iam.dublin.ie1.twilio.com", `/v1/Keys?AccountSid=${ACCOUNT_SID}&PageSize=1`],
      ["GET", "iam.dublin.ie1.twilio.com", `/v1/Keys?AccountSid=${ACCOUNT_SID}&PageSize=1&Page=1&PageToken=PASK1`],
    ]);
    expect(arrived[1]?.headers.authorization).toBe(BASIC);
  });

  it("lists API v2010 keys of an account on api.dublin.ie1", async () => {
    const { url, last } = await serve(() => ({
      status: 200,
      body: {
        keys: [{ sid: KEY_SID, friendly_name: "k", date_created: null, date_updated: null }],
        end: 0,
        first_page_uri: `/2010-04-01/Accounts/${ACCOUNT_SID}/Keys.json?PageSize=50&Page=0`,
        next_page_uri: null,
        page: 0,
        page_size: 50,
        previous_page_uri: null,
        start: 0,
        uri: `/2010-04-01/Accounts/${ACCOUNT_SID}/Keys.json?PageSize=50&Page=0`,
      },
    }));

    const keys = await dublinClient(url).api.v2010.accounts(ACCOUNT_SID).keys.list();

    expect(keys.map((key) => [key.sid, key.friendlyName])).toEqual([[KEY_SID, "k"]]);
    expect(last()).toMatchObject({ method: "GET", path: `/2010-04-01/Accounts/${ACCOUNT_SID}/Keys.json` });
    expect(last().headers.host).toBe("api.dublin.ie1.twilio.com");
  });

  it("sends the library's list parameters as repeated keys", async () => {
    const { url, last } = await serve(() => ({ status: 201, body: { sid: "SM1" } }));

    await dublinClient(url).messages.create({
      to: "+15550001111",
      from: "+15550002222",
      mediaUrl: ["https://a.test/1.png", "https://a.test/2.png"],
    });

    expect(last().path).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
    expect(new URLSearchParams(last().body).getAll("MediaUrl")).toEqual([
      "https://a.test/1.png",
      "https://a.test/2.png",
    ]);
    expect(last().body).not.toContain("%5B");
  });

  it("rejects with twilio's RestException carrying Twilio's error code and status", async () => {
    const { url } = await serve(() => ({
      status: 404,
      body: {
        code: 20404,
        message: "The requested resource /v1/Keys/SK0 was not found",
        more_info: "https://www.twilio.com/docs/errors/20404",
        status: 404,
      },
    }));

    const error = await rejectionOf(dublinClient(url).iam.v1.apiKey("SK0").fetch());

    expect(error).toBeInstanceOf(twilio.RestException);
    expect(error).toMatchObject({
      status: 404,
      code: 20404,
      message: "The requested resource /v1/Keys/SK0 was not found",
      moreInfo: "https://www.twilio.com/docs/errors/20404",
    });
  });
});
