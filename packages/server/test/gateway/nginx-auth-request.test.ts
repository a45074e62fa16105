/**
 * A real nginx with `auth_request` in front of a small API, asking a real Latchkey through
 * GET /v1/Authorize/Request, with the gateway configuration documented in docs/operations.md.
 * Everything listens on 127.0.0.1.
 */
import { once } from "node:events";
import { createServer, type IncomingHttpHeaders, request, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, startTestServer, type TestServer } from "../support/test-server.js";
import {
  documentedGatewayTemplate,
  findNginx,
  freePort,
  type RunningNginx,
  renderTemplate,
  startNginx,
} from "./nginx.js";

const nginxBinary = findNginx();
const MISSING_NGINX =
  "nginx is not installed (looked at $LATCHKEY_NGINX, /usr/sbin/nginx and PATH); install it with `apt-get install nginx`";

/** The host callers address: its first label (`api`) names the product, as on Twilio. */
const API_HOST = "api.twilio.com";
const MESSAGE_SID = `SM${"0123456789abcdef".repeat(2)}`;

interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

interface GatewayResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  readonly json: any;
}

/** The API behind the gateway: records what nginx forwards and echoes it back. */
async function startUpstream(): Promise<{ server: Server; port: number; seen: SeenRequest[] }> {
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      body += chunk;
    });
    req.on("end", () => {
      const entry = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body };
      seen.push(entry);
      const latchkey = Object.fromEntries(
        Object.entries(req.headers).filter(([name]) => name.startsWith("x-latchkey-")),
      );
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ method: entry.method, url: entry.url, body, latchkey }));
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("upstream has no TCP address");
  return { server, port: address.port, seen };
}

function send(
  port: number,
  method: string,
  path: string,
  options: { auth?: string; headers?: Record<string, string>; form?: Record<string, string> } = {},
): Promise<GatewayResponse> {
  const body = options.form === undefined ? undefined : new URLSearchParams(options.form).toString();
  const headers: Record<string, string> = { host: API_HOST, ...options.headers };
  if (options.auth !== undefined) headers.authorization = options.auth;
  if (body !== undefined) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    headers["content-length"] = String(Buffer.byteLength(body));
  }
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path, headers, agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        text += chunk;
      });
      res.on("end", () => {
        const isJson = String(res.headers["content-type"] ?? "").startsWith("application/json");
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text,
          json: isJson && text !== "" ? JSON.parse(text) : undefined,
        });
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

function gatewayConfig(values: { latchkeyPort: number; apiPort: number; token?: string }) {
  return (port: number) =>
    renderTemplate(documentedGatewayTemplate(), {
      GATEWAY_LISTEN: `127.0.0.1:${port}`,
      LATCHKEY_ADDR: `127.0.0.1:${values.latchkeyPort}`,
      API_ADDR: `127.0.0.1:${values.apiPort}`,
      LATCHKEY_GATEWAY_TOKEN: values.token ?? GATEWAY_TOKEN,
    });
}

function twilioError(code: number, status: number, message: string) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

if (nginxBinary === null && process.env.CI) {
  describe("nginx auth_request gateway", () => {
    it("needs nginx", () => {
      throw new Error(`${MISSING_NGINX}. CI must run these tests: .ci/run installs it before npm ci.`);
    });
  });
} else {
  if (nginxBinary === null) console.warn(`Skipping the nginx gateway tests: ${MISSING_NGINX}.`);
  describe.skipIf(nginxBinary === null)(
    `nginx auth_request gateway${nginxBinary === null ? ` (skipped: ${MISSING_NGINX})` : ""}`,
    () => {
      let latchkey: TestServer;
      let upstream: Awaited<ReturnType<typeof startUpstream>>;
      let nginx: RunningNginx;
      let owner: string;
      const latchkeyPort = () => Number(new URL(latchkey.url).port);

      beforeAll(async () => {
        latchkey = await startTestServer();
        upstream = await startUpstream();
        owner = latchkey.basic(latchkey.accountSid, latchkey.authToken);
        nginx = await startNginx({
          binary: nginxBinary ?? "nginx",
          httpConfig: gatewayConfig({ latchkeyPort: latchkeyPort(), apiPort: upstream.port }),
        });
      });
      afterAll(async () => {
        await nginx?.stop();
        upstream?.server.closeAllConnections();
        upstream?.server.close();
        await latchkey?.close();
      });

      const through = (method: string, path: string, options?: Parameters<typeof send>[3]) =>
        send(nginx.port, method, path, options);
      const messagesOf = (accountSid: string) => `/2010-04-01/Accounts/${accountSid}/Messages`;

      async function createKey(auth: string, accountSid: string, policy?: string[]) {
        const response = await latchkey.request("POST", "/v1/Keys", {
          auth,
          form: {
            AccountSid: accountSid,
            FriendlyName: "gateway test",
            ...(policy !== undefined && { KeyType: "restricted", Policy: JSON.stringify({ allow: policy }) }),
          },
        });
        expect(response.status).toBe(201);
        return { sid: response.json.sid as string, auth: latchkey.basic(response.json.sid, response.json.secret) };
      }

      /** Runs `action` and returns what the API behind nginx received meanwhile. */
      async function upstreamSeenDuring(action: () => Promise<void>): Promise<SeenRequest[]> {
        const before = upstream.seen.length;
        await action();
        return upstream.seen.slice(before);
      }

      it("forwards a standard key's request with who is calling, and nothing a client could forge", async () => {
        const key = await createKey(owner, latchkey.accountSid);

        const list = await through("GET", `${messagesOf(latchkey.accountSid)}.json?PageSize=20`, {
          auth: key.auth,
          headers: {
            "x-latchkey-account-sid": "ACforged",
            "x-latchkey-permission": "/twilio/iam/api-keys/create",
            "x-latchkey-gateway": "Bearer forged",
          },
        });

        expect(list.status).toBe(200);
        expect(list.json).toEqual({
          method: "GET",
          url: `${messagesOf(latchkey.accountSid)}.json?PageSize=20`,
          body: "",
          latchkey: {
            "x-latchkey-account-sid": latchkey.accountSid,
            "x-latchkey-credential-sid": key.sid,
            "x-latchkey-credential-type": "standard",
            "x-latchkey-permission": "/twilio/messaging/messages/list",
          },
        });
        // The caller's credential still reaches the API; the gateway's own token never does.
        const seen = upstream.seen.at(-1);
        expect(seen?.headers.authorization).toBe(key.auth);
        expect(seen?.headers.host).toBe(API_HOST);

        const create = await through("POST", `${messagesOf(latchkey.accountSid)}.json`, {
          auth: key.auth,
          form: { To: "+15005550006", Body: "hi" },
        });
        expect(create.status).toBe(200);
        expect(create.json).toMatchObject({
          method: "POST",
          body: "To=%2B15005550006&Body=hi",
          latchkey: { "x-latchkey-permission": "/twilio/messaging/messages/create" },
        });
      });

      it("lets a restricted key through on its permission only, answering Twilio's 403/70051 elsewhere", async () => {
        const key = await createKey(owner, latchkey.accountSid, ["/twilio/messaging/messages/read"]);

        const fetched = await through("GET", `${messagesOf(latchkey.accountSid)}/${MESSAGE_SID}.json`, {
          auth: key.auth,
        });
        expect(fetched.status).toBe(200);
        expect(fetched.json.latchkey).toEqual({
          "x-latchkey-account-sid": latchkey.accountSid,
          "x-latchkey-credential-sid": key.sid,
          "x-latchkey-credential-type": "restricted",
          "x-latchkey-permission": "/twilio/messaging/messages/read",
        });

        let denied: GatewayResponse | undefined;
        const seen = await upstreamSeenDuring(async () => {
          denied = await through("POST", `${messagesOf(latchkey.accountSid)}.json`, {
            auth: key.auth,
            form: { To: "+15005550006", Body: "hi" },
          });
        });
        expect(seen).toEqual([]);
        expect(denied?.status).toBe(403);
        expect(denied?.headers["content-type"]).toBe("application/json");
        expect(denied?.json).toEqual(twilioError(70051, 403, "Authorization Failed"));
        expect(denied?.headers["www-authenticate"]).toBeUndefined();

        // A route no permission maps is closed to restricted keys too.
        const unmapped = await through("GET", "/2010-04-01/Nothing/Here.json", { auth: key.auth });
        expect(unmapped.status).toBe(403);
        expect(unmapped.json).toEqual(twilioError(70051, 403, "Authorization Failed"));
      });

      it("refuses a deleted key on its very next request with 401 and WWW-Authenticate", async () => {
        const key = await createKey(owner, latchkey.accountSid);
        const path = `${messagesOf(latchkey.accountSid)}.json`;
        expect((await through("GET", path, { auth: key.auth })).status).toBe(200);

        const deleted = await latchkey.request("DELETE", `/v1/Keys/${key.sid}`, { auth: owner });
        expect(deleted.status).toBe(204);

        let refused: GatewayResponse | undefined;
        const seen = await upstreamSeenDuring(async () => {
          refused = await through("GET", path, { auth: key.auth });
        });
        expect(seen).toEqual([]);
        expect(refused?.status).toBe(401);
        expect(refused?.headers["www-authenticate"]).toBe('Basic realm="Twilio API"');
        expect(refused?.json).toEqual(twilioError(20003, 401, "Authenticate"));
      });

      it("refuses a suspended subaccount's credentials, and lets them through again once reactivated", async () => {
        const created = await latchkey.request("POST", "/2010-04-01/Accounts.json", {
          auth: owner,
          form: { FriendlyName: "gateway subaccount" },
        });
        expect(created.status).toBe(201);
        const sub = {
          sid: created.json.sid as string,
          auth: latchkey.basic(created.json.sid, created.json.auth_token),
        };
        const key = await createKey(sub.auth, sub.sid);
        const path = `${messagesOf(sub.sid)}.json`;
        const passing = await through("GET", path, { auth: key.auth });
        expect(passing.status).toBe(200);
        expect(passing.json.latchkey["x-latchkey-account-sid"]).toBe(sub.sid);

        const setStatus = (status: string) =>
          latchkey.request("POST", `/2010-04-01/Accounts/${sub.sid}.json`, { auth: owner, form: { Status: status } });
        expect((await setStatus("suspended")).json.status).toBe("suspended");

        for (const auth of [key.auth, sub.auth]) {
          let refused: GatewayResponse | undefined;
          const seen = await upstreamSeenDuring(async () => {
            refused = await through("GET", path, { auth });
          });
          expect(seen).toEqual([]);
          expect(refused?.status).toBe(401);
          expect(refused?.headers["www-authenticate"]).toBe('Basic realm="Twilio API"');
          expect(refused?.json).toEqual(twilioError(20003, 401, "Authenticate"));
        }

        expect((await setStatus("active")).json.status).toBe("active");
        expect((await through("GET", path, { auth: key.auth })).status).toBe(200);
      });

      it("answers 404/20404 for another account's resources, as Twilio does", async () => {
        const key = await createKey(owner, latchkey.accountSid);
        const other = await latchkey.createOtherAccount();

        const response = await through("GET", `${messagesOf(other.accountSid)}.json`, { auth: key.auth });

        expect(response.status).toBe(404);
        expect(response.json).toEqual(twilioError(20404, 404, "The requested resource was not found"));
      });

      it("answers 401/20003 without credentials, and keeps the decision endpoint internal", async () => {
        const anonymous = await through("GET", `${messagesOf(latchkey.accountSid)}.json`);
        expect(anonymous.status).toBe(401);
        expect(anonymous.headers["www-authenticate"]).toBe('Basic realm="Twilio API"');
        expect(anonymous.json).toEqual(twilioError(20003, 401, "Authenticate"));

        const direct = await through("GET", "/_latchkey/authorize", { auth: owner });
        expect(direct.status).toBe(404);
      });

      it("answers 429/20429 with Retry-After once a key SID has too many failed attempts", async () => {
        const strict = await startTestServer({ authFailuresPerSid: 2 });
        const gateway = await startNginx({
          binary: nginxBinary ?? "nginx",
          httpConfig: gatewayConfig({ latchkeyPort: Number(new URL(strict.url).port), apiPort: upstream.port }),
        });
        try {
          const created = await strict.request("POST", "/v1/Keys", {
            auth: strict.basic(strict.accountSid, strict.authToken),
            form: { AccountSid: strict.accountSid },
          });
          const path = `${messagesOf(strict.accountSid)}.json`;
          const wrong = strict.basic(created.json.sid, "0".repeat(32));
          const statuses = [];
          for (let attempt = 0; attempt < 3; attempt++) {
            statuses.push((await send(gateway.port, "GET", path, { auth: wrong })).status);
          }
          expect(statuses).toEqual([401, 401, 429]);
          const throttled = await send(gateway.port, "GET", path, { auth: wrong });
          expect(throttled.status).toBe(429);
          expect(Number(throttled.headers["retry-after"])).toBeGreaterThan(0);
          expect(throttled.json).toEqual(twilioError(20429, 429, "Too Many Requests"));
          // SID throttling only changes a failure's answer: the right secret still goes through.
          const right = await send(gateway.port, "GET", path, {
            auth: strict.basic(created.json.sid, created.json.secret),
          });
          expect(right.status).toBe(200);
        } finally {
          await gateway.stop();
          await strict.close();
        }
      });

      it("fails closed with 500 when Latchkey refuses the gateway's token or cannot be reached", async () => {
        const misconfigured = [
          { latchkeyPort: latchkeyPort(), apiPort: upstream.port, token: "not-the-gateway-token-0123456789abcdef" },
          { latchkeyPort: await freePort(), apiPort: upstream.port },
        ];
        for (const values of misconfigured) {
          const gateway = await startNginx({ binary: nginxBinary ?? "nginx", httpConfig: gatewayConfig(values) });
          try {
            const key = await createKey(owner, latchkey.accountSid);
            let response: GatewayResponse | undefined;
            const seen = await upstreamSeenDuring(async () => {
              response = await send(gateway.port, "GET", `${messagesOf(latchkey.accountSid)}.json`, { auth: key.auth });
            });
            expect(seen).toEqual([]);
            expect(response?.status).toBe(500);
            if (values.token !== undefined) {
              expect(response?.json).toEqual(twilioError(20500, 500, "An internal server error has occurred"));
            }
          } finally {
            await gateway.stop();
          }
        }
      });
    },
  );
}
