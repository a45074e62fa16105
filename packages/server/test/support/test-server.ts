/**
 * Starts a real Latchkey server on 127.0.0.1 over a fresh SQLite data dir, initialized with an owner
 * account. Each test builds its own; nothing is shared between tests.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Clock,
  type ConsoleDeps,
  type ConsoleRole,
  createConsoleUser,
  createMainKey,
  createTopLevelAccount,
  type Deployment,
  initializeOwner,
  type KeyEscalation,
  OWNER_ACCOUNT_SETTING,
  type Random,
  type RegionContext,
  regionNamed,
} from "@latchkey/core";
import { pino } from "pino";
import { createApp } from "../../src/app.js";
import { type ConsoleOptions, resolveConsoleOptions } from "../../src/console/console-options.js";
import type { TrustProxy } from "../../src/http/trust-proxy.js";
import { type OpenDeployment, openDeployment } from "../../src/runtime/open-deployment.js";
import { loadOperatorCatalogs } from "../../src/runtime/operator-catalogs.js";
import { createThrottles } from "../../src/runtime/throttles.js";
import { requestWithHost } from "./request-with-host.js";

/** The gateway token every test server accepts unless told otherwise. */
export const GATEWAY_TOKEN = "test-gateway-token-0123456789abcdef";

export interface TestServer {
  readonly url: string;
  /** The default region's context (the first of `regions`). */
  readonly region: RegionContext;
  readonly deployment: Deployment;
  readonly dataDir: string;
  readonly accountSid: string;
  /** The owner's Auth Token in the default region. */
  readonly authToken: string;
  /** The owner's Auth Token in each region, by region id. */
  readonly authTokens: Readonly<Record<string, string>>;
  /** The context of a region this server serves. */
  regionContext(name: string): RegionContext;
  /** `Basic base64(user:pass)`. */
  basic(user: string, password: string): string;
  /** Sends a request; `form` becomes an x-www-form-urlencoded body. */
  request(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
  /** A Main key of the owner account, made through the operator path (in the default region unless named). */
  createMainKey(friendlyName?: string, region?: string): Promise<{ sid: string; secret: string }>;
  /** A second, unrelated top-level account (in every region; `authToken` is the default region's). */
  /**
   * A console user with a known password, made through core's createConsoleUser (one scrypt hash, ~0.26 s).
   * The account is the owner account unless named; `password: null` gives a one-time password instead.
   */
  createConsoleUser(input: {
    readonly email: string;
    readonly role: ConsoleRole;
    readonly accountSid?: string;
    readonly password?: string | null;
  }): Promise<{ sid: string; email: string; password: string }>;
  /** Signs in over HTTP (POST /console/api/session); throws unless it answers 200. */
  signInToConsole(email: string, password: string): Promise<ConsoleSignIn>;
  /** The ConsoleDeps the server's console runs with (same directory, clock, random and timeouts). */
  readonly consoleDeps: ConsoleDeps;
  createOtherAccount(): Promise<{
    accountSid: string;
    authToken: string;
    authTokens: Readonly<Record<string, string>>;
  }>;
  close(): Promise<void>;
}

/** A signed-in console browser: the Cookie header to send and the X-CSRF-Token of its session. */
export interface ConsoleSignIn {
  readonly cookie: string;
  readonly csrfToken: string;
  /** The session JSON of the sign-in answer. */
  readonly session: any;
  /** Headers for a console request: the cookie, and with `mutation` the CSRF token and a JSON content type. */
  headers(mutation?: boolean): Record<string, string>;
}

/** The default password of console users made by createConsoleUser. */
export const CONSOLE_TEST_PASSWORD = "correct horse battery staple";

export interface RequestOptions {
  readonly auth?: string | { readonly user: string; readonly password: string };
  readonly form?: Record<string, string | readonly string[]>;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** The Host header to send (e.g. `api.dublin.ie1.twilio.com`), which picks the region; fetch cannot set it. */
  readonly host?: string;
}

export interface TestResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed JSON body, or undefined when the body is empty. */
  readonly json: any;
}

export interface TestServerOptions {
  readonly clock?: Clock;
  readonly random?: Random;
  readonly authFailuresPerAddress?: number;
  readonly authFailuresPerSid?: number;
  readonly authFailureWindowSeconds?: number;
  readonly maxSubaccounts?: number;
  readonly gatewayTokens?: readonly string[];
  /** Operator catalog files, loaded as LATCHKEY_CATALOG_FILES would be. */
  readonly catalogFiles?: readonly string[];
  /** LATCHKEY_KEY_ESCALATION; `strict` by default, as in production. */
  readonly keyEscalation?: KeyEscalation;
  /** LATCHKEY_TRUST_PROXY, as config.ts parses it; `false` by default, as in production. */
  readonly trustProxy?: TrustProxy;
  /** LATCHKEY_REGIONS; `["us1"]` by default. */
  readonly regions?: readonly string[];
  /** LATCHKEY_DOMAINS. */
  readonly domains?: readonly string[];
  /** An existing data dir to open (a restart); a fresh temporary one by default, removed on close unless given. */
  readonly dataDir?: string;
  /** The console's session lifetimes and built files (createApp's `console`). */
  readonly console?: ConsoleOptions;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "latchkey-test-"));
  const opened = await openDeployment({
    dataDir,
    regions: options.regions ?? ["us1"],
    masterKey: undefined,
    ...(options.maxSubaccounts !== undefined && { maxSubaccounts: options.maxSubaccounts }),
    ...(options.keyEscalation !== undefined && { keyEscalation: options.keyEscalation }),
    ...(options.clock !== undefined && { clock: options.clock }),
    ...(options.random !== undefined && { random: options.random }),
    ...(await loadOperatorCatalogs(options.catalogFiles ?? [])),
  });
  const { deployment, defaultRegion: region } = opened;
  const operator = { sid: "operator", address: "test" };
  const existing = await deployment.directory.settings.get(OWNER_ACCOUNT_SETTING);
  const owner =
    existing === undefined ? await initializeOwner(deployment, operator) : await existingOwner(opened, existing);
  const throttles = createThrottles(
    {
      authFailuresPerAddress: options.authFailuresPerAddress ?? 10_000,
      authFailuresPerSid: options.authFailuresPerSid ?? 10_000,
      authFailureWindowSeconds: options.authFailureWindowSeconds ?? 60,
    },
    region.clock,
  );
  const app = await createApp({
    deployment,
    ...(options.domains !== undefined && { domains: options.domains }),
    throttles,
    logger: pino({ level: "silent" }),
    gatewayTokens: options.gatewayTokens ?? [GATEWAY_TOKEN],
    ...(options.trustProxy !== undefined && { trustProxy: options.trustProxy }),
    ...(options.console !== undefined && { console: options.console }),
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  if (typeof address !== "object" || address === null) throw new Error("server has no TCP address");
  const url = `http://127.0.0.1:${address.port}`;
  const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

  const resolvedConsole = resolveConsoleOptions(options.console);
  const consoleDeps: ConsoleDeps = {
    deployment,
    clock: region.clock,
    random: region.random,
    idleTimeoutMs: resolvedConsole.idleTimeoutMs,
    maxSessionMs: resolvedConsole.maxSessionMs,
  };

  const regionContext = (name: string) => {
    const context = regionNamed(deployment, name);
    if (context === undefined) throw new Error(`this test server does not serve ${name}`);
    return context;
  };

  const server: TestServer = {
    url,
    region,
    deployment,
    dataDir,
    consoleDeps,
    accountSid: owner.accountSid,
    authToken: owner.authToken,
    authTokens: owner.authTokens,
    regionContext,
    basic,
    async request(method, path, requestOptions = {}) {
      const headers: Record<string, string> = { ...requestOptions.headers };
      const auth = requestOptions.auth;
      if (typeof auth === "string") headers.authorization = auth;
      else if (auth !== undefined) headers.authorization = basic(auth.user, auth.password);
      let body = requestOptions.body;
      if (requestOptions.form !== undefined) {
        const params = new URLSearchParams();
        for (const [name, value] of Object.entries(requestOptions.form)) {
          for (const item of typeof value === "string" ? [value] : value) params.append(name, item);
        }
        body = params.toString();
        headers["content-type"] ??= "application/x-www-form-urlencoded";
      }
      const response =
        requestOptions.host === undefined
          ? await fetch(`${url}${path}`, { method, headers, ...(body !== undefined && { body }) })
          : await requestWithHost(`${url}${path}`, {
              method,
              headers: { ...headers, host: requestOptions.host },
              body,
            });
      const text = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        text,
        json: parseBody(text, response.headers.get("content-type")),
      };
    },
    async createMainKey(friendlyName = "main", regionName?: string) {
      const { key, secret } = await createMainKey(
        regionName === undefined ? region : regionContext(regionName),
        operator,
        { accountSid: owner.accountSid, friendlyName },
      );
      return { sid: key.sid, secret };
    },
    async createConsoleUser(input) {
      const password = input.password === undefined ? CONSOLE_TEST_PASSWORD : input.password;
      const created = await createConsoleUser(consoleDeps, operator, {
        email: input.email,
        role: input.role,
        accountSid: input.accountSid ?? owner.accountSid,
        password,
      });
      return { sid: created.user.sid, email: created.user.email, password: password ?? created.oneTimePassword ?? "" };
    },
    async signInToConsole(email, password) {
      const response = await server.request("POST", "/console/api/session", {
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, password }),
      });
      if (response.status !== 200) throw new Error(`console sign-in failed: ${response.status} ${response.text}`);
      const setCookie = response.headers.get("set-cookie") ?? "";
      const cookie = setCookie.split(";", 1)[0] ?? "";
      const csrfToken = response.json.csrf_token as string;
      return {
        cookie,
        csrfToken,
        session: response.json,
        headers: (mutation = false) => ({
          cookie,
          ...(mutation && { "x-csrf-token": csrfToken, "content-type": "application/json" }),
        }),
      };
    },
    async createOtherAccount() {
      const other = await createTopLevelAccount(deployment, operator, {
        friendlyName: "Other account",
        asOwner: false,
      });
      return { accountSid: other.accountSid, authToken: other.authToken, authTokens: other.authTokens };
    },
    async close() {
      await app.close();
      await opened.close();
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}

/**
 * A restarted test server's owner, as `serve` does it: the regions are reconciled, and only the Auth Tokens
 * of regions added since (the owner's new copies) are known; a test keeps the first start's tokens itself.
 */
async function existingOwner(opened: OpenDeployment, accountSid: string) {
  const authTokens: Record<string, string> = {};
  for (const reconciliation of await opened.reconcile()) {
    if (reconciliation.ownerAuthToken !== null) authTokens[reconciliation.region] = reconciliation.ownerAuthToken;
  }
  return { accountSid, authToken: authTokens[opened.defaultRegion.region] ?? "", authTokens };
}

/** A JSON answer's value; undefined for an empty body or one that is not JSON (a console page). */
function parseBody(text: string, contentType: string | null): any {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    // A JSON answer that does not parse is a failure to see, not a body to skip.
    if (contentType?.includes("json") === true) throw error;
    return undefined;
  }
}
