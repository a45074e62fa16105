import type { LatchkeyHttpClient } from "@latchkey/sdk";
import type RequestClient from "twilio/lib/base/RequestClient.js";

/**
 * twilio types `httpClient` as its RequestClient class, whose private members no other object can match,
 * so every caller needs a cast. The assignment below keeps that cast honest: it stops compiling if what
 * twilio passes to `request` stops fitting what latchkeyHttpClient accepts, or if our answer stops being
 * one twilio can read.
 */
export function asRequestClient(client: LatchkeyHttpClient): RequestClient {
  const request: (opts: RequestClient.RequestOptions) => Promise<{ statusCode: number; body: unknown }> =
    client.request;
  void request;
  return client as unknown as RequestClient;
}
