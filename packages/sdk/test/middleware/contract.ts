/**
 * What every framework adapter must do, run against a real Latchkey server and a real app of that
 * framework on 127.0.0.1. Each adapter's test file calls `describeAdapterContract` with a function that
 * starts its app: the guard in front, then a handler that answers 200 with what the guard attached.
 */
import { createServer } from "node:net";
import {
  LatchkeyConnectionError,
  LatchkeyDecisions,
  type LatchkeyDecisionsOptions,
  type LatchkeyError,
  type LatchkeyGuardOptions,
} from "@latchkey/sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  AUTHENTICATE_BODY,
  type CreatedKey,
  createRestrictedKey,
  createStandardKey,
  ownerCredentials,
} from "../../../server/test/support/route-fixtures.js";
import { GATEWAY_TOKEN } from "../../../server/test/support/test-server.js";
import { useServer } from "../../../server/test/support/use-server.js";
import { basic, countingFetch, ManualClock, send } from "./support.js";

export interface RunningApp {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Starts the framework's app with the guard in front. Its handler must answer any method and path with
 * 200 and the JSON `{ "latchkey": <what the guard attached> }`.
 */
export type StartApp = (decisions: LatchkeyDecisions, options: LatchkeyGuardOptions<any>) => Promise<RunningApp>;

export const TTL_MS = 200;
const SM_SID = `SM${"0".repeat(32)}`;

export const PERMISSION_DENIED_CREATE = {
  code: 70051,
  message: "Authorization Failed: the API key lacks the permission '/twilio/messaging/messages/create'",
  more_info: "https://www.twilio.com/docs/errors/70051",
  status: 403,
};

export const SERVICE_UNAVAILABLE = {
  code: 20503,
  message: "Service unavailable",
  more_info: "https://www.twilio.com/docs/errors/20503",
  status: 503,
};

/** A port on 127.0.0.1 that nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("no address");
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return address.port;
}

export function describeAdapterContract(name: string, startApp: StartApp): void {
  describe(`${name} guard against a real Latchkey`, () => {
    const { server: latchkey } = useServer();
    let clock: ManualClock;
    let counter: ReturnType<typeof countingFetch>;
    let apps: RunningApp[];
    let messages: string;

    beforeEach(() => {
      clock = new ManualClock();
      counter = countingFetch();
      apps = [];
      messages = `/2010-04-01/Accounts/${latchkey.accountSid}/Messages`;
    });
    afterEach(async () => {
      for (const app of apps) await app.close();
    });

    async function start(
      options: Partial<LatchkeyDecisionsOptions> = {},
      guard: LatchkeyGuardOptions<any> = {},
    ): Promise<RunningApp> {
      const decisions = new LatchkeyDecisions({
        baseUrl: latchkey.url,
        gatewayToken: GATEWAY_TOKEN,
        cacheTtlMs: TTL_MS,
        now: clock.now,
        fetch: counter.fetch,
        ...options,
      });
      const app = await startApp(decisions, guard);
      apps.push(app);
      return app;
    }

    const as = (key: CreatedKey) => ({ authorization: basic(key.user, key.password) });

    it("lets a standard key through and attaches who called", async () => {
      const app = await start();
      const key = await createStandardKey(latchkey);
      const response = await send(app.url, `${messages}.json?PageSize=20`, { headers: as(key) });
      expect(response.status).toBe(200);
      expect(response.json).toEqual({
        latchkey: {
          accountSid: latchkey.accountSid,
          credentialSid: key.sid,
          credentialType: "standard",
          permission: "/twilio/messaging/messages/list",
        },
      });
    });

    it("allows a restricted key on what its policy grants and denies it elsewhere with 403/70051", async () => {
      const app = await start();
      const key = await createRestrictedKey(latchkey, ["/twilio/messaging/messages/read"]);

      const read = await send(app.url, `${messages}/${SM_SID}.json`, { headers: as(key) });
      expect(read.status).toBe(200);
      expect(read.json.latchkey).toEqual({
        accountSid: latchkey.accountSid,
        credentialSid: key.sid,
        credentialType: "restricted",
        permission: "/twilio/messaging/messages/read",
      });

      const create = await send(app.url, `${messages}.json`, {
        method: "POST",
        headers: { ...as(key), "content-type": "application/x-www-form-urlencoded" },
        body: "To=%2B15005550006&Body=hi",
      });
      expect(create.status).toBe(403);
      expect(create.headers["content-type"]).toMatch(/^application\/json/);
      expect(create.headers["www-authenticate"]).toBeUndefined();
      expect(create.json).toEqual(PERMISSION_DENIED_CREATE);
    });

    it("answers a request without credentials, or with wrong ones, with 401, Twilio's body and WWW-Authenticate", async () => {
      const app = await start();
      const key = await createStandardKey(latchkey);
      for (const headers of [{}, { authorization: basic(key.sid, "wrong-secret-0123456789abcdef012") }]) {
        const response = await send(app.url, `${messages}.json`, { headers });
        expect(response.status).toBe(401);
        expect(response.headers["www-authenticate"]).toBe('Basic realm="Twilio API"');
        expect(response.text).toBe(AUTHENTICATE_BODY);
      }
    });

    it("reuses an allow within the TTL without asking, and denies a deleted key once the TTL has passed", async () => {
      const app = await start();
      const key = await createStandardKey(latchkey);
      const ask = () => send(app.url, `${messages}.json`, { headers: as(key) });

      expect((await ask()).status).toBe(200);
      expect(counter.calls()).toBe(1);
      clock.advance(TTL_MS - 1);
      expect((await ask()).status).toBe(200);
      expect(counter.calls()).toBe(1);

      const deleted = await latchkey.request("DELETE", `/v1/Keys/${key.sid}`, { auth: ownerCredentials(latchkey) });
      expect(deleted.status).toBe(204);
      // The documented bound: an allow requested before the revocation may still be served until its TTL runs out…
      expect((await ask()).status).toBe(200);
      expect(counter.calls()).toBe(1);
      // …and not a moment longer.
      clock.advance(1);
      const denied = await ask();
      expect(denied.status).toBe(401);
      expect(denied.text).toBe(AUTHENTICATE_BODY);
      expect(counter.calls()).toBe(2);
    });

    it("never caches a denial: once the key's policy is fixed, its very next request is allowed", async () => {
      const app = await start();
      const key = await createRestrictedKey(latchkey, ["/twilio/messaging/messages/read"]);
      const create = () => send(app.url, `${messages}.json`, { method: "POST", headers: as(key) });

      expect((await create()).status).toBe(403);
      expect((await create()).status).toBe(403);
      expect(counter.calls()).toBe(2);

      const updated = await latchkey.request("POST", `/v1/Keys/${key.sid}`, {
        auth: ownerCredentials(latchkey),
        form: {
          Policy: JSON.stringify({ allow: ["/twilio/messaging/messages/read", "/twilio/messaging/messages/create"] }),
        },
      });
      expect(updated.status).toBe(200);
      const allowed = await create();
      expect(allowed.status).toBe(200);
      expect(allowed.json.latchkey.permission).toBe("/twilio/messaging/messages/create");
      expect(counter.calls()).toBe(3);
    });

    it("fails closed with 503 and Twilio's body when Latchkey cannot be reached", async () => {
      const errors: LatchkeyError[] = [];
      const app = await start({
        baseUrl: `http://127.0.0.1:${await closedPort()}`,
        onError: (error) => errors.push(error),
      });
      const key = await createStandardKey(latchkey);
      const response = await send(app.url, `${messages}.json`, { headers: as(key) });
      expect(response.status).toBe(503);
      expect(response.json).toEqual(SERVICE_UNAVAILABLE);
      expect(response.headers["www-authenticate"]).toBeUndefined();
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(LatchkeyConnectionError);
    });

    it("decides on the public URL from publicUrl when one is given", async () => {
      const key = await createRestrictedKey(latchkey, ["/twilio/messaging/messages/read"]);
      const path = `${messages}/${SM_SID}.json`;
      // Addressed as 127.0.0.1, the request names no Twilio product: no permission of the key covers it.
      const direct = await start();
      const unmapped = await send(direct.url, path, { host: "127.0.0.1", headers: as(key) });
      expect(unmapped.status).toBe(403);
      expect(unmapped.json.code).toBe(70051);

      const proxied = await start(
        {},
        { publicUrl: (req: any) => `https://api.twilio.com${req.originalUrl ?? req.url}` },
      );
      const allowed = await send(proxied.url, path, { host: "127.0.0.1", headers: as(key) });
      expect(allowed.status).toBe(200);
      expect(allowed.json.latchkey.permission).toBe("/twilio/messaging/messages/read");
    });

    it("denies with 400, without asking Latchkey, a Host that cannot be part of a URL", async () => {
      const app = await start();
      const key = await createStandardKey(latchkey);
      const response = await send(app.url, `${messages}.json`, { host: "evil@api.twilio.com", headers: as(key) });
      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({ code: 20001, status: 400 });
      expect(counter.calls()).toBe(0);
    });
  });
}
