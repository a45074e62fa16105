/**
 * Starts a real Latchkey server on 127.0.0.1 over a fresh SQLite data dir, initialized with an owner
 * account. Each test builds its own; nothing is shared between tests.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Clock,
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
  createOtherAccount(): Promise<{
    accountSid: string;
    authToken: string;
    authTokens: Readonly<Record<string, string>>;
  }>;
  close(): Promise<void>;
}

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
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  if (typeof address !== "object" || address === null) throw new Error("server has no TCP address");
  const url = `http://127.0.0.1:${address.port}`;
  const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

  const regionContext = (name: string) => {
    const context = regionNamed(deployment, name);
    if (context === undefined) throw new Error(`this test server does not serve ${name}`);
    return context;
  };

  return {
    url,
    region,
    deployment,
    dataDir,
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
        json: text === "" ? undefined : JSON.parse(text),
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
