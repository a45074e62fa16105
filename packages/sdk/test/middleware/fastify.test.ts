import { LatchkeyDecisions, latchkeyFastify, type WithLatchkey } from "@latchkey/sdk";
import Fastify, { type FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { createRestrictedKey } from "../../../server/test/support/route-fixtures.js";
import { GATEWAY_TOKEN } from "../../../server/test/support/test-server.js";
import { useServer } from "../../../server/test/support/use-server.js";
import { describeAdapterContract, PERMISSION_DENIED_CREATE, type RunningApp } from "./contract.js";
import { basic, countingFetch, send } from "./support.js";

async function listen(app: FastifyInstance): Promise<RunningApp> {
  const url = await app.listen({ host: "127.0.0.1", port: 0 });
  return { url, close: () => app.close() };
}

describeAdapterContract("Fastify", (decisions, options) => {
  const app = Fastify();
  app.decorateRequest("latchkey", null);
  app.addHook("onRequest", latchkeyFastify(decisions, options));
  app.all("/*", async (request) => ({ latchkey: (request as WithLatchkey<typeof request>).latchkey }));
  return listen(app);
});

describe("latchkeyFastify", () => {
  const { server: latchkey } = useServer();
  let running: RunningApp | undefined;
  afterEach(async () => {
    await running?.close();
  });

  it("works as a preHandler hook too, and keeps the route from running when it denies", async () => {
    const counter = countingFetch();
    const decisions = new LatchkeyDecisions({
      baseUrl: latchkey.url,
      gatewayToken: GATEWAY_TOKEN,
      fetch: counter.fetch,
    });
    const app = Fastify();
    const reached: string[] = [];
    app.addHook("preHandler", latchkeyFastify(decisions));
    app.all("/*", async (request) => {
      reached.push(request.method);
      return { permission: (request as WithLatchkey<typeof request>).latchkey.permission };
    });
    running = await listen(app);
    const key = await createRestrictedKey(latchkey, ["/twilio/messaging/messages/read"]);
    const messages = `/2010-04-01/Accounts/${latchkey.accountSid}/Messages`;
    const authorization = basic(key.user, key.password);

    const read = await send(running.url, `${messages}/SM${"3".repeat(32)}.json`, { headers: { authorization } });
    expect(read.status).toBe(200);
    expect(read.json).toEqual({ permission: "/twilio/messaging/messages/read" });
    const create = await send(running.url, `${messages}.json`, {
      method: "POST",
      headers: { authorization, "content-type": "application/json" },
      body: JSON.stringify({ To: "+15005550006" }),
    });
    expect(create.status).toBe(403);
    expect(create.json).toEqual(PERMISSION_DENIED_CREATE);
    expect(reached).toEqual(["GET"]);
    expect(counter.calls()).toBe(2);
  });
});
