/**
 * One conformance test's world: a real server on TCP and official `twilio` clients pointed at it.
 * Every response any of those clients receives goes through `checkExchange` as it arrives, so a
 * wire-format mismatch makes the client call that received it fail.
 */
import type { Clock } from "@latchkey/core";
import type twilio from "twilio";
import { startTestServer, type TestServer, type TestServerOptions } from "../support/test-server.js";
import { createTwilioClient, type RecordedExchange, type TwilioCredentials } from "../support/twilio-client.js";
import { checkExchange } from "./exchange-check.js";

/** Each reading is one second after the previous one, so every write gets its own date_updated. */
export function steppingClock(startMs = Date.UTC(2025, 0, 6, 9, 30, 0), stepMs = 1000): Clock {
  let next = startMs;
  return {
    now() {
      const now = next;
      next += stepMs;
      return now;
    },
  };
}

export interface Conformance {
  readonly server: TestServer;
  readonly accountSid: string;
  /** The official client on the owner account's SID and auth token. */
  readonly owner: twilio.Twilio;
  /** Another official client, e.g. on an API key (`accountSid` + `keySid` + `keySecret`). */
  clientFor(credentials: TwilioCredentials): twilio.Twilio;
  /** Every exchange of every client, in order. */
  readonly exchanges: readonly RecordedExchange[];
  /** The parsed JSON body of the latest response. */
  lastBody(): any;
  close(): Promise<void>;
}

export async function startConformance(options: TestServerOptions = {}): Promise<Conformance> {
  const server = await startTestServer({ clock: steppingClock(), ...options });
  const exchanges: RecordedExchange[] = [];
  const clientFor = (credentials: TwilioCredentials) =>
    createTwilioClient(server.url, credentials, (exchange) => {
      exchanges.push(exchange);
      checkExchange(exchange);
    }).client;
  return {
    server,
    accountSid: server.accountSid,
    owner: clientFor({ accountSid: server.accountSid, authToken: server.authToken }),
    clientFor,
    exchanges,
    lastBody() {
      const last = exchanges.at(-1);
      if (last === undefined) throw new Error("no response received yet");
      return last.body === "" ? undefined : JSON.parse(last.body);
    },
    close: () => server.close(),
  };
}

/** Creates `count` standard keys one after another through iam v1; their SIDs, oldest first. */
export async function createKeys(ctx: Conformance, count: number): Promise<string[]> {
  const sids: string[] = [];
  for (let index = 0; index < count; index++) {
    const key = await ctx.owner.iam.v1.newApiKey.create({ accountSid: ctx.accountSid, friendlyName: `key ${index}` });
    sids.push(key.sid);
  }
  return sids;
}

/** The records `each()` yields, collected until the client calls `done`. */
export function collectEach<T>(
  each: (options: { callback: (item: T) => void; done: (error?: Error) => void }) => void,
) {
  return new Promise<T[]>((resolve, reject) => {
    const items: T[] = [];
    each({
      callback: (item) => items.push(item),
      done: (error) => (error === undefined || error === null ? resolve(items) : reject(error)),
    });
  });
}

/** The parsed bodies of every GET to `path`, in order: one per page the client fetched. */
export function pageBodies(ctx: Conformance, path: string): any[] {
  return ctx.exchanges
    .filter((exchange) => exchange.method === "GET" && exchange.clientUrl.pathname === path)
    .map((exchange) => JSON.parse(exchange.body));
}

/** A restricted key of the owner account allowed exactly `allow`, made through iam v1. */
export async function createRestrictedKey(ctx: Conformance, allow: readonly string[]) {
  const key = await ctx.owner.iam.v1.newApiKey.create({
    accountSid: ctx.accountSid,
    friendlyName: "restricted",
    keyType: "restricted",
    policy: { allow },
  });
  return { sid: key.sid, secret: key.secret };
}

/** An official client authenticating with an API key of the owner account. */
export function clientForKey(ctx: Conformance, key: { readonly sid: string; readonly secret: string }) {
  return ctx.clientFor({ accountSid: ctx.accountSid, keySid: key.sid, keySecret: key.secret });
}
