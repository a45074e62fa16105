// Turns measured scenarios into the console table and the JSON kept in bench/results/.
import { cpus, totalmem } from "node:os";

// The target the bench exists to check: authenticated reads cost at most 25% more than an empty route.
export const TARGET_RATIO = 0.8;

export function describeMachine() {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

/** @param {Array<{ id: string, requestsPerSecond: number, serverCpuUsPerRequest: number }>} results */
export function ratiosOf(results) {
  const find = (id) => results.find((result) => result.id === id);
  const round = (value) => Math.round(value * 100) / 100;
  const rate = (id) =>
    round((find(id)?.requestsPerSecond ?? Number.NaN) / (find("a")?.requestsPerSecond ?? Number.NaN));
  // The same comparison in server CPU per request, which other load on the machine disturbs less.
  const cpu = (id) =>
    round((find("a")?.serverCpuUsPerRequest ?? Number.NaN) / (find(id)?.serverCpuUsPerRequest ?? Number.NaN));
  return {
    "a'/a": rate("a'"),
    "b/a": rate("b"),
    "b'/a": rate("b'"),
    "c/a": rate("c"),
    cpu: { "a'/a": cpu("a'"), "b/a": cpu("b"), "b'/a": cpu("b'"), "c/a": cpu("c") },
  };
}

/** @param {Array<Record<string, any>>} results @param {ReturnType<typeof ratiosOf>} ratios */
export function formatTable(results, ratios) {
  const header = ["", "scenario", "req/s", "p50 ms", "p99 ms", "server CPU µs/req", "other CPU %", "bad"];
  const rows = results.map((result) => [
    `(${result.id})`,
    result.name,
    String(result.requestsPerSecond),
    String(result.p50Ms),
    String(result.p99Ms),
    String(result.serverCpuUsPerRequest),
    String(result.otherCpuPercent ?? "n/a"),
    String(result.unexpected + result.errors + result.timeouts),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells) => cells.map((cell, column) => cell.padEnd(widths[column])).join("  ");
  const verdict = (ratio) => (ratio >= TARGET_RATIO ? "meets" : "below");
  const ratioLine = (label, key, target) =>
    `${label.padEnd(9)}= ${String(ratios[key]).padEnd(5)} (by CPU/req ${ratios.cpu[key]})` +
    (target ? `  target >= ${TARGET_RATIO}: ${verdict(ratios[key])}` : "  no target");
  return [
    line(header),
    ...rows.map(line),
    "",
    ratioLine("(a')/(a)", "a'/a", false),
    ratioLine("(b)/(a)", "b/a", true),
    ratioLine("(b')/(a)", "b'/a", true),
    ratioLine("(c)/(a)", "c/a", false),
  ].join("\n");
}
