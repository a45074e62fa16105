// Drives one scenario with autocannon: always the same request on keep-alive connections.
import { createHistogram } from "node:perf_hooks";
import autocannon from "autocannon";

/**
 * @typedef {{ method: string, path: string, headers: Record<string, string>, body?: string, status: number }} Scenario
 * @typedef {{ connections: number, warmupSeconds: number, durationSeconds: number }} Settings
 */

/** @param {string} url @param {Scenario} scenario @param {Settings} settings */
function optionsFor(url, scenario, settings) {
  return {
    url: `${url}${scenario.path}`,
    method: scenario.method,
    headers: scenario.headers,
    ...(scenario.body !== undefined && { body: scenario.body }),
    connections: settings.connections,
    // Pipelining would measure batching, not what a client waiting on each answer sees.
    pipelining: 1,
  };
}

/**
 * Load whose figures are thrown away: JIT compilation, the credential cache and SQLite's page cache
 * should all be warm before anything is measured.
 * @param {string} url @param {Scenario} scenario @param {Settings} settings
 */
export async function warmUp(url, scenario, settings) {
  await autocannon({ ...optionsFor(url, scenario, settings), duration: settings.warmupSeconds });
}

/** @param {string} url @param {Scenario} scenario @param {Settings} settings */
export async function measure(url, scenario, settings) {
  // autocannon's own latency histogram keeps whole milliseconds, too coarse for sub-millisecond
  // answers; this one keeps microseconds, of the expected status only.
  const latencyUs = createHistogram();
  const run = autocannon({ ...optionsFor(url, scenario, settings), duration: settings.durationSeconds });
  run.on("response", (_client, statusCode, _bytes, responseTimeMs) => {
    if (statusCode === scenario.status) latencyUs.record(Math.max(1, Math.round(responseTimeMs * 1000)));
  });
  const result = await run;
  const ms = (us) => Math.round(us / 10) / 100;
  return {
    requests: result.requests.total,
    // Total over the measured seconds: steadier than the mean of autocannon's per-second samples.
    requestsPerSecond: Math.round(result.requests.total / result.duration),
    p50Ms: ms(latencyUs.percentile(50)),
    p99Ms: ms(latencyUs.percentile(99)),
    maxMs: ms(latencyUs.max),
    // Any of these means the figures describe failures, not the route.
    unexpected: result.requests.total - (result.statusCodeStats[scenario.status]?.count ?? 0),
    errors: result.errors,
    timeouts: result.timeouts,
  };
}
