// `npm run bench:decisions`: the decision API under load, in one run.
//   (a)   GET /bench/noop, the server's trivial 204 route: the baseline.
//   (d)   GET /v1/Authorize/Request for a standard key.
//   (d')  the same for a restricted key with 100 permissions.
//   (n0)  nginx proxying a trivial upstream, no auth.
//   (n1)  the same nginx with auth_request to (d) (the configuration in docs/operations.md), standard key.
//   (n1') the same with the 100-permission restricted key.
// Then `decide()` alone in the server process, without HTTP, for both keys. (d)/(d') and (n1)/(n1')
// are each measured twice, A B B A, since they are compared to within 5 %.
// The server runs in its own process, nginx in another, the load from this one; everything on loopback.
// Prints a table, writes bench/results/decisions-latest.json, and never fails the run.
import { fork } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { measure, warmUp } from "./load.mjs";
import { machineBusyMicros } from "./machine-load.mjs";
import { findNginx, startBenchNginx } from "./nginx.mjs";
import { describeMachine } from "./report.mjs";

const SETTINGS = {
  connections: Number(process.env.BENCH_CONNECTIONS ?? 32),
  warmupSeconds: Number(process.env.BENCH_WARMUP_SECONDS ?? 3),
  durationSeconds: Number(process.env.BENCH_DURATION_SECONDS ?? 10),
  microIterations: Number(process.env.BENCH_MICRO_ITERATIONS ?? 200_000),
};
// The targets: a decision costs at most 25 % more than the trivial route, and the policy's size does
// not matter (100 permissions within 5 % of a standard key).
const TARGETS = { decisionVsTrivial: 0.8, restrictedVsStandard: 0.95 };

const API_HOST = "api.twilio.com";
const MESSAGE_SID = `SM${"0123456789abcdef".repeat(2)}`;

/** @param {{ sid: string, secret: string }} key */
const basic = (key) => `Basic ${Buffer.from(`${key.sid}:${key.secret}`).toString("base64")}`;

/** The request every decision scenario asks about: fetch one message, /twilio/messaging/messages/read. */
const decisionPathOf = (seed) => `/2010-04-01/Accounts/${seed.accountSid}/Messages/${MESSAGE_SID}.json`;

function buildScenarios(seed, nginx) {
  const path = decisionPathOf(seed);
  const decision = (key) => ({
    url: seed.url,
    method: "GET",
    path: "/v1/Authorize/Request",
    // What the nginx configuration sends: its subrequest carries these and nothing else.
    headers: {
      "x-latchkey-gateway": `Bearer ${seed.gatewayToken}`,
      "x-original-method": "GET",
      "x-original-uri": path,
      "x-original-host": API_HOST,
      "x-real-ip": "127.0.0.1",
      authorization: basic(key),
    },
    status: 204,
  });
  const scenarios = [
    {
      id: "a",
      name: "GET /bench/noop (204, no auth)",
      url: seed.url,
      method: "GET",
      path: "/bench/noop",
      headers: {},
      status: 204,
    },
    { id: "d", name: "GET /v1/Authorize/Request, standard key", ...decision(seed.standard) },
    {
      id: "d'",
      name: `GET /v1/Authorize/Request, restricted key (${seed.restricted100.permissions})`,
      ...decision(seed.restricted100),
    },
  ];
  if (nginx === null) return scenarios;
  const viaNginx = (port, key) => ({
    url: `http://127.0.0.1:${port}`,
    method: "GET",
    path,
    headers: { host: API_HOST, ...(key !== undefined && { authorization: basic(key) }) },
    status: 200,
  });
  return [
    ...scenarios,
    { id: "n0", name: "nginx -> upstream, no auth", ...viaNginx(nginx.plainPort) },
    { id: "n1", name: "nginx auth_request -> upstream, standard key", ...viaNginx(nginx.authPort, seed.standard) },
    {
      id: "n1'",
      name: `nginx auth_request -> upstream, restricted key (${seed.restricted100.permissions})`,
      ...viaNginx(nginx.authPort, seed.restricted100),
    },
  ];
}

const server = fork(fileURLToPath(new URL("./bench-server.mjs", import.meta.url)), {
  execArgv: (process.env.BENCH_SERVER_ARGS ?? "").split(" ").filter((arg) => arg !== ""),
});

/** The server's CPU time in microseconds, user and system apart. */
async function serverCpu() {
  server.send("cpu-usage");
  const [{ cpuUsage }] = await once(server, "message");
  return cpuUsage;
}

/** `decide()` alone in the server process, without HTTP: µs per call for each key. */
async function decideMicro(path) {
  server.send({ type: "decide-micro", path, iterations: SETTINGS.microIterations });
  const [{ decideMicro }] = await once(server, "message");
  return decideMicro;
}

const round1 = (value) => Math.round(value * 10) / 10;
const round2 = (value) => Math.round(value * 100) / 100;

// The pairs held to a 5 % comparison are measured A B B A: drift in the machine's load, and whatever
// the order itself does (a heap grown by the first), then weigh on both alike.
const PAIRS = [
  ["d", "d'"],
  ["n1", "n1'"],
];

/** Each scenario once, in order, except that a pair runs as A B B A where its first member stands. */
function passOrder(scenarios) {
  const byId = new Map(scenarios.map((scenario) => [scenario.id, scenario]));
  const order = [];
  for (const scenario of scenarios) {
    const pair = PAIRS.find(
      ([first, second]) => byId.has(first) && byId.has(second) && [first, second].includes(scenario.id),
    );
    if (pair === undefined) order.push(scenario);
    else if (scenario.id === pair[0])
      order.push(byId.get(pair[0]), byId.get(pair[1]), byId.get(pair[1]), byId.get(pair[0]));
  }
  return order;
}

/** Warm-up, then one measured pass, with the CPU time each process spent meanwhile. */
async function runPass(scenario) {
  await warmUp(scenario.url, scenario, SETTINGS);
  const before = {
    server: await serverCpu(),
    nginx: nginx?.cpuMicros() ?? 0,
    client: process.cpuUsage(),
    machine: machineBusyMicros(),
  };
  const figures = await measure(scenario.url, scenario, SETTINGS);
  const serverAfter = await serverCpu();
  const serverSystem = serverAfter.system - before.server.system;
  const server = serverAfter.user - before.server.user + serverSystem;
  const nginxMicros = (nginx?.cpuMicros() ?? 0) - before.nginx;
  const client = process.cpuUsage(before.client);
  const machineAfter = machineBusyMicros();
  const other =
    before.machine === null || machineAfter === null
      ? null
      : machineAfter - before.machine - server - nginxMicros - client.user - client.system;
  return {
    ...figures,
    cpuMicros: { server, serverSystem, nginx: nginxMicros, client: client.user + client.system, other },
  };
}

/** One row per scenario: rates and CPU over all its passes, latencies averaged over them. */
function summarize(scenario, passes) {
  const sum = (pick) => passes.reduce((total, pass) => total + pick(pass), 0);
  const mean = (pick) => Math.round((sum(pick) / passes.length) * 100) / 100;
  const requests = sum((pass) => pass.requests);
  const perRequest = (pick) => round1(sum(pick) / requests);
  const seconds = passes.length * SETTINGS.durationSeconds;
  const other = passes.some((pass) => pass.cpuMicros.other === null) ? null : sum((pass) => pass.cpuMicros.other);
  return {
    id: scenario.id,
    name: scenario.name,
    passes: passes.length,
    requests,
    requestsPerSecond: Math.round(sum((pass) => pass.requestsPerSecond) / passes.length),
    p50Ms: mean((pass) => pass.p50Ms),
    p99Ms: mean((pass) => pass.p99Ms),
    maxMs: Math.max(...passes.map((pass) => pass.maxMs)),
    unexpected: sum((pass) => pass.unexpected),
    errors: sum((pass) => pass.errors),
    timeouts: sum((pass) => pass.timeouts),
    serverCpuUsPerRequest: perRequest((pass) => pass.cpuMicros.server),
    serverSystemUsPerRequest: perRequest((pass) => pass.cpuMicros.serverSystem),
    nginxCpuUsPerRequest: scenario.id.startsWith("n") ? perRequest((pass) => pass.cpuMicros.nginx) : null,
    clientCpuUsPerRequest: perRequest((pass) => pass.cpuMicros.client),
    // Everything else busy on the machine, in % of one core: high values make the row suspect.
    otherCpuPercent: other === null ? null : Math.max(0, Math.round(other / (seconds * 10_000))),
    // Each pass's own figures, to see how far apart they were.
    passFigures: passes.map((pass) => ({
      requestsPerSecond: pass.requestsPerSecond,
      p99Ms: pass.p99Ms,
      serverCpuUsPerRequest: round1(pass.cpuMicros.server / pass.requests),
      otherCpuPercent:
        pass.cpuMicros.other === null
          ? null
          : Math.max(0, Math.round(pass.cpuMicros.other / (SETTINGS.durationSeconds * 10_000))),
    })),
  };
}

let nginx = null;
try {
  const machine = describeMachine();
  const seed = await Promise.race([
    once(server, "message").then(([message]) => message),
    once(server, "exit").then(([code]) => {
      throw new Error(`the bench server exited (${code}) before it listened`);
    }),
  ]);
  const nginxBinary = findNginx();
  if (nginxBinary === null) console.warn("nginx not found (apt-get install nginx): the nginx scenarios are left out");
  else {
    nginx = await startBenchNginx({
      binary: nginxBinary,
      latchkeyPort: Number(new URL(seed.url).port),
      gatewayToken: seed.gatewayToken,
    });
  }

  // BENCH_SCENARIOS=d,d',micro narrows a run.
  const only = process.env.BENCH_SCENARIOS?.split(",");
  const scenarios = buildScenarios(seed, nginx).filter((candidate) => only?.includes(candidate.id) ?? true);
  const passes = [];
  for (const scenario of passOrder(scenarios)) {
    process.stdout.write(`(${scenario.id}) ${scenario.name} ...\n`);
    passes.push({ id: scenario.id, ...(await runPass(scenario)) });
  }
  const results = scenarios.map((scenario) =>
    summarize(
      scenario,
      passes.filter((pass) => pass.id === scenario.id),
    ),
  );
  // Last, with no load running.
  let micro = null;
  if (only === undefined || only.includes("micro")) {
    process.stdout.write("(micro) decide() alone, no HTTP ...\n");
    micro = await decideMicro(decisionPathOf(seed));
  }

  const find = (id) => results.find((result) => result.id === id);
  const rate = (id, base) =>
    round2((find(id)?.requestsPerSecond ?? Number.NaN) / (find(base)?.requestsPerSecond ?? Number.NaN));
  const cpu = (id, base) =>
    round2((find(base)?.serverCpuUsPerRequest ?? Number.NaN) / (find(id)?.serverCpuUsPerRequest ?? Number.NaN));
  const ratios = {
    "d/a": rate("d", "a"),
    "d'/a": rate("d'", "a"),
    "d'/d": rate("d'", "d"),
    "n1/n0": rate("n1", "n0"),
    "n1'/n1": rate("n1'", "n1"),
    // The same comparisons in server CPU per request, which other load on the machine disturbs less.
    cpu: { "d/a": cpu("d", "a"), "d'/a": cpu("d'", "a"), "d'/d": cpu("d'", "d") },
    micro: micro === null ? null : round2(micro.standardUs / micro.restricted100Us),
  };
  console.log(`\n${formatTable(results)}`);
  if (micro !== null) {
    console.log(
      `\ndecide() alone: standard key ${micro.standardUs} µs, restricted key (100) ${micro.restricted100Us} µs`,
    );
  }
  console.log(`\n${formatRatios(ratios)}`);

  const output = new URL("./results/", import.meta.url);
  mkdirSync(output, { recursive: true });
  const report = {
    date: new Date().toISOString(),
    machine,
    settings: SETTINGS,
    targets: TARGETS,
    results,
    decideMicro: micro,
    ratios,
  };
  writeFileSync(new URL("decisions-latest.json", output), `${JSON.stringify(report, null, 2)}\n`);
  console.log("\nwritten to bench/results/decisions-latest.json");
} catch (error) {
  // A broken bench is reported, not turned into a failing exit code: the figures are information.
  console.error("bench failed:", error);
} finally {
  await nginx?.stop();
  if (server.exitCode === null && server.signalCode === null) {
    server.send("stop");
    await once(server, "exit");
  }
}

function formatTable(results) {
  const header = ["", "scenario", "req/s", "p50 ms", "p99 ms", "server µs/req", "(system)", "nginx µs/req"];
  header.push("client µs/req", "other CPU %", "bad");
  const rows = results.map((result) => [
    `(${result.id})`,
    result.name,
    String(result.requestsPerSecond),
    String(result.p50Ms),
    String(result.p99Ms),
    String(result.serverCpuUsPerRequest),
    String(result.serverSystemUsPerRequest),
    String(result.nginxCpuUsPerRequest ?? "-"),
    String(result.clientCpuUsPerRequest),
    String(result.otherCpuPercent ?? "n/a"),
    String(result.unexpected + result.errors + result.timeouts),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells) => cells.map((cell, column) => cell.padEnd(widths[column])).join("  ");
  return [line(header), ...rows.map(line)].join("\n");
}

function formatRatios(ratios) {
  const verdict = (value, target) => `target >= ${target}: ${value >= target ? "meets" : "below"}`;
  const byCpu = (key) => `(by server CPU/req ${ratios.cpu[key]})`;
  return [
    `(d)/(a)    = ${ratios["d/a"]} ${byCpu("d/a")}  ${verdict(ratios["d/a"], TARGETS.decisionVsTrivial)}`,
    `(d')/(a)   = ${ratios["d'/a"]} ${byCpu("d'/a")}  ${verdict(ratios["d'/a"], TARGETS.decisionVsTrivial)}`,
    `(d')/(d)   = ${ratios["d'/d"]} ${byCpu("d'/d")}  ${verdict(ratios["d'/d"], TARGETS.restrictedVsStandard)}`,
    ...(ratios.micro === null ? [] : [`decide() alone, restricted (100) vs standard = ${ratios.micro}`]),
    `(n1)/(n0)  = ${ratios["n1/n0"]}  no target`,
    `(n1')/(n1) = ${ratios["n1'/n1"]}  no target`,
  ].join("\n");
}
