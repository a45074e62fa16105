/**
 * A preview of the built console for development and for the CSP check: serves dist/ under /console/ with
 * the exact security headers of spec section 2, and answers /console/api/* from an in-memory fake. The fake
 * has no rules worth the name (any password works for the preset user); the real API is in
 * packages/server/src/console/ and the end-to-end tests run against it. Not used by the server.
 *
 *   node packages/console/scripts/preview-server.mjs [port]
 */
import { randomBytes, randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";

const DIST = fileURLToPath(new URL("../dist/", import.meta.url));

export const CONSOLE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const SECURITY_HEADERS = {
  "Content-Security-Policy": CONSOLE_CSP,
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
};

const TYPES = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".html": "text/html; charset=utf-8",
  ".svg": "image/svg+xml",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
};

const ACTIONS = [
  "regions.select",
  "users.change_own_password",
  "permission_catalog.read",
  "keys.list",
  "keys.read",
  "keys.create.standard",
  "keys.create.restricted",
  "keys.create.main",
  "keys.rename.standard",
  "keys.rename.restricted",
  "keys.rename.main",
  "keys.delete.standard",
  "keys.delete.restricted",
  "keys.delete.main",
  "keys.edit_permissions",
  "keys.duplicate",
  "auth_tokens.list",
  "auth_tokens.read_primary",
  "auth_tokens.create_secondary",
  "auth_tokens.promote",
  "auth_tokens.delete_secondary",
  "subaccounts.list",
  "subaccounts.create",
  "subaccounts.rename",
  "subaccounts.suspend",
  "subaccounts.reactivate",
  "subaccounts.close",
];

const hex = (bytes) => randomBytes(bytes).toString("hex");
const now = () => new Date().toISOString();

function fakeState(mustChangePassword) {
  const regions = ["us1", "ie1"];
  const keys = Object.fromEntries(regions.map((region) => [region, []]));
  for (let index = 0; index < 57; index += 1) {
    keys.us1.push(
      fakeKey("us1", `Service ${index + 1}`, index % 3 === 0 ? "restricted" : "standard", [
        "/twilio/messaging/messages/read",
      ]),
    );
  }
  keys.ie1.push(fakeKey("ie1", "Dublin worker", "standard", null));
  return {
    regions,
    region: null,
    mustChangePassword,
    keys,
    tokens: Object.fromEntries(
      regions.map((region) => [region, { primary: { date_created: now() }, secondary: null }]),
    ),
    subaccounts: [
      { sid: `AC${hex(16)}`, friendly_name: "Acme Ltd", status: "active", date_created: now(), date_updated: now() },
    ],
    sessions: new Map(),
  };
}

function fakeKey(region, name, type, permissions) {
  return {
    sid: `SK${hex(16)}`,
    friendly_name: name,
    type,
    region,
    permissions: type === "restricted" ? permissions : null,
    date_created: now(),
    date_updated: now(),
  };
}

const CATALOG = {
  max_permissions: 100,
  products: [
    {
      product: "messaging",
      permissions: [
        {
          permission: "/twilio/messaging/messages/read",
          opens: ["GET /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json"],
        },
        {
          permission: "/twilio/messaging/messages/list",
          opens: ["GET /2010-04-01/Accounts/{AccountSid}/Messages.json"],
        },
        {
          permission: "/twilio/messaging/messages/create",
          opens: ["POST /2010-04-01/Accounts/{AccountSid}/Messages.json"],
        },
      ],
    },
    {
      product: "voice",
      permissions: [
        { permission: "/twilio/voice/calls/read", opens: ["GET /2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json"] },
        { permission: "/twilio/voice/calls/create", opens: ["POST /2010-04-01/Accounts/{AccountSid}/Calls.json"] },
      ],
    },
  ],
};

function error(status, code, message) {
  return { status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } };
}

/** The fake console API: enough of spec section 2 to drive every screen. */
function handleApi(state, method, path, query, body, cookie) {
  const token = /latchkey_console=([^;]+)/.exec(cookie ?? "")?.[1];
  const session = token === undefined ? undefined : state.sessions.get(token);
  const sessionBody = (csrf) => ({
    user: {
      sid: `US${"0".repeat(32)}`,
      email: "owner@localhost",
      role: "owner",
      account_sid: `AC${"1".repeat(32)}`,
      account_friendly_name: "Owner account",
      region: state.region,
    },
    csrf_token: csrf,
    must_change_password: state.mustChangePassword,
    regions: state.regions,
    default_region: state.regions[0],
    actions: Object.fromEntries(ACTIONS.map((action) => [action, true])),
  });
  if (path === "/session" && method === "POST") {
    if (body?.password === "wrong") return error(401, 20003, "The email or password is wrong");
    const newToken = randomUUID();
    state.sessions.set(newToken, { csrf: randomUUID() });
    return {
      status: 200,
      body: sessionBody(state.sessions.get(newToken).csrf),
      cookie: `latchkey_console=${newToken}; HttpOnly; SameSite=Strict; Path=/console`,
    };
  }
  if (session === undefined) return error(401, 20003, "Sign in to use the console");
  if (method !== "GET" && body?.__csrf !== session.csrf) return error(403, 20006, "Missing or wrong CSRF token");
  if (path === "/session" && method === "GET") return { status: 200, body: sessionBody(session.csrf) };
  if (path === "/session" && method === "DELETE") {
    state.sessions.delete(token);
    return { status: 204, cookie: "latchkey_console=; Max-Age=0; Path=/console" };
  }
  if (path === "/password" && method === "POST") {
    if ((body.new_password ?? "").length < 12)
      return error(400, 21211, "The new password must be at least 12 characters");
    state.mustChangePassword = false;
    return { status: 200, body: sessionBody(session.csrf) };
  }
  if (state.mustChangePassword) return error(403, 20006, "Change your one-time password first");
  if (path === "/preferences" && method === "PUT") {
    state.region = body.region;
    return { status: 200, body: sessionBody(session.csrf) };
  }
  const match = /^\/regions\/([a-z0-9]+)\/(.*)$/.exec(path);
  if (match === null) return error(404, 20404, "The requested resource was not found");
  const [, region, rest] = match;
  if (!state.regions.includes(region)) return error(404, 20404, `Region ${region} is not served`);
  const keys = state.keys[region];
  if (rest === "keys" && method === "GET") {
    const search = (query.get("search") ?? "").toLowerCase();
    const type = query.get("type");
    const size = Number(query.get("page_size") ?? 50);
    const start = Number(query.get("page_token") ?? 0);
    const all = keys.filter(
      (key) =>
        (search === "" || key.sid.toLowerCase() === search || key.friendly_name.toLowerCase().includes(search)) &&
        (type === null || key.type === type),
    );
    const page = all.slice(start, start + size);
    return {
      status: 200,
      body: { keys: page, next_page_token: start + size < all.length ? String(start + size) : null },
    };
  }
  if (rest === "keys" && method === "POST") {
    if ((body.friendly_name ?? "").length > 64) return error(400, 21211, "Friendly name is too long");
    const key = fakeKey(region, body.friendly_name, body.type, body.permissions ?? []);
    keys.unshift(key);
    return { status: 201, body: { key, secret: hex(16) } };
  }
  const keyMatch = /^keys\/(SK[0-9a-f]{32})$/.exec(rest);
  if (keyMatch !== null) {
    const key = keys.find((item) => item.sid === keyMatch[1]);
    if (key === undefined) return error(404, 20404, "The requested resource was not found");
    if (method === "GET") return { status: 200, body: key };
    if (method === "DELETE") {
      keys.splice(keys.indexOf(key), 1);
      return { status: 204 };
    }
    if (body.friendly_name !== undefined) key.friendly_name = body.friendly_name;
    if (body.permissions !== undefined) key.permissions = body.permissions;
    key.date_updated = now();
    return { status: 200, body: key };
  }
  if (rest === "permissions") return { status: 200, body: CATALOG };
  const tokens = state.tokens[region];
  if (rest === "auth-tokens") return { status: 200, body: tokens };
  if (rest === "auth-tokens/primary/reveal") return { status: 200, body: { auth_token: hex(16) } };
  if (rest === "auth-tokens/secondary" && method === "POST") {
    tokens.secondary = { date_created: now() };
    return { status: 201, body: { secondary_auth_token: hex(16), date_created: tokens.secondary.date_created } };
  }
  if (rest === "auth-tokens/secondary" && method === "DELETE") {
    tokens.secondary = null;
    return { status: 204 };
  }
  if (rest === "auth-tokens/promote") {
    if (tokens.secondary === null) return error(400, 20001, "There is no secondary Auth Token to promote");
    tokens.primary = tokens.secondary;
    tokens.secondary = null;
    return { status: 200, body: tokens };
  }
  if (rest === "subaccounts" && method === "GET") {
    return { status: 200, body: { subaccounts: state.subaccounts, next_page_token: null } };
  }
  if (rest === "subaccounts" && method === "POST") {
    const account = {
      sid: `AC${hex(16)}`,
      friendly_name: body.friendly_name,
      status: "active",
      date_created: now(),
      date_updated: now(),
    };
    state.subaccounts.push(account);
    return { status: 201, body: account };
  }
  const accountMatch = /^subaccounts\/(AC[0-9a-f]{32})$/.exec(rest);
  if (accountMatch !== null) {
    const account = state.subaccounts.find((item) => item.sid === accountMatch[1]);
    if (account === undefined) return error(404, 20404, "The requested resource was not found");
    Object.assign(account, body.friendly_name !== undefined && { friendly_name: body.friendly_name });
    Object.assign(account, body.status !== undefined && { status: body.status });
    return { status: 200, body: account };
  }
  return error(404, 20404, "The requested resource was not found");
}

/** Starts the preview on 127.0.0.1:`port` (0: any free port); resolves with its URL and a close(). */
export async function startPreview({ port = 0, mustChangePassword = false } = {}) {
  const index = await readFile(join(DIST, "index.html"));
  const state = fakeState(mustChangePassword);
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
    if (url.pathname.startsWith("/console/api/")) {
      let raw = "";
      for await (const chunk of request) raw += chunk;
      const body = raw === "" ? {} : JSON.parse(raw);
      body.__csrf = request.headers["x-csrf-token"];
      const path = url.pathname.slice("/console/api".length);
      const answer = handleApi(state, request.method ?? "GET", path, url.searchParams, body, request.headers.cookie);
      response.setHeader("Cache-Control", "no-store");
      if (answer.cookie !== undefined) response.setHeader("Set-Cookie", answer.cookie);
      response.statusCode = answer.status;
      if (answer.body !== undefined) {
        response.setHeader("Content-Type", "application/json; charset=utf-8");
        response.end(JSON.stringify(answer.body));
      } else response.end();
      return;
    }
    if (url.pathname.startsWith("/console/assets/")) {
      const name = url.pathname.slice("/console/assets/".length);
      if (!/^[A-Za-z0-9._-]+$/.test(name)) {
        response.statusCode = 404;
        response.end();
        return;
      }
      try {
        const file = await readFile(join(DIST, "assets", name));
        response.setHeader("Content-Type", TYPES[extname(name)] ?? "application/octet-stream");
        response.setHeader("Cache-Control", "public, max-age=31536000, immutable");
        response.end(file);
      } catch {
        response.statusCode = 404;
        response.end();
      }
      return;
    }
    if (url.pathname === "/console") {
      response.statusCode = 308;
      response.setHeader("Location", "/console/");
      response.end();
      return;
    }
    if (url.pathname.startsWith("/console/")) {
      response.setHeader("Content-Type", TYPES[".html"]);
      response.setHeader("Cache-Control", "no-cache");
      response.end(index);
      return;
    }
    response.statusCode = 404;
    response.end();
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const preview = await startPreview({ port: Number(process.argv[2] ?? 5180) });
  process.stdout.write(`Console preview (fake API) on ${preview.url}/console/\n`);
}
