// The server under load, in a process of its own so the load generator never shares its event loop.
// It seeds a fresh data dir, listens on loopback, sends its credentials to the parent over IPC and
// closes when told to (or when the parent goes away).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createKey, createMainKey, initializeOwner, parsePolicy, permission } from "@latchkey/core";
import { createApp, createThrottles, openRegion } from "@latchkey/server";
import { pino } from "pino";

const OPERATOR = { sid: "operator", address: "bench" };
const RESTRICTED_POLICY = JSON.stringify({ allow: ["/twilio/iam/api-keys/read"] });
const BENCH_ACCESS = { kind: "management", permission: permission("/twilio/iam/api-keys/read") };

const dataDir = mkdtempSync(join(tmpdir(), "latchkey-bench-"));
const region = await openRegion({ dataDir, region: "us1", masterKey: undefined });
const owner = await initializeOwner(region, OPERATOR);
const main = await createMainKey(region, OPERATOR, { accountSid: owner.accountSid, friendlyName: "bench main" });
const restricted = await createKey(
  region,
  {
    principal: {
      accountSid: owner.accountSid,
      credentialSid: owner.accountSid,
      credentialType: "auth_token",
      policy: null,
    },
    actor: OPERATOR,
  },
  {
    accountSid: owner.accountSid,
    friendlyName: "bench restricted",
    type: "restricted",
    policy: parsePolicy(RESTRICTED_POLICY, region.catalog),
  },
);

// The bench never fails authentication, so the throttle limits only need to be valid.
const throttles = createThrottles({
  authFailuresPerAddress: 100,
  authFailuresPerSid: 100,
  authFailureWindowSeconds: 60,
});
// "warn", not "silent": the per-request info line is still built and filtered, as in a quiet production.
const logger = pino({ level: process.env.BENCH_LOG_LEVEL ?? "warn" });
const app = await createApp({ region, throttles, logger });
// The baseline: everything the real routes pay except authentication, the store and serialization.
app.get("/bench/noop", (_request, reply) => reply.code(204).send());
// The same behind the auth hook, with the access GET /v1/Keys/{Sid} requires.
app.get("/bench/auth-noop", { config: { access: BENCH_ACCESS } }, (_request, reply) => reply.code(204).send());
await app.listen({ host: "127.0.0.1", port: 0 });
const address = app.server.address();
if (typeof address !== "object" || address === null) throw new Error("bench server has no TCP address");

async function shutdown() {
  await app.close();
  await region.store.close();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}
process.on("message", (message) => {
  if (message === "stop") void shutdown();
  // CPU time used by the server alone (all its threads), sampled around each measured run.
  if (message === "cpu-usage") process.send?.({ cpuUsage: process.cpuUsage() });
});
process.on("disconnect", () => void shutdown());

process.send?.({
  url: `http://127.0.0.1:${address.port}`,
  accountSid: owner.accountSid,
  authToken: owner.authToken,
  main: { sid: main.key.sid, secret: main.secret },
  restricted: { sid: restricted.key.sid, secret: restricted.secret },
});
