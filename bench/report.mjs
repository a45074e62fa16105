// Turns measured scenarios into the console table and the JSON kept in bench/results/.
import { cpus, totalmem } from "node:os";

// The target the bench exists to check: authenticated reads cost at most 20% over an empty route.
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

/** @param {Array<{ id: string, requestsPerSecond: number }>} results */
export function ratiosOf(results) {
  const rate = (id) => results.find((result) => result.id === id)?.requestsPerSecond ?? Number.NaN;
  const round = (value) => Math.round(value * 100) / 100;
  return {
    "b/a": round(rate("b") / rate("a")),
    "b'/a": round(rate("b'") / rate("a")),
    "c/a": round(rate("c") / rate("a")),
  };
}

/** @param {Array<Record<string, unknown>>} results @param {Record<string, number>} ratios */
export function formatTable(results, ratios) {
  const header = ["", "scenario", "req/s", "p50 ms", "p99 ms", "bad"];
  const rows = results.map((result) => [
    `(${result.id})`,
    result.name,
    String(result.requestsPerSecond),
    String(result.p50Ms),
    String(result.p99Ms),
    String(result.unexpected + result.errors + result.timeouts),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells) => cells.map((cell, column) => cell.padEnd(widths[column])).join("  ");
  const verdict = (ratio) => (ratio >= TARGET_RATIO ? "meets" : "below");
  return [
    line(header),
    ...rows.map(line),
    "",
    `(b)/(a)  = ${ratios["b/a"]}  (target >= ${TARGET_RATIO}: ${verdict(ratios["b/a"])})`,
    `(b')/(a) = ${ratios["b'/a"]}  (target >= ${TARGET_RATIO}: ${verdict(ratios["b'/a"])})`,
    `(c)/(a)  = ${ratios["c/a"]}  (no target)`,
  ].join("\n");
}
