import type { IncomingHttpHeaders } from "node:http";
import { sendToLatchkey } from "./send-to-latchkey.js";
import { encodeTwilioForm } from "./twilio-form.js";

/**
 * What twilio-node's client passes to `httpClient.request(opts)` (its `RequestClient.RequestOptions`),
 * declared here so the SDK needs no runtime or type dependency on `twilio`.
 */
export interface TwilioRequestOptions {
  /** Lower case, as the library sends it: `get`, `post`, `delete`. */
  readonly method: string;
  /** The URL the library built, host included: `https://iam.dublin.ie1.twilio.com/v1/Keys`. */
  readonly uri: string;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  /** Used only when there is no username/password (the library's OAuth credential providers). */
  readonly authStrategy?: { getAuthString(): Promise<string> } | undefined;
  readonly headers?: Readonly<Record<string, string | undefined>> | undefined;
  /** Query parameters, added to any query the URI already has. */
  readonly params?: object | undefined;
  /** The body: form-encoded or JSON, as the Content-Type header says. */
  readonly data?: unknown;
  /** Milliseconds; overrides the client's default for this request. */
  readonly timeout?: number | undefined;
  readonly allowRedirects?: boolean | undefined;
  readonly forever?: boolean | undefined;
  readonly logLevel?: string | undefined;
}

/** What the library expects back: it parses `body` itself when it is a string. */
export interface TwilioResponse {
  readonly statusCode: number;
  /** The body exactly as the server sent it. */
  readonly body: string;
  /** Names in lower case, as Node gives them. */
  readonly headers: IncomingHttpHeaders;
}

export interface LatchkeyHttpClient {
  /** The Latchkey server every request goes to. */
  readonly baseUrl: string;
  request(opts: TwilioRequestOptions): Promise<TwilioResponse>;
}

export interface LatchkeyHttpClientOptions {
  /** How long to wait for a whole answer when the library names no timeout; 30 seconds, as twilio-node. */
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * An `httpClient` for the official `twilio` npm client that sends every request to a Latchkey server.
 * twilio-node has no base-URL option: it builds `https://{product}.{edge}.{region}.twilio.com/...` itself.
 * This client keeps that host as the `Host` header and only changes where the request goes, because the
 * Host is how Latchkey picks the region (`api.dublin.ie1.twilio.com` is ie1) just as Twilio does. Paging
 * links (`next_page_url`, full URLs on Twilio hosts) come back through here as well, so they reach
 * Latchkey too.
 *
 * In TypeScript, twilio types `httpClient` as its own `RequestClient` class, which has private members
 * no other object can match; pass this client with a cast (`as unknown as RequestClient`).
 *
 * @example
 * ```ts
 * import twilio from "twilio";
 * import type RequestClient from "twilio/lib/base/RequestClient.js";
 * import { latchkeyHttpClient } from "@latchkey/sdk";
 *
 * const client = twilio(accountSid, authToken, {
 *   region: "ie1",
 *   edge: "dublin",
 *   httpClient: latchkeyHttpClient("http://127.0.0.1:8080") as unknown as RequestClient,
 * });
 * const key = await client.iam.v1.newApiKey.create({ accountSid, friendlyName: "ci" });
 * ```
 */
export function latchkeyHttpClient(baseUrl: string, options: LatchkeyHttpClientOptions = {}): LatchkeyHttpClient {
  const base = parseBaseUrl(baseUrl);
  const defaultTimeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(defaultTimeoutMs) || defaultTimeoutMs <= 0) {
    throw new TypeError(`timeoutMs must be a positive number of milliseconds, got ${defaultTimeoutMs}`);
  }
  return {
    baseUrl: base.href,
    async request(opts) {
      const original = new URL(opts.uri);
      const query = joinQuery(original.search, encodeTwilioForm(opts.params));
      const headers = await headersFor(original, opts);
      const body = bodyFor(headers, opts.data);
      if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
      return sendToLatchkey({
        base,
        method: opts.method.toUpperCase(),
        // The base's own path is a prefix: Latchkey may be mounted under `/latchkey` behind a proxy.
        path: `${base.pathname.replace(/\/+$/, "")}${original.pathname}${query}`,
        headers,
        body,
        timeoutMs: opts.timeout ?? defaultTimeoutMs,
        forUri: opts.uri,
      });
    },
  };
}

function parseBaseUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(`latchkeyHttpClient needs an absolute http(s) URL of a Latchkey server, got "${baseUrl}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(`latchkeyHttpClient needs an http or https URL, got "${baseUrl}"`);
  }
  // Credentials come from the twilio client, and a query or fragment has no place to go on every
  // request: either one in the base URL is a mistake better reported now than sent along silently.
  if (url.username !== "" || url.password !== "" || url.search !== "" || url.hash !== "") {
    throw new TypeError(`latchkeyHttpClient needs a URL without credentials, query or fragment, got "${baseUrl}"`);
  }
  return url;
}

function joinQuery(search: string, extra: string): string {
  if (extra === "") return search;
  return search === "" ? `?${extra}` : `${search}&${extra}`;
}

async function headersFor(original: URL, opts: TwilioRequestOptions): Promise<Record<string, string>> {
  const headers: Record<string, string> = {};
  // The library's own headers (User-Agent, Accept, Content-Type…) go along unchanged; names are lower-cased
  // so the ones set below replace, never duplicate, a caller's.
  for (const [name, value] of Object.entries(opts.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  // The host the library built, with its port when it had one: Latchkey reads the region from it.
  headers.host = original.host;
  if (opts.username && opts.password) {
    headers.authorization = `Basic ${Buffer.from(`${opts.username}:${opts.password}`).toString("base64")}`;
  } else if (opts.authStrategy !== undefined) {
    headers.authorization = await opts.authStrategy.getAuthString();
  }
  return headers;
}

/** As twilio-node's RequestClient: a body only for the two content types it knows, and only when there is data. */
function bodyFor(headers: Readonly<Record<string, string>>, data: unknown): string | undefined {
  if (!data) return undefined;
  const contentType = headers["content-type"];
  if (contentType === "application/x-www-form-urlencoded") return encodeTwilioForm(data);
  if (contentType === "application/json") return JSON.stringify(data);
  return undefined;
}
