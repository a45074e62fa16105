// Requests at a steady rate over keep-alive connections, each connection waiting on its answer.
// autocannon's rate limit sends each second's quota at full speed and then waits for the next second,
// so a limited client would measure its own bursts; this one spreads its requests evenly instead.
import { Agent, request as httpRequest } from "node:http";
import { createHistogram } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * @typedef {{ path: string, headers: Record<string, string> }} PacedRequest
 * @typedef {{
 *   url: string,
 *   connections: number,
 *   ratePerSecond: number,
 *   durationSeconds: number,
 *   status: number,
 *   requestAt: (index: number) => PacedRequest,
 * }} PacedLoad
 */

/**
 * Runs `connections` loops, each sending one request every `connections / ratePerSecond` seconds
 * (or at once when the previous answer came later than that), for `durationSeconds`.
 * Latency is measured from sending to the last byte of the answer, in microseconds.
 * @param {PacedLoad} load
 */
export async function runPaced(load) {
  const agent = new Agent({ keepAlive: true, maxSockets: load.connections });
  const { hostname, port } = new URL(load.url);
  const latencyUs = createHistogram();
  const statuses = {};
  let next = 0;
  let errors = 0;
  // Requests sent more than one interval behind their schedule: the server did not keep up.
  let late = 0;
  const intervalMs = (1000 * load.connections) / load.ratePerSecond;
  const started = performance.now();
  const endsAt = started + load.durationSeconds * 1000;

  const send = (index) =>
    new Promise((resolve) => {
      const { path, headers } = load.requestAt(index);
      const sentAt = performance.now();
      const outgoing = httpRequest({ agent, hostname, port, path, method: "GET", headers }, (response) => {
        response.resume();
        response.on("end", () => {
          const status = response.statusCode ?? 0;
          statuses[status] = (statuses[status] ?? 0) + 1;
          if (status === load.status) latencyUs.record(Math.max(1, Math.round((performance.now() - sentAt) * 1000)));
          resolve();
        });
      });
      outgoing.on("error", () => {
        errors += 1;
        resolve();
      });
      outgoing.end();
    });

  const loop = async (connection) => {
    let due = started + (intervalMs * connection) / load.connections;
    // Stops at the end of the duration even when behind schedule: a slow server gets fewer requests.
    while (due < endsAt && performance.now() < endsAt) {
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      else if (-wait > intervalMs) late += 1;
      await send(next++);
      due += intervalMs;
    }
  };
  await Promise.all(Array.from({ length: load.connections }, (_, connection) => loop(connection)));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  const ms = (us) => Math.round(us / 10) / 100;
  const requests = Object.values(statuses).reduce((sum, count) => sum + count, 0);
  return {
    requests,
    requestsPerSecond: Math.round(requests / seconds),
    p50Ms: ms(latencyUs.percentile(50)),
    p99Ms: ms(latencyUs.percentile(99)),
    maxMs: ms(latencyUs.max),
    statuses,
    unexpected: requests - (statuses[load.status] ?? 0),
    errors,
    late,
  };
}
