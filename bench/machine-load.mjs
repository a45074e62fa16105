// CPU time the whole machine spent busy, from /proc/stat. Set against the server's and the load
// generator's own CPU time, it shows how much other work shared the two cores during a measurement.
import { readFileSync } from "node:fs";

// /proc/stat counts in USER_HZ ticks, 100 per second on Linux.
const MICROS_PER_TICK = 10_000;

/** Busy CPU microseconds of all cores since boot, or null where /proc/stat does not exist. */
export function machineBusyMicros() {
  let stat;
  try {
    stat = readFileSync("/proc/stat", "utf8");
  } catch {
    return null;
  }
  // cpu  user nice system idle iowait irq softirq steal ...
  const ticks = (stat.split("\n", 1)[0] ?? "").trim().split(/\s+/).slice(1).map(Number);
  const busy = ticks.reduce((sum, value, index) => (index === 3 || index === 4 ? sum : sum + value), 0);
  return busy * MICROS_PER_TICK;
}
