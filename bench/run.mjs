// `npm run bench`: starts the bench server in its own process, drives each scenario from this one over
// loopback, prints a table and writes bench/results/latest.json. It reports and never fails the run.
import { fork } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { measure } from "./load.mjs";
import { describeMachine, formatTable, ratiosOf } from "./report.mjs";
import { buildScenarios } from "./scenarios.mjs";

const SETTINGS = {
  // Enough to keep one server core busy while the client, on the other core, keeps up.
  connections: Number(process.env.BENCH_CONNECTIONS ?? 32),
  warmupSeconds: Number(process.env.BENCH_WARMUP_SECONDS ?? 3),
  durationSeconds: Number(process.env.BENCH_DURATION_SECONDS ?? 10),
};

const server = fork(fileURLToPath(new URL("./bench-server.mjs", import.meta.url)), {
  // The server alone gets the CPU profile when one is asked for (BENCH_SERVER_ARGS=--cpu-prof).
  execArgv: (process.env.BENCH_SERVER_ARGS ?? "").split(" ").filter((arg) => arg !== ""),
});
try {
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
    results.push({ id: scenario.id, name: scenario.name, ...(await measure(seed.url, scenario, SETTINGS)) });
  }
  const ratios = ratiosOf(results);
  console.log(`\n${formatTable(results, ratios)}`);

  const output = new URL("./results/", import.meta.url);
  mkdirSync(output, { recursive: true });
  const report = { date: new Date().toISOString(), machine: describeMachine(), settings: SETTINGS, results, ratios };
  writeFileSync(new URL("latest.json", output), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwritten to bench/results/latest.json`);
} catch (error) {
  // A broken bench is reported, not turned into a failing exit code: the figures are information.
  console.error("bench failed:", error);
} finally {
  if (server.exitCode === null && server.signalCode === null) {
    server.send("stop");
    await once(server, "exit");
  }
}
