/**
 * Points the official `twilio` npm client at a test server. The client has no base-URL option, so
 * a custom httpClient rewrites the origin of every URL it builds (including the paging URLs it
 * follows) to the server, and records each exchange with its raw body for spec validation.
 */
import twilio from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient.js";

export interface RecordedExchange {
  readonly method: string;
  /** The URL as the client built it, before the origin was rewritten (e.g. https://iam.twilio.com/v1/Keys). */
  readonly clientUrl: URL;
  readonly status: number;
  /** Response headers, names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The response body exactly as the server sent it. */
  readonly body: string;
}

export class LocalRequestClient extends twilio.RequestClient {
  readonly exchanges: RecordedExchange[] = [];
  readonly #origin: string;
  readonly #onExchange: (exchange: RecordedExchange) => void;

  /** `onExchange` sees each exchange before the client does; throwing there fails the client call. */
  constructor(origin: string, onExchange: (exchange: RecordedExchange) => void = () => {}) {
    super();
    this.#origin = origin;
    this.#onExchange = onExchange;
    // Keep bodies as text: the client parses string bodies itself, and we validate the exact bytes.
    this.axios.defaults.transformResponse = [(data: unknown) => data];
  }

  override async request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const clientUrl = new URL(opts.uri);
    const uri = new URL(`${clientUrl.pathname}${clientUrl.search}`, this.#origin).href;
    const response = await super.request<TData>({ ...opts, uri });
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers ?? {})) headers[name.toLowerCase()] = String(value);
    const body = response.body;
    if (typeof body !== "string") throw new Error(`expected a raw text body, got ${typeof body}`);
    const exchange = { method: opts.method.toUpperCase(), clientUrl, status: response.statusCode, headers, body };
    this.exchanges.push(exchange);
    this.#onExchange(exchange);
    return response;
  }
}

export type TwilioCredentials =
  | { readonly accountSid: string; readonly authToken: string }
  | { readonly accountSid: string; readonly keySid: string; readonly keySecret: string };

export interface LocalTwilio {
  readonly client: twilio.Twilio;
  readonly http: LocalRequestClient;
}

/** An official client on `credentials` (account SID + auth token, or SK SID + secret) talking to `origin`. */
export function createTwilioClient(
  origin: string,
  credentials: TwilioCredentials,
  onExchange?: (exchange: RecordedExchange) => void,
): LocalTwilio {
  const http = new LocalRequestClient(origin, onExchange);
  const client =
    "authToken" in credentials
      ? twilio(credentials.accountSid, credentials.authToken, { httpClient: http })
      : twilio(credentials.keySid, credentials.keySecret, { accountSid: credentials.accountSid, httpClient: http });
  return { client, http };
}

/** The RestException a client call rejects with; anything else (including success) fails the test. */
export async function restExceptionOf(call: Promise<unknown>): Promise<twilio.RestException> {
  try {
    await call;
  } catch (error) {
    if (error instanceof twilio.RestException) return error;
    throw error;
  }
  throw new Error("expected the call to fail with a RestException, but it succeeded");
}
