// `npm run bench`: starts the bench server in its own process, drives each scenario from this one over
// loopback, prints a table and writes bench/results/latest.json. It reports and never fails the run.
import { fork } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { measure, warmUp } from "./load.mjs";
import { machineBusyMicros } from "./machine-load.mjs";
import { describeMachine, formatTable, ratiosOf } from "./report.mjs";
import { buildScenarios } from "./scenarios.mjs";

const SETTINGS = {
  // Enough to keep the server's core busy; more only lengthens queues (latency) on two cores.
  connections: Number(process.env.BENCH_CONNECTIONS ?? 32),
  warmupSeconds: Number(process.env.BENCH_WARMUP_SECONDS ?? 3),
  durationSeconds: Number(process.env.BENCH_DURATION_SECONDS ?? 10),
};

const server = fork(fileURLToPath(new URL("./bench-server.mjs", import.meta.url)), {
  // Node flags for the server alone, e.g. BENCH_SERVER_ARGS=--cpu-prof to profile it.
  execArgv: (process.env.BENCH_SERVER_ARGS ?? "").split(" ").filter((arg) => arg !== ""),
});

/** The server's CPU time in microseconds (user + system): wall-clock rates alone hide contention. */
async function serverCpuMicros() {
  server.send("cpu-usage");
  const [{ cpuUsage }] = await once(server, "message");
  return cpuUsage.user + cpuUsage.system;
}

try {
  const machine = describeMachine();
  const seed = await Promise.race([
    once(server, "message").then(([message]) => message),
    once(server, "exit").then(([code]) => {
      throw new Error(`the bench server exited (${code}) before it listened`);
    }),
  ]);
  const results = [];
  // BENCH_SCENARIOS=b,b' narrows a run, e.g. to profile one route.
  const only = process.env.BENCH_SCENARIOS?.split(",");
  for (const scenario of buildScenarios(seed).filter((candidate) => only?.includes(candidate.id) ?? true)) {
    process.stdout.write(`(${scenario.id}) ${scenario.name} ...\n`);
    await warmUp(seed.url, scenario, SETTINGS);
    const before = { server: await serverCpuMicros(), client: process.cpuUsage(), machine: machineBusyMicros() };
    const figures = await measure(seed.url, scenario, SETTINGS);
    const serverMicros = (await serverCpuMicros()) - before.server;
    const client = process.cpuUsage(before.client);
    const machineAfter = machineBusyMicros();
    const otherMicros =
      before.machine === null || machineAfter === null
        ? null
        : machineAfter - before.machine - serverMicros - client.user - client.system;
    results.push({
      id: scenario.id,
      name: scenario.name,
      ...figures,
      serverCpuUsPerRequest: Math.round((serverMicros / figures.requests) * 10) / 10,
      // Share of one core used by everything but this bench: high values make the run suspect.
      otherCpuPercent:
        otherMicros === null ? null : Math.max(0, Math.round(otherMicros / (SETTINGS.durationSeconds * 10_000))),
    });
  }
  const ratios = ratiosOf(results);
  console.log(`\n${formatTable(results, ratios)}`);

  const output = new URL("./results/", import.meta.url);
  mkdirSync(output, { recursive: true });
  const report = { date: new Date().toISOString(), machine, settings: SETTINGS, results, ratios };
  writeFileSync(new URL("latest.json", output), `${JSON.stringify(report, null, 2)}\n`);
  console.log("\nwritten to bench/results/latest.json");
} catch (error) {
  // A broken bench is reported, not turned into a failing exit code: the figures are information.
  console.error("bench failed:", error);
} finally {
  if (server.exitCode === null && server.signalCode === null) {
    server.send("stop");
    await once(server, "exit");
  }
}
