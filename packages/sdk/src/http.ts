import { LatchkeyApiError, LatchkeyConnectionError } from "./errors.js";

/** Parameters of a request; undefined values are left out, as if never given. */
export type Params = Readonly<Record<string, string | undefined>>;

export interface HttpOptions {
  /** Where the server listens, e.g. `http://127.0.0.1:8080`; a path prefix is kept. */
  readonly baseUrl: string;
  readonly username: string;
  readonly password: string;
  /** The fetch to use; the global one by default. */
  readonly fetch?: typeof globalThis.fetch;
  /** How long to wait for a whole answer before giving up; 30 seconds by default. */
  readonly timeoutMs?: number;
}

export interface HttpRequest {
  readonly method: "GET" | "POST";
  /** A path on the server, such as `/2010-04-01/Accounts.json`, optionally with a query already on it. */
  readonly path: string;
  readonly query?: Params;
  /** Sent as an `application/x-www-form-urlencoded` body, as Twilio's APIs expect. */
  readonly form?: Params;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * The transport under every resource: Basic auth, form bodies, JSON answers, and Twilio's error body
 * turned into a `LatchkeyApiError`.
 *
 * @example
 * ```ts
 * const http = new HttpClient({ baseUrl: "http://127.0.0.1:8080", username: accountSid, password: authToken });
 * const body = await http.request({ method: "GET", path: "/2010-04-01/Accounts.json", query: { PageSize: "20" } });
 * ```
 */
export class HttpClient {
  readonly baseUrl: string;
  readonly #authorization: string;
  readonly #fetch: typeof globalThis.fetch;
  readonly #timeoutMs: number;

  constructor(options: HttpOptions) {
    this.baseUrl = normalizeBaseUrl(options.baseUrl);
    if (options.username === "" || options.password === "") {
      throw new TypeError("username and password must not be empty");
    }
    // Basic auth cannot carry a colon in the user part (RFC 7617): it would split in the wrong place.
    if (options.username.includes(":")) throw new TypeError("username must not contain ':'");
    this.#authorization = basicAuthorization(options.username, options.password);
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** Sends one request and resolves to its parsed JSON body; throws a `LatchkeyError` otherwise. */
  async request(request: HttpRequest): Promise<unknown> {
    // SECURITY: only paths on the configured server are followed, so neither a caller nor a server's
    // paging link (`next_page_uri`) can send the credentials to another origin.
    if (!request.path.startsWith("/") || request.path.startsWith("//")) {
      throw new TypeError(`Refusing to request ${request.path}: only paths on ${this.baseUrl} are allowed`);
    }
    const query = toSearchParams(request.query);
    const separator = request.path.includes("?") ? "&" : "?";
    const url = `${this.baseUrl}${request.path}${query === "" ? "" : `${separator}${query}`}`;
    const headers: Record<string, string> = { accept: "application/json", authorization: this.#authorization };
    const init: RequestInit = {
      method: request.method,
      headers,
      // SECURITY: the API never redirects; following one could replay the credentials elsewhere.
      redirect: "manual",
      signal: AbortSignal.timeout(this.#timeoutMs),
    };
    if (request.form !== undefined) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      init.body = toSearchParams(request.form);
    }

    let response: Response;
    let text: string;
    try {
      response = await this.#fetch(url, init);
      text = await response.text();
    } catch (error) {
      throw new LatchkeyConnectionError(`Could not reach Latchkey at ${this.baseUrl}: ${describeFailure(error)}`, {
        cause: error,
      });
    }
    const body = parseJson(text);
    if (response.status < 200 || response.status > 299) throw toApiError(response, body);
    if (body === NOT_JSON) {
      throw new LatchkeyApiError({
        status: response.status,
        code: null,
        moreInfo: null,
        message: `Expected a JSON body from ${request.method} ${request.path}, got ${describeBody(response, text)}`,
      });
    }
    return body;
  }
}

const NOT_JSON: unique symbol = Symbol("not JSON");

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return NOT_JSON;
  }
}

/** Twilio's error body when there is one; otherwise the status line, so the caller still learns something. */
function toApiError(response: Response, body: unknown): LatchkeyApiError {
  if (typeof body === "object" && body !== null) {
    const { code, message, more_info: moreInfo } = body as Record<string, unknown>;
    if (typeof message === "string") {
      return new LatchkeyApiError({
        status: response.status,
        code: typeof code === "number" ? code : null,
        message,
        moreInfo: typeof moreInfo === "string" ? moreInfo : null,
      });
    }
  }
  const statusLine = `${response.status}${response.statusText === "" ? "" : ` ${response.statusText}`}`;
  return new LatchkeyApiError({
    status: response.status,
    code: null,
    moreInfo: null,
    message: `The server answered HTTP ${statusLine} without a Twilio error body`,
  });
}

function describeBody(response: Response, text: string): string {
  if (text === "") return "an empty body";
  return `a body of type ${response.headers.get("content-type") ?? "unknown"}`;
}

function describeFailure(error: unknown): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return "no answer in time";
  }
  // Node's fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND …) is in its cause.
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error && cause.message !== "") return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/** `baseUrl` as origin plus path prefix without a trailing slash; a TypeError unless it is a bare http(s) URL. */
export function normalizeBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(`baseUrl must be an http or https URL, got ${JSON.stringify(baseUrl)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(`baseUrl must be an http or https URL, got ${JSON.stringify(baseUrl)}`);
  }
  if (url.username !== "" || url.password !== "") {
    throw new TypeError("baseUrl must not carry credentials; pass username and password instead");
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

function toSearchParams(params: Params | undefined): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params ?? {})) {
    if (value !== undefined) search.append(name, value);
  }
  return search.toString();
}

/** `Basic base64(user:password)` over UTF-8, without Node's Buffer so the client also runs in browsers. */
export function basicAuthorization(username: string, password: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(`${username}:${password}`)) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}
