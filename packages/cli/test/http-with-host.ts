import { requestWithHost } from "../../server/test/support/request-with-host.js";

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
export async function getWithHost(
  url: string,
  options: { readonly host?: string; readonly authorization?: string } = {},
): Promise<HostResponse> {
  const headers: Record<string, string> = {};
  if (options.host !== undefined) headers.host = options.host;
  if (options.authorization !== undefined) headers.authorization = options.authorization;
  const response = await requestWithHost(url, { method: "GET", headers, body: undefined });
  const text = await response.text();
  return { status: response.status, text, json: text === "" ? undefined : JSON.parse(text) };
}
