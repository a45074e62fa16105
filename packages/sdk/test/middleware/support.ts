/**
 * Shared pieces of the middleware tests: a fetch that counts decision calls, a clock that moves only
 * when told, and an HTTP client that can address a local app under a public Host such as
 * api.twilio.com (fetch cannot set Host).
 */
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** A fetch that counts the POST /v1/Authorize calls it forwards; `before` runs ahead of each. */
export function countingFetch(before: () => void = () => {}): { fetch: typeof globalThis.fetch; calls: () => number } {
  let calls = 0;
  return {
    calls: () => calls,
    fetch: (input, init) => {
      const url = new URL(input instanceof Request ? input.url : input);
      if (url.pathname === "/v1/Authorize") calls += 1;
      before();
      return globalThis.fetch(input, init);
    },
  };
}

/** Milliseconds that move only when a test says so. */
export class ManualClock {
  #now = 1_000_000;

  readonly now = (): number => this.#now;

  advance(ms: number): void {
    this.#now += ms;
  }
}

export interface AppResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  /** The parsed JSON body; undefined when the body is empty or not JSON. */
  readonly json: any;
}

export interface SendOptions {
  readonly method?: string;
  /** The Host header; the app itself is always reached on 127.0.0.1. */
  readonly host?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/** Sends one request to `baseUrl` (http://127.0.0.1:PORT) with its own Host header, on a fresh connection. */
export function send(baseUrl: string, path: string, options: SendOptions = {}): Promise<AppResponse> {
  const { port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port: Number(port),
        path,
        method: options.method ?? "GET",
        headers: { host: options.host ?? "api.twilio.com", ...options.headers },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: unknown;
          try {
            json = text === "" ? undefined : JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
}

/** `http://127.0.0.1:PORT` of a listening server. */
export function urlOf(address: AddressInfo | string | null): string {
  if (typeof address !== "object" || address === null) throw new Error("server has no TCP address");
  return `http://127.0.0.1:${address.port}`;
}
