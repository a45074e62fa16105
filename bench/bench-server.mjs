// The server under load, in a process of its own so the load generator never shares its event loop.
// It seeds a fresh data dir, listens on loopback, sends its credentials to the parent over IPC and
// closes when told to (or when the parent goes away).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createKey,
  createMainKey,
  decide,
  initializeOwner,
  parsePolicy,
  regionNamed,
  twilioRouteTree,
} from "@latchkey/core";
import { createApp, createThrottles, openDeployment } from "@latchkey/server";
import { pino } from "pino";
import { floodAddress, floodSid } from "./flood-keys.mjs";

const OPERATOR = { sid: "operator", address: "bench" };
// The token gateways present to the decision API (`npm run bench:decisions`); any 32+ characters.
const GATEWAY_TOKEN = process.env.BENCH_GATEWAY_TOKEN ?? "bench-gateway-token-0123456789abcdef0123456789";
// The permission the decision scenarios' request (GET .../Messages/{Sid}.json) needs.
const DECISION_PERMISSION = "/twilio/messaging/messages/read";
const RESTRICTED_POLICY = JSON.stringify({ allow: ["/twilio/iam/api-keys/read"] });
// The catalog's description of GET /v1/Keys/{Sid}, as createApp resolves it for that route.
const KEY_READ = twilioRouteTree.match({ host: "iam", method: "GET", path: "/v1/Keys/:Sid" });
const BENCH_ACCESS = { ...KEY_READ, path: "/v1/Keys/{Sid}" };

const dataDir = mkdtempSync(join(tmpdir(), "latchkey-bench-"));
// Two regions, as a deployment serving Europe too would run: the scenarios use the default (us1) unless
// they name ie1 in their Host, which (b-ie1) does to show a regional host costs what the default does.
const opened = await openDeployment({ dataDir, regions: ["us1", "ie1"], masterKey: undefined });
const { deployment, defaultRegion: region } = opened;
const owner = await initializeOwner(deployment, OPERATOR);
const main = await createMainKey(region, OPERATOR, { accountSid: owner.accountSid, friendlyName: "bench main" });
const mainIe1 = await createMainKey(regionNamed(deployment, "ie1"), OPERATOR, {
  accountSid: owner.accountSid,
  friendlyName: "bench main, ie1",
});
const asOwner = {
  principal: {
    accountSid: owner.accountSid,
    credentialSid: owner.accountSid,
    credentialType: "auth_token",
    policy: null,
  },
  actor: OPERATOR,
};
const restricted = await createKey(region, asOwner, {
  accountSid: owner.accountSid,
  friendlyName: "bench restricted",
  type: "restricted",
  policy: parsePolicy(RESTRICTED_POLICY, region.catalog),
});
// For the decision scenarios: a standard key, and a restricted key with the largest policy allowed.
const standard = await createKey(region, asOwner, {
  accountSid: owner.accountSid,
  friendlyName: "bench standard",
  type: "standard",
});
const restricted100 = await createKey(region, asOwner, {
  accountSid: owner.accountSid,
  friendlyName: "bench restricted, 100 permissions",
  type: "restricted",
  policy: parsePolicy(JSON.stringify({ allow: hundredPermissions() }), region.catalog),
});

/**
 * 100 real permissions from the public list: 99 unrelated ones, in the list's order, then the one the
 * decision scenarios need. No wildcard and nothing else about messages, so only that entry grants it.
 */
function hundredPermissions() {
  const listed = JSON.parse(
    readFileSync(new URL("../packages/core/src/data/permissions.json", import.meta.url), "utf8"),
  );
  const others = listed.permissions
    .map((entry) => entry.permission)
    .filter(
      (name) =>
        !name.endsWith("/*") && !name.startsWith("/twilio/messaging/messages") && region.catalog.isGrantable(name),
    )
    .slice(0, 99);
  if (others.length !== 99)
    throw new Error(`only ${others.length} grantable permissions besides ${DECISION_PERMISSION}`);
  return [...others, DECISION_PERMISSION];
}

// Only `npm run bench:throttle` fails authentication, and sets a window long enough for all its passes.
const throttles = createThrottles({
  authFailuresPerAddress: 100,
  authFailuresPerSid: 100,
  authFailureWindowSeconds: Number(process.env.BENCH_AUTH_FAILURE_WINDOW_SECONDS ?? 60),
});
// "warn", not "silent": the per-request info line is still built and filtered, as in a quiet production.
const logger = pino({ level: process.env.BENCH_LOG_LEVEL ?? "warn" });
const app = await createApp({ deployment, throttles, logger, gatewayTokens: [GATEWAY_TOKEN] });
// The baseline: everything the real routes pay except authentication, the store and serialization.
app.get("/bench/noop", (_request, reply) => reply.code(204).send());
// The same behind the auth hook, with the access GET /v1/Keys/{Sid} requires.
app.get("/bench/auth-noop", { config: { access: BENCH_ACCESS } }, (_request, reply) => reply.code(204).send());
await app.listen({ host: "127.0.0.1", port: 0 });
const address = app.server.address();
if (typeof address !== "object" || address === null) throw new Error("bench server has no TCP address");

async function shutdown() {
  await app.close();
  await opened.close();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}
process.on("message", (message) => {
  if (message === "stop") void shutdown();
  // CPU time used by the server alone (all its threads), sampled around each measured run.
  if (message === "cpu-usage") process.send?.({ cpuUsage: process.cpuUsage() });
  if (typeof message === "object" && message?.type === "decide-micro") {
    void decideMicro(message.path, message.iterations).then((decideMicro) => process.send?.({ decideMicro }));
  }
  if (typeof message === "object" && message?.type === "throttle-prefill") {
    process.send?.({ throttlePrefill: prefillThrottles(message.count) });
  }
  if (message === "throttle-state") process.send?.({ throttleState: throttleState() });
});

/**
 * For `npm run bench:throttle`: `count` failed authentications from distinct callers (an address and
 * a SID each), recorded as the decision API records them, without HTTP, so a million fit in seconds.
 */
function prefillThrottles(count) {
  const start = process.hrtime.bigint();
  for (let index = 0; index < count; index++) throttles.recordFailure(floodAddress(index), floodSid(index));
  return { count, ms: Math.round(Number(process.hrtime.bigint() - start) / 1e6), ...throttleState() };
}

/**
 * Keys held by each throttle table (null where the throttle does not say) and the process's memory,
 * after a full collection when the server runs with --expose-gc, so that garbage does not count.
 */
function throttleState() {
  globalThis.gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  const mb = (bytes) => Math.round(bytes / 2 ** 20);
  return {
    byAddress: throttles.byAddress.size ?? null,
    bySid: throttles.bySid.size ?? null,
    rssMb: mb(rss),
    heapUsedMb: mb(heapUsed),
  };
}

/**
 * The decision alone, without HTTP: microseconds per `decide()` for the standard key and the
 * 100-permission restricted key, interleaved in rounds so drifting machine load hits both alike.
 */
async function decideMicro(path, iterations) {
  const request = (key) => ({
    method: "GET",
    host: "api.twilio.com",
    path,
    authorization: `Basic ${Buffer.from(`${key.key.sid}:${key.secret}`).toString("base64")}`,
  });
  const requests = { standard: request(standard), restricted100: request(restricted100) };
  const totals = { standard: 0n, restricted100: 0n };
  for (const [name, decisionRequest] of Object.entries(requests)) {
    const decision = await decide(region, decisionRequest);
    if (!decision.allowed) throw new Error(`the ${name} key is not allowed on ${path}: ${decision.reason}`);
    for (let i = 0; i < 20_000; i++) await decide(region, decisionRequest);
  }
  const rounds = 10;
  for (let round = 0; round < rounds; round++) {
    for (const [name, decisionRequest] of Object.entries(requests)) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < iterations / rounds; i++) await decide(region, decisionRequest);
      totals[name] += process.hrtime.bigint() - start;
    }
  }
  const perCallUs = (total) => Math.round(Number(total) / iterations / 10) / 100;
  return { standardUs: perCallUs(totals.standard), restricted100Us: perCallUs(totals.restricted100) };
}
process.on("disconnect", () => void shutdown());

process.send?.({
  url: `http://127.0.0.1:${address.port}`,
  accountSid: owner.accountSid,
  authToken: owner.authToken,
  main: { sid: main.key.sid, secret: main.secret },
  mainIe1: { sid: mainIe1.key.sid, secret: mainIe1.secret },
  restricted: { sid: restricted.key.sid, secret: restricted.secret },
  gatewayToken: GATEWAY_TOKEN,
  standard: { sid: standard.key.sid, secret: standard.secret },
  restricted100: {
    sid: restricted100.key.sid,
    secret: restricted100.secret,
    permissions: restricted100.key.policy?.allow.length ?? 0,
  },
});
