// The attacker of `npm run bench:throttle`, in a process of its own so that its requests never share
// an event loop with the legitimate client being measured. Told over IPC what to send, it answers with
// its figures. Every request is a failed authentication at the decision API, sent as an authenticated
// gateway would send it, for a caller whose address (X-Real-IP) and SID no earlier request used, or
// (with `recurring`) for one of that many callers in turn: the same work, without new keys.
import autocannon from "autocannon";
import { FLOOD_KEY_SPACE, floodAddress, floodAuthorization } from "./flood-keys.mjs";
import { runPaced } from "./paced-load.mjs";

/**
 * @typedef {{
 *   url: string, gatewayToken: string, accountSid: string, firstIndex: number,
 *   connections: number, durationSeconds: number, ratePerSecond: number | null, recurring: number | null,
 * }} Flood
 */

/** @param {Flood} flood @param {number} index */
function floodRequest(flood, sent) {
  const index = flood.recurring === null ? sent : sent % flood.recurring;
  if (flood.firstIndex + index >= FLOOD_KEY_SPACE) throw new Error("the flood ran out of distinct addresses");
  return {
    path: "/v1/Authorize/Request",
    headers: {
      "x-latchkey-gateway": `Bearer ${flood.gatewayToken}`,
      "x-original-method": "GET",
      "x-original-uri": `/2010-04-01/Accounts/${flood.accountSid}/Messages.json`,
      "x-original-host": "api.twilio.com",
      "x-real-ip": floodAddress(flood.firstIndex + index),
      authorization: floodAuthorization(flood.firstIndex + index),
    },
  };
}

/** A paced flood, or with no rate one as fast as its connections go (autocannon). @param {Flood} flood */
async function runFlood(flood) {
  if (flood.ratePerSecond !== null) {
    return runPaced({
      ...flood,
      ratePerSecond: flood.ratePerSecond,
      status: 401,
      requestAt: (index) => floodRequest(flood, index),
    });
  }
  let index = 0;
  const result = await autocannon({
    url: flood.url,
    connections: flood.connections,
    pipelining: 1,
    duration: flood.durationSeconds,
    requests: [
      {
        method: "GET",
        setupRequest: (request) => ({ ...request, ...floodRequest(flood, index++) }),
      },
    ],
  });
  return {
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.total / result.duration),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    statuses: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count])),
    unexpected: result.requests.total - (result.statusCodeStats[401]?.count ?? 0),
    errors: result.errors,
    late: null,
  };
}

process.on("message", (message) => {
  if (message?.type !== "flood") return;
  runFlood(message.flood).then(
    (figures) => process.send?.({ figures }),
    (error) => process.send?.({ error: String(error?.stack ?? error) }),
  );
});
process.on("disconnect", () => process.exit(0));
process.send?.({ ready: true });
