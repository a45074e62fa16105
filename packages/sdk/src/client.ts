import { AccountsResource } from "./accounts.js";
import { HttpClient } from "./http.js";

export interface LatchkeyClientOptions {
  /** Where the server listens, e.g. `http://127.0.0.1:8080`. */
  readonly baseUrl: string;
  /** An Account SID (`AC…`) or an API key SID (`SK…`). */
  readonly username: string;
  /** The account's Auth Token, or the API key's secret. */
  readonly password: string;
  /** The fetch to use; the global one by default. */
  readonly fetch?: typeof globalThis.fetch;
  /** How long to wait for each answer before giving up; 30 seconds by default. */
  readonly timeoutMs?: number;
}

/**
 * A typed client of a running Latchkey server, over its Twilio-compatible HTTP API. It holds no state
 * beyond its options, so one client can serve many concurrent calls.
 *
 * @example
 * ```ts
 * import { LatchkeyClient } from "@latchkey/sdk";
 *
 * const client = new LatchkeyClient({
 *   baseUrl: "http://127.0.0.1:8080",
 *   username: process.env.TWILIO_ACCOUNT_SID ?? "",
 *   password: process.env.TWILIO_AUTH_TOKEN ?? "",
 * });
 * const sub = await client.accounts.create({ friendlyName: "Acme staging" });
 * ```
 */
export class LatchkeyClient {
  readonly accounts: AccountsResource;

  constructor(options: LatchkeyClientOptions) {
    const http = new HttpClient(options);
    this.accounts = new AccountsResource(http);
  }
}
