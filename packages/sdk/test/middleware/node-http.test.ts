import { createServer, type Server } from "node:http";
import { createNodeHttpGuard, guardRequest, LatchkeyDecisions, type WithLatchkey } from "@latchkey/sdk";
import { afterEach, describe, expect, it } from "vitest";
import { createRestrictedKey } from "../../../server/test/support/route-fixtures.js";
import { GATEWAY_TOKEN } from "../../../server/test/support/test-server.js";
import { useServer } from "../../../server/test/support/use-server.js";
import { describeAdapterContract, type RunningApp } from "./contract.js";
import { basic, send, urlOf } from "./support.js";

async function listen(server: Server): Promise<RunningApp> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: urlOf(server.address()),
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

describeAdapterContract("node:http", (decisions, options) => {
  const guard = createNodeHttpGuard(decisions, options);
  return listen(
    createServer(async (req, res) => {
      if (!(await guard(req, res))) return;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ latchkey: (req as WithLatchkey<typeof req>).latchkey }));
    }),
  );
});

describe("guardRequest", () => {
  const { server: latchkey } = useServer();
  let app: RunningApp | undefined;
  afterEach(async () => {
    await app?.close();
  });

  it("resolves to false after answering a denial itself, and to true with the caller attached", async () => {
    const decisions = new LatchkeyDecisions({ baseUrl: latchkey.url, gatewayToken: GATEWAY_TOKEN });
    const outcomes: boolean[] = [];
    app = await listen(
      createServer(async (req, res) => {
        const allowed = await guardRequest(decisions, req, res);
        outcomes.push(allowed);
        if (allowed) res.end(`hello ${(req as WithLatchkey<typeof req>).latchkey.credentialSid}`);
      }),
    );
    const key = await createRestrictedKey(latchkey, ["/twilio/messaging/messages/read"]);
    const messages = `/2010-04-01/Accounts/${latchkey.accountSid}/Messages`;
    const authorization = basic(key.user, key.password);

    const denied = await send(app.url, `${messages}.json`, { method: "POST", headers: { authorization } });
    expect(denied.status).toBe(403);
    const allowed = await send(app.url, `${messages}/SM${"1".repeat(32)}.json`, { headers: { authorization } });
    expect(allowed.status).toBe(200);
    expect(allowed.text).toBe(`hello ${key.sid}`);
    expect(outcomes).toEqual([false, true]);
  });
});
