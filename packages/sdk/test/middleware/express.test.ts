import type { Server } from "node:http";
import { LatchkeyDecisions, latchkeyExpress, type WithLatchkey } from "@latchkey/sdk";
import express, { type ErrorRequestHandler } from "express";
import { afterEach, describe, expect, it } from "vitest";
import { createRestrictedKey } from "../../../server/test/support/route-fixtures.js";
import { GATEWAY_TOKEN } from "../../../server/test/support/test-server.js";
import { useServer } from "../../../server/test/support/use-server.js";
import { describeAdapterContract, type RunningApp } from "./contract.js";
import { basic, send, urlOf } from "./support.js";

async function listen(app: express.Express): Promise<RunningApp> {
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(0, "127.0.0.1", (error?: Error) => (error ? reject(error) : resolve(listening)));
  });
  return {
    url: urlOf(server.address()),
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

describeAdapterContract("Express", (decisions, options) => {
  const app = express();
  app.use(latchkeyExpress(decisions, options));
  app.use((req, res) => {
    res.json({ latchkey: (req as WithLatchkey<typeof req>).latchkey });
  });
  return listen(app);
});

describe("latchkeyExpress", () => {
  const { server: latchkey } = useServer();
  let running: RunningApp | undefined;
  afterEach(async () => {
    await running?.close();
  });

  it("decides on the whole path when mounted under a prefix", async () => {
    const decisions = new LatchkeyDecisions({ baseUrl: latchkey.url, gatewayToken: GATEWAY_TOKEN });
    const app = express();
    app.use("/2010-04-01", latchkeyExpress(decisions));
    app.use((req, res) => {
      res.json({ permission: (req as WithLatchkey<typeof req>).latchkey.permission });
    });
    running = await listen(app);
    const key = await createRestrictedKey(latchkey, ["/twilio/messaging/messages/read"]);
    const response = await send(
      running.url,
      `/2010-04-01/Accounts/${latchkey.accountSid}/Messages/SM${"2".repeat(32)}.json`,
      {
        headers: { authorization: basic(key.user, key.password) },
      },
    );
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ permission: "/twilio/messaging/messages/read" });
  });

  it("hands an option that throws to Express's error handling, and runs nothing else", async () => {
    const decisions = new LatchkeyDecisions({ baseUrl: latchkey.url, gatewayToken: GATEWAY_TOKEN });
    const app = express();
    let reached = false;
    app.use(
      latchkeyExpress(decisions, {
        publicUrl: () => {
          throw new Error("no public URL configured");
        },
      }),
    );
    app.use((_req, res) => {
      reached = true;
      res.end();
    });
    const onError: ErrorRequestHandler = (error: Error, _req, res, _next) => {
      res.status(500).json({ error: error.message });
    };
    app.use(onError);
    running = await listen(app);
    const response = await send(running.url, "/2010-04-01/Accounts.json");
    expect(response.status).toBe(500);
    expect(response.json).toEqual({ error: "no public URL configured" });
    expect(reached).toBe(false);
  });
});
