// One scenario under load: a warm-up run whose figures are thrown away (JIT, caches, SQLite pages),
// then a measured run of fixed duration and connection count.
import { createHistogram } from "node:perf_hooks";
import autocannon from "autocannon";

/**
 * @param {string} url
 * @param {{ method: string, path: string, headers: Record<string, string>, body?: string, status: number }} scenario
 * @param {{ connections: number, warmupSeconds: number, durationSeconds: number }} settings
 */
export async function measure(url, scenario, settings) {
  const request = {
    url: `${url}${scenario.path}`,
    method: scenario.method,
    headers: scenario.headers,
    ...(scenario.body !== undefined && { body: scenario.body }),
    connections: settings.connections,
    // Pipelining would measure batching, not what a client waiting on each answer sees.
    pipelining: 1,
  };
  await autocannon({ ...request, duration: settings.warmupSeconds });

  // autocannon's own latency histogram keeps whole milliseconds, too coarse for sub-millisecond
  // answers; this one keeps microseconds, of the expected status only.
  const latencyUs = createHistogram();
  const run = autocannon({ ...request, duration: settings.durationSeconds });
  run.on("response", (_client, statusCode, _bytes, responseTimeMs) => {
    if (statusCode === scenario.status) latencyUs.record(Math.max(1, Math.round(responseTimeMs * 1000)));
  });
  const result = await run;
  const ms = (us) => Math.round(us / 10) / 100;
  return {
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
