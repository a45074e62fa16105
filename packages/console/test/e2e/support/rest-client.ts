import { request } from "node:http";

/** A REST answer as the tests read it: the status and the parsed JSON body (null when there is none). */
export interface RestAnswer {
  readonly status: number;
  readonly body: unknown;
}

export interface RestRequest {
  readonly method?: "GET" | "POST" | "DELETE";
  /** Path and query, e.g. `/v1/Keys?AccountSid=AC…`. */
  readonly path: string;
  /** Basic auth: an Account SID or key SID and its secret. */
  readonly user: string;
  readonly password: string;
  /**
   * The Host the request names: it picks the region (`iam.ie1.twilio.com` reaches ie1). Node's fetch
   * refuses to set Host, so this client is node:http.
   */
  readonly host?: string;
  /** Sent as application/x-www-form-urlencoded, as Twilio's APIs take it. */
  readonly form?: Readonly<Record<string, string>>;
}

/** One request to the real server's REST APIs over TCP, outside the browser. */
export function restRequest(baseUrl: string, input: RestRequest): Promise<RestAnswer> {
  const url = new URL(input.path, baseUrl);
  const body = input.form === undefined ? undefined : new URLSearchParams(input.form).toString();
  const headers: Record<string, string> = {
    Authorization: `Basic ${Buffer.from(`${input.user}:${input.password}`).toString("base64")}`,
    Accept: "application/json",
  };
  if (input.host !== undefined) headers.Host = input.host;
  if (body !== undefined) {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    headers["Content-Length"] = String(Buffer.byteLength(body));
  }
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      { method: input.method ?? (body === undefined ? "GET" : "POST"), headers },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          text += chunk;
        });
        response.on("end", () => {
          resolve({ status: response.statusCode ?? 0, body: text === "" ? null : (JSON.parse(text) as unknown) });
        });
        response.on("error", reject);
      },
    );
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

/** The Host that reaches `region` for the IAM API: `127.0.0.1` reaches the default region only. */
export function iamHost(region: string): string {
  return `iam.${region}.twilio.com`;
}

/** The Host that reaches `region` for the 2010-04-01 API (Accounts). */
export function apiHost(region: string): string {
  return `api.${region}.twilio.com`;
}

/** The Host that reaches `region` for the accounts v1 API (AuthTokens). */
export function accountsHost(region: string): string {
  return `accounts.${region}.twilio.com`;
}
