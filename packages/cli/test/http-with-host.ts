import { request } from "node:http";

export interface HostResponse {
  readonly status: number;
  readonly text: string;
  /** The parsed JSON body, or undefined when the body is empty. */
  readonly json: any;
}

/**
 * A GET over TCP with an explicit Host header, which picks the region (`iam.ie1.twilio.com` → ie1);
 * fetch() cannot set Host. Without `host`, node:http sends the URL's own (`127.0.0.1:<port>`: the
 * default region).
 */
export function getWithHost(
  url: string,
  options: { readonly host?: string; readonly authorization?: string } = {},
): Promise<HostResponse> {
  const headers: Record<string, string> = {};
  if (options.host !== undefined) headers.host = options.host;
  if (options.authorization !== undefined) headers.authorization = options.authorization;
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: "GET", headers }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
      incoming.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({ status: incoming.statusCode ?? 0, text, json: text === "" ? undefined : JSON.parse(text) });
      });
      incoming.on("error", reject);
    });
    outgoing.on("error", reject);
    outgoing.end();
  });
}
