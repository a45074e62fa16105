// `npm run bench:tokens`: what an Access Token costs Latchkey.
//
// 1. Micro: AccessTokenVerifier.verify in a loop on this one core, against a warm standard key, with tokens
//    minted by the compiled SDK: 20,000 distinct tokens in turn, and the same 64 tokens again and again
//    (the two differ only if the verifier remembers tokens it has checked). Target: at least 100,000
//    verifications/s.
// 2. Decision API over HTTP: POST /v1/Authorize asked about the standard key itself (Basic), about one
//    token (`Authorization: Bearer …`) presented again and again, and about a token not seen before on
//    every request, driven by autocannon against a server in a process of its own (this file again,
//    with the argument `server`). Target: a token within 10 % of the key.
//
// It reports and never fails. Knobs: BENCH_MICRO_SECONDS, BENCH_CONNECTIONS, BENCH_WARMUP_SECONDS,
// BENCH_DURATION_SECONDS, BENCH_ROUNDS, BENCH_SERVER_ARGS (Node flags for the server, e.g. --cpu-prof).
import { fork } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHistogram } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { createKey, initializeOwner } from "@latchkey/core";
import { AccessToken, ChatGrant, VideoGrant, VoiceGrant } from "@latchkey/sdk";
import { createApp, createThrottles, openDeployment } from "@latchkey/server";
import autocannon from "autocannon";
import { pino } from "pino";

const OPERATOR = { sid: "operator", address: "bench" };
const GATEWAY_TOKEN = "bench-gateway-token-0123456789abcdef";

/** A fresh region with an owner account and a standard key. */
async function seedRegion() {
  const dataDir = mkdtempSync(join(tmpdir(), "latchkey-bench-tokens-"));
  const opened = await openDeployment({ dataDir, regions: ["us1"], masterKey: undefined });
  const { deployment, defaultRegion: region } = opened;
  const owner = await initializeOwner(deployment, OPERATOR);
  const { key, secret } = await createKey(
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
    { accountSid: owner.accountSid, friendlyName: "bench standard", type: "standard" },
  );
  const cleanUp = async () => {
    await opened.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { region, accountSid: owner.accountSid, key: { sid: key.sid, secret }, cleanUp };
}

/** A token as a Video + Voice + Chat client would carry it. */
function mintToken(accountSid, key, identity) {
  return new AccessToken(accountSid, key.sid, key.secret, { identity, ttl: 86_400 })
    .addGrant(new VideoGrant({ room: "daily-standup" }))
    .addGrant(new VoiceGrant({ incomingAllow: true, outgoingApplicationSid: `AP${"a".repeat(32)}` }))
    .addGrant(new ChatGrant({ serviceSid: `IS${"c".repeat(32)}` }))
    .toJwt();
}

// ---- the server process -----------------------------------------------------------------------

async function runServer() {
  const seed = await seedRegion();
  const throttles = createThrottles({
    authFailuresPerAddress: 100,
    authFailuresPerSid: 100,
    authFailureWindowSeconds: 60,
  });
  const logger = pino({ level: process.env.BENCH_LOG_LEVEL ?? "warn" });
  const app = await createApp({
    deployment: seed.region.deployment,
    throttles,
    logger,
    gatewayTokens: [GATEWAY_TOKEN],
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  if (typeof address !== "object" || address === null) throw new Error("bench server has no TCP address");
  const shutdown = async () => {
    await app.close();
    await seed.cleanUp();
    process.exit(0);
  };
  process.on("message", (message) => {
    if (message === "stop") void shutdown();
    if (message === "cpu-usage") process.send?.({ cpuUsage: process.cpuUsage() });
  });
  process.on("disconnect", () => void shutdown());
  process.send?.({ url: `http://127.0.0.1:${address.port}`, accountSid: seed.accountSid, key: seed.key });
}

// ---- 1. micro ---------------------------------------------------------------------------------

/** The region's AccessTokenVerifier over `tokens`, in turn, in a loop for about `seconds`. */
async function verificationsPerSecond(seed, tokens, seconds) {
  const run = async (count, offset) => {
    for (let index = 0; index < count; index += 1) {
      const result = await seed.region.accessTokens.verify(tokens[(offset + index) % tokens.length]);
      if (!result.ok) throw new Error(`a bench token failed verification: ${result.error.message}`);
    }
  };
  // Warm-up (JIT, the key's secret opened once), then timed batches until the time is up.
  await run(100_000, 0);
  const batch = 50_000;
  let done = 0;
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  let elapsedNs = 0n;
  while (elapsedNs < BigInt(seconds) * 1_000_000_000n) {
    await run(batch, done);
    done += batch;
    elapsedNs = process.hrtime.bigint() - started;
  }
  const cpu = process.cpuUsage(cpuBefore);
  const elapsedS = Number(elapsedNs) / 1e9;
  return {
    verifications: done,
    seconds: Math.round(elapsedS * 100) / 100,
    perSecond: Math.round(done / elapsedS),
    cpuUsPerVerification: Math.round(((cpu.user + cpu.system) / done) * 1000) / 1000,
    tokenBytes: tokens[0].length,
  };
}

async function micro() {
  const seconds = Number(process.env.BENCH_MICRO_SECONDS ?? 5);
  const seed = await seedRegion();
  try {
    const mint = (count) =>
      Array.from({ length: count }, (_, index) => mintToken(seed.accountSid, seed.key, `user-${index}`));
    return {
      first: await verificationsPerSecond(seed, mint(20_000), seconds),
      repeat: await verificationsPerSecond(seed, mint(64), seconds),
    };
  } finally {
    await seed.cleanUp();
  }
}

// ---- 2. decision API over HTTP ----------------------------------------------------------------

/**
 * Drives one scenario with autocannon on keep-alive connections, as bench/load.mjs does, and also
 * lets each request take a new body (`nextBody`). Returns null for a warm-up.
 */
async function drive(url, scenario, settings, seconds, { record }) {
  const latencyUs = createHistogram();
  const run = autocannon({
    url: `${url}${scenario.path}`,
    method: "POST",
    headers: scenario.headers,
    connections: settings.connections,
    pipelining: 1,
    duration: seconds,
    requests: [
      {
        method: "POST",
        ...(scenario.nextBody === undefined
          ? { body: scenario.body }
          : { setupRequest: (request) => ({ ...request, body: scenario.nextBody() }) }),
      },
    ],
  });
  run.on("response", (_client, statusCode, _bytes, responseTimeMs) => {
    if (statusCode === 200) latencyUs.record(Math.max(1, Math.round(responseTimeMs * 1000)));
  });
  const result = await run;
  if (!record) return null;
  const ms = (us) => Math.round(us / 10) / 100;
  return {
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.total / result.duration),
    p50Ms: ms(latencyUs.percentile(50)),
    p99Ms: ms(latencyUs.percentile(99)),
    bad: result.requests.total - (result.statusCodeStats[200]?.count ?? 0) + result.errors + result.timeouts,
  };
}

async function http() {
  const settings = {
    connections: Number(process.env.BENCH_CONNECTIONS ?? 32),
    warmupSeconds: Number(process.env.BENCH_WARMUP_SECONDS ?? 3),
    durationSeconds: Number(process.env.BENCH_DURATION_SECONDS ?? 10),
  };
  const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
  const server = fork(fileURLToPath(import.meta.url), ["server"], {
    execArgv: (process.env.BENCH_SERVER_ARGS ?? "").split(" ").filter((arg) => arg !== ""),
  });
  try {
    const [seed] = await Promise.race([
      once(server, "message"),
      once(server, "exit").then(([code]) => {
        throw new Error(`the bench server exited (${code}) before it listened`);
      }),
    ]);
    const serverCpuMicros = async () => {
      server.send("cpu-usage");
      const [{ cpuUsage }] = await once(server, "message");
      return cpuUsage.user + cpuUsage.system;
    };
    const url = `https://api.twilio.com/2010-04-01/Accounts/${seed.accountSid}/Messages.json`;
    const bodyFor = (authorization) =>
      new URLSearchParams({ Method: "POST", Url: url, Authorization: authorization }).toString();
    const basic = `Basic ${Buffer.from(`${seed.key.sid}:${seed.key.secret}`).toString("base64")}`;
    // Fresh tokens: 40,000 distinct ones taken in turn, so none comes back for seconds. Minted up
    // front, so the load generator only picks them.
    const freshBodies = Array.from({ length: 40_000 }, (_, index) =>
      bodyFor(`Bearer ${mintToken(seed.accountSid, seed.key, `user-${index}`)}`),
    );
    let nextFresh = 0;
    const headers = { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/x-www-form-urlencoded" };
    const scenarios = [
      { id: "key", name: "standard key (Basic)", path: "/v1/Authorize", headers, body: bodyFor(basic) },
      {
        id: "token",
        name: "Access Token (Bearer), the same token every time",
        path: "/v1/Authorize",
        headers,
        body: bodyFor(`Bearer ${mintToken(seed.accountSid, seed.key, "alice")}`),
      },
      {
        id: "fresh",
        name: "Access Token (Bearer), a token not seen before each time",
        path: "/v1/Authorize",
        headers,
        body: freshBodies[0],
        nextBody: () => {
          nextFresh = (nextFresh + 1) % freshBodies.length;
          return freshBodies[nextFresh];
        },
      },
    ];
    // The answers must be what they claim to be before anything is timed.
    for (const { body, name } of scenarios) {
      const answer = await fetch(`${seed.url}/v1/Authorize`, { method: "POST", headers, body });
      const decision = await answer.json();
      if (decision.allowed !== true) throw new Error(`${name} is not allowed: ${JSON.stringify(decision)}`);
    }
    const results = Object.fromEntries(scenarios.map(({ id }) => [id, []]));
    // Alternating rounds, so drift in the machine's load hits every scenario alike.
    for (let round = 0; round < rounds; round += 1) {
      for (const current of scenarios) {
        process.stdout.write(`  round ${round + 1}: ${current.name} ...\n`);
        await drive(seed.url, current, settings, settings.warmupSeconds, { record: false });
        const before = await serverCpuMicros();
        const figures = await drive(seed.url, current, settings, settings.durationSeconds, { record: true });
        const serverMicros = (await serverCpuMicros()) - before;
        results[current.id].push({
          ...figures,
          serverCpuUsPerRequest: Math.round((serverMicros / figures.requests) * 10) / 10,
        });
      }
    }
    return { settings, rounds, scenarios: scenarios.map(({ id, name }) => ({ id, name, runs: results[id] })) };
  } finally {
    if (server.exitCode === null && server.signalCode === null) {
      server.send("stop");
      await once(server, "exit");
    }
  }
}

const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;

async function main() {
  console.log("Access Token verification, one core (AccessTokenVerifier.verify, warm key):");
  const microFigures = await micro();
  for (const [kind, label] of [
    ["first", "20,000 distinct tokens in turn"],
    ["repeat", "the same 64 tokens again and again"],
  ]) {
    const figures = microFigures[kind];
    console.log(
      `  ${label}: ${figures.perSecond.toLocaleString("en-US")} verifications/s ` +
        `(${figures.cpuUsPerVerification} µs CPU each, ${figures.verifications.toLocaleString("en-US")} in ` +
        `${figures.seconds} s, ${figures.tokenBytes}-byte tokens); target >= 100,000/s: ` +
        `${figures.perSecond >= 100_000 ? "met" : "NOT met"}`,
    );
  }

  console.log("\nDecision API, POST /v1/Authorize over loopback (autocannon):");
  const httpFigures = await http();
  const summary = {};
  for (const { id, name, runs } of httpFigures.scenarios) {
    summary[id] = {
      requestsPerSecond: Math.round(mean(runs.map((run) => run.requestsPerSecond))),
      serverCpuUsPerRequest: Math.round(mean(runs.map((run) => run.serverCpuUsPerRequest)) * 10) / 10,
      p50Ms: Math.round(mean(runs.map((run) => run.p50Ms)) * 100) / 100,
      p99Ms: Math.round(mean(runs.map((run) => run.p99Ms)) * 100) / 100,
      bad: runs.reduce((sum, run) => sum + run.bad, 0),
    };
    const figures = summary[id];
    console.log(
      `  ${name}: ${figures.requestsPerSecond.toLocaleString("en-US")} req/s, p50 ${figures.p50Ms} ms, ` +
        `p99 ${figures.p99Ms} ms, server ${figures.serverCpuUsPerRequest} µs CPU/req, bad ${figures.bad}` +
        ` (runs: ${runs.map((run) => run.requestsPerSecond).join(", ")})`,
    );
  }
  const ratios = {};
  for (const id of ["token", "fresh"]) {
    ratios[id] = {
      byRequests: summary[id].requestsPerSecond / summary.key.requestsPerSecond,
      byServerCpu: summary[id].serverCpuUsPerRequest / summary.key.serverCpuUsPerRequest,
    };
    console.log(
      `  ${id} / key: ${ratios[id].byRequests.toFixed(3)} by req/s, ${ratios[id].byServerCpu.toFixed(3)} by server ` +
        `CPU per request; target within 10 %: ${ratios[id].byRequests >= 0.9 ? "met" : "NOT met"}`,
    );
  }
  console.log(`\n${JSON.stringify({ date: new Date().toISOString(), micro: microFigures, http: summary, ratios })}`);
}

if (process.argv[2] === "server") {
  await runServer();
} else {
  try {
    await main();
  } catch (error) {
    // A broken bench is reported, not turned into a failing exit code: the figures are information.
    console.error("bench failed:", error);
  }
}
