import { describe, expect, it } from "vitest";
import { ManualClock } from "../testing/index.js";
import { FailureThrottle } from "./failure-throttle.js";

describe("FailureThrottle", () => {
  it("blocks a key after the allowed failures until its window ends", () => {
    const clock = new ManualClock();
    const throttle = new FailureThrottle({ maxFailures: 3, windowMs: 60_000, clock });
    for (let attempt = 0; attempt < 2; attempt += 1) throttle.recordFailure("10.0.0.1");
    expect(throttle.retryAfterMs("10.0.0.1")).toBe(0);
    clock.advance(1_000);
    throttle.recordFailure("10.0.0.1");
    expect(throttle.retryAfterMs("10.0.0.1")).toBe(59_000);
    expect(throttle.retryAfterMs("10.0.0.2")).toBe(0);
    clock.advance(59_000);
    expect(throttle.retryAfterMs("10.0.0.1")).toBe(0);
  });

  it("starts a fresh window once the old one has passed", () => {
    const clock = new ManualClock();
    const throttle = new FailureThrottle({ maxFailures: 2, windowMs: 1_000, clock });
    throttle.recordFailure("k");
    clock.advance(1_000);
    throttle.recordFailure("k");
    expect(throttle.retryAfterMs("k")).toBe(0);
  });

  it("keeps tracking new offenders when its table is full", () => {
    const clock = new ManualClock();
    const throttle = new FailureThrottle({ maxFailures: 1, windowMs: 60_000, clock, maxTrackedKeys: 3 });
    for (const key of ["a", "b", "c", "d"]) throttle.recordFailure(key);
    expect(throttle.retryAfterMs("d")).toBe(60_000);
    expect(throttle.retryAfterMs("a")).toBe(0);
  });
});
