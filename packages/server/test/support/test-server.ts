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
  initializeOwner,
  type KeyEscalation,
  newAccountRecord,
  type Random,
  type RegionContext,
} from "@latchkey/core";
import { pino } from "pino";
import { createApp } from "../../src/app.js";
import type { TrustProxy } from "../../src/http/trust-proxy.js";
import { openRegion } from "../../src/runtime/open-region.js";
import { loadOperatorCatalogs } from "../../src/runtime/operator-catalogs.js";
import { createThrottles } from "../../src/runtime/throttles.js";

/** The gateway token every test server accepts unless told otherwise. */
export const GATEWAY_TOKEN = "test-gateway-token-0123456789abcdef";

export interface TestServer {
  readonly url: string;
  readonly region: RegionContext;
  readonly dataDir: string;
  readonly accountSid: string;
  readonly authToken: string;
  /** `Basic base64(user:pass)`. */
  basic(user: string, password: string): string;
  /** Sends a request; `form` becomes an x-www-form-urlencoded body. */
  request(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
  /** A Main key of the owner account, made through the operator path. */
  createMainKey(friendlyName?: string): Promise<{ sid: string; secret: string }>;
  /** A second, unrelated top-level account in the same region. */
  createOtherAccount(): Promise<{ accountSid: string; authToken: string }>;
  close(): Promise<void>;
}

export interface RequestOptions {
  readonly auth?: string | { readonly user: string; readonly password: string };
  readonly form?: Record<string, string | readonly string[]>;
  readonly headers?: Record<string, string>;
  readonly body?: string;
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
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "latchkey-test-"));
  const region = await openRegion({
    dataDir,
    region: "us1",
    masterKey: undefined,
    ...(options.maxSubaccounts !== undefined && { maxSubaccounts: options.maxSubaccounts }),
    ...(options.keyEscalation !== undefined && { keyEscalation: options.keyEscalation }),
    ...(options.clock !== undefined && { clock: options.clock }),
    ...(options.random !== undefined && { random: options.random }),
    ...(await loadOperatorCatalogs(options.catalogFiles ?? [])),
  });
  const owner = await initializeOwner(region, { sid: "operator", address: "test" });
  const throttles = createThrottles(
    {
      authFailuresPerAddress: options.authFailuresPerAddress ?? 10_000,
      authFailuresPerSid: options.authFailuresPerSid ?? 10_000,
      authFailureWindowSeconds: options.authFailureWindowSeconds ?? 60,
    },
    region.clock,
  );
  const app = await createApp({
    region,
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

  return {
    url,
    region,
    dataDir,
    accountSid: owner.accountSid,
    authToken: owner.authToken,
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
      const response = await fetch(`${url}${path}`, { method, headers, ...(body !== undefined && { body }) });
      const text = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        text,
        json: text === "" ? undefined : JSON.parse(text),
      };
    },
    async createMainKey(friendlyName = "main") {
      const { key, secret } = await createMainKey(
        region,
        { sid: "operator", address: "test" },
        {
          accountSid: owner.accountSid,
          friendlyName,
        },
      );
      return { sid: key.sid, secret };
    },
    async createOtherAccount() {
      const { account, authToken } = newAccountRecord(region, {
        ownerAccountSid: null,
        friendlyName: "Other account",
        now: region.clock.now(),
      });
      await region.store.accounts.create(account);
      return { accountSid: account.sid, authToken };
    },
    async close() {
      await app.close();
      await region.store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
