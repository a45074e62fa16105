/**
 * A plain node:http server on 127.0.0.1 that records every request exactly as it arrived (raw Host,
 * raw path, raw body) and answers with whatever the test scripts, so the tests see the bytes the
 * httpClient put on the wire rather than what a framework made of them.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";

export interface ArrivedRequest {
  readonly method: string;
  /** The request target as sent: path and query. */
  readonly path: string;
  /** Names in lower case. */
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface ScriptedAnswer {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** An object is sent as JSON; a string as is. */
  readonly body?: unknown;
}

export interface RecordingServer {
  readonly url: string;
  readonly arrived: ArrivedRequest[];
  /** The last request that arrived; fails the test when none did. */
  last(): ArrivedRequest;
  close(): Promise<void>;
}

export type Script = (request: ArrivedRequest) => ScriptedAnswer | "never-answer";

export async function startRecordingServer(script: Script): Promise<RecordingServer> {
  const arrived: ArrivedRequest[] = [];
  const server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const request = {
        method: incoming.method ?? "",
        path: incoming.url ?? "",
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      arrived.push(request);
      const answer = script(request);
      if (answer === "never-answer") return;
      const body = typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body ?? "");
      outgoing.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      outgoing.end(answer.status === 204 ? undefined : body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("recording server has no TCP address");
  return {
    url: `http://127.0.0.1:${address.port}`,
    arrived,
    last() {
      const request = arrived.at(-1);
      if (request === undefined) throw new Error("no request arrived");
      return request;
    },
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
