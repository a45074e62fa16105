import { describe, expect, it } from "vitest";
import { ManualClock } from "../testing/index.js";
import { FailureThrottle } from "./failure-throttle.js";

const WINDOW_MS = 60_000;

/** Distinct keys the way a flood brings them: one per address (or SID), never seen before. */
const keyOf = (prefix: string, index: number) => `${prefix}-${index}`;

interface MapOperations {
  readonly gets: number;
  readonly deletes: number;
  /** Steps of any Map iterator: what a scan of a table costs, one per entry visited. */
  readonly iteratorSteps: number;
}

/**
 * Counts the Map work one synchronous call does, by wrapping the built-ins for its duration: work
 * counted, not time measured, so the figures do not depend on the machine or its load.
 */
function countMapOperations(call: () => void): MapOperations {
  const iteratorPrototype = Object.getPrototypeOf(new Map<never, never>().keys()) as {
    next: (this: Iterator<unknown>) => IteratorResult<unknown>;
  };
  const originals = {
    get: Map.prototype.get,
    delete: Map.prototype.delete,
    next: iteratorPrototype.next,
  };
  const counts = { gets: 0, deletes: 0, iteratorSteps: 0 };
  Map.prototype.get = function (this: Map<unknown, unknown>, key: unknown) {
    counts.gets += 1;
    return originals.get.call(this, key);
  };
  Map.prototype.delete = function (this: Map<unknown, unknown>, key: unknown) {
    counts.deletes += 1;
    return originals.delete.call(this, key);
  };
  iteratorPrototype.next = function (this: Iterator<unknown>) {
    counts.iteratorSteps += 1;
    return originals.next.call(this);
  };
  try {
    call();
  } finally {
    Map.prototype.get = originals.get;
    Map.prototype.delete = originals.delete;
    iteratorPrototype.next = originals.next;
  }
  return counts;
}

/** A throttle whose table is full of live windows, each one failure old. */
function fullThrottle(clock: ManualClock, maxTrackedKeys: number): FailureThrottle {
  const throttle = new FailureThrottle({ maxFailures: 3, windowMs: WINDOW_MS, clock, maxTrackedKeys });
  for (let index = 0; index < maxTrackedKeys; index += 1) throttle.recordFailure(keyOf("filler", index));
  return throttle;
}

describe("FailureThrottle bounds", () => {
  describe("memory", () => {
    it("never holds more than its default bound of 100,000 keys across 1,000,000 distinct keys", () => {
      const clock = new ManualClock();
      const throttle = new FailureThrottle({ maxFailures: 100, windowMs: WINDOW_MS, clock });
      let largest = 0;
      for (let index = 0; index < 1_000_000; index += 1) {
        throttle.recordFailure(keyOf("flood", index));
        if (throttle.size > largest) largest = throttle.size;
      }
      expect({ largest, final: throttle.size }).toEqual({ largest: 100_000, final: 100_000 });
    });

    it("counts blocked keys within the same bound", () => {
      const clock = new ManualClock();
      const throttle = new FailureThrottle({ maxFailures: 2, windowMs: WINDOW_MS, clock, maxTrackedKeys: 1_000 });
      let largest = 0;
      for (let index = 0; index < 50_000; index += 1) {
        const key = keyOf("offender", index);
        throttle.recordFailure(key);
        throttle.recordFailure(key);
        if (throttle.size > largest) largest = throttle.size;
      }
      expect({ largest, final: throttle.size }).toEqual({ largest: 1_000, final: 1_000 });
      expect(throttle.retryAfterMs(keyOf("offender", 49_999))).toBe(WINDOW_MS);
    });

    it("gives back the room of expired windows a few per failure, without waiting for the table to fill", () => {
      const clock = new ManualClock();
      const throttle = new FailureThrottle({ maxFailures: 3, windowMs: WINDOW_MS, clock, maxTrackedKeys: 10_000 });
      for (let index = 0; index < 1_000; index += 1) throttle.recordFailure(keyOf("old", index));
      clock.advance(WINDOW_MS);
      for (let index = 0; index < 1_000; index += 1) throttle.recordFailure(keyOf("new", index));
      // Each failure reclaims up to two expired windows, so the 1,000 old ones are all gone by now.
      expect(throttle.size).toBe(1_000);
    });

    it("rejects a bound below one key", () => {
      const clock = new ManualClock();
      expect(() => new FailureThrottle({ maxFailures: 3, windowMs: WINDOW_MS, clock, maxTrackedKeys: 0 })).toThrow(
        RangeError,
      );
    });
  });

  describe("work per call", () => {
    it("does the same constant work for a new key whether the full table holds 1,000 or 100,000 live keys", () => {
      const clock = new ManualClock();
      const small = fullThrottle(clock, 1_000);
      const large = fullThrottle(clock, 100_000);
      const onSmall = countMapOperations(() => small.recordFailure("newcomer"));
      const onLarge = countMapOperations(() => large.recordFailure("newcomer"));
      expect(onLarge).toEqual(onSmall);
      expect(onLarge.iteratorSteps).toBeLessThanOrEqual(4);
      expect(onLarge.deletes).toBeLessThanOrEqual(4);
      expect(large.size).toBe(100_000);
    });

    it("reclaims at most two expired windows per call, however many have expired", () => {
      const clock = new ManualClock();
      const throttle = fullThrottle(clock, 10_000);
      clock.advance(WINDOW_MS);
      const work = countMapOperations(() => throttle.recordFailure("newcomer"));
      expect(work.deletes).toBeLessThanOrEqual(4);
      expect(work.iteratorSteps).toBeLessThanOrEqual(6);
      expect(throttle.size).toBe(10_000 - 2 + 1);
    });

    it("answers a successful request's check with no lookup while no key is blocked", () => {
      const clock = new ManualClock();
      const throttle = fullThrottle(clock, 1_000);
      const work = countMapOperations(() => expect(throttle.retryAfterMs("legitimate")).toBe(0));
      expect(work).toEqual({ gets: 0, deletes: 0, iteratorSteps: 0 });
    });

    it("answers a successful request's check with one lookup while some key is blocked", () => {
      const clock = new ManualClock();
      const throttle = fullThrottle(clock, 1_000);
      for (let attempt = 0; attempt < 3; attempt += 1) throttle.recordFailure("offender");
      const work = countMapOperations(() => expect(throttle.retryAfterMs("legitimate")).toBe(0));
      expect(work).toEqual({ gets: 1, deletes: 0, iteratorSteps: 0 });
    });
  });

  describe("under a flood of distinct keys", () => {
    it("keeps a blocked key blocked while 1,000,000 distinct keys pass through a table of 1,000", () => {
      const clock = new ManualClock();
      const throttle = new FailureThrottle({ maxFailures: 3, windowMs: WINDOW_MS, clock, maxTrackedKeys: 1_000 });
      for (let attempt = 0; attempt < 3; attempt += 1) throttle.recordFailure("offender");
      clock.advance(10_000);
      for (let index = 0; index < 1_000_000; index += 1) throttle.recordFailure(keyOf("flood", index));
      expect(throttle.retryAfterMs("offender")).toBe(WINDOW_MS - 10_000);
      expect(throttle.size).toBe(1_000);
    });

    it("keeps a blocked key blocked until its window ends, then forgets it", () => {
      const clock = new ManualClock();
      const throttle = new FailureThrottle({ maxFailures: 3, windowMs: WINDOW_MS, clock, maxTrackedKeys: 100 });
      for (let attempt = 0; attempt < 3; attempt += 1) throttle.recordFailure("offender");
      for (let index = 0; index < 10_000; index += 1) throttle.recordFailure(keyOf("flood", index));
      clock.advance(WINDOW_MS - 1);
      expect(throttle.retryAfterMs("offender")).toBe(1);
      clock.advance(1);
      expect(throttle.retryAfterMs("offender")).toBe(0);
      throttle.recordFailure("offender");
      expect(throttle.retryAfterMs("offender")).toBe(0);
    });

    it("gives up a blocked key only to a newer blocked key, once every tracked key is blocked", () => {
      const clock = new ManualClock();
      const throttle = new FailureThrottle({ maxFailures: 2, windowMs: WINDOW_MS, clock, maxTrackedKeys: 100 });
      throttle.recordFailure("offender");
      throttle.recordFailure("offender");
      // 99 more blocked keys fill the table; a hundredth pushes out the oldest, the offender.
      for (let index = 0; index < 99; index += 1) {
        throttle.recordFailure(keyOf("blocked", index));
        throttle.recordFailure(keyOf("blocked", index));
      }
      expect(throttle.retryAfterMs("offender")).toBe(WINDOW_MS);
      throttle.recordFailure("newcomer");
      throttle.recordFailure("newcomer");
      expect(throttle.retryAfterMs("offender")).toBe(0);
      expect(throttle.retryAfterMs("newcomer")).toBe(WINDOW_MS);
    });

    it("lets a flood restart the count of a key not yet blocked (the trade-off the bound costs)", () => {
      const clock = new ManualClock();
      const throttle = new FailureThrottle({ maxFailures: 3, windowMs: WINDOW_MS, clock, maxTrackedKeys: 100 });
      throttle.recordFailure("guesser");
      throttle.recordFailure("guesser");
      for (let index = 0; index < 100; index += 1) throttle.recordFailure(keyOf("flood", index));
      throttle.recordFailure("guesser");
      expect(throttle.retryAfterMs("guesser")).toBe(0);
    });

    it("keeps counting a key that fails again before the flood reaches it", () => {
      const clock = new ManualClock();
      const throttle = new FailureThrottle({ maxFailures: 3, windowMs: WINDOW_MS, clock, maxTrackedKeys: 100 });
      throttle.recordFailure("guesser");
      // 99 newer keys fill the table; the guesser, oldest, is still there when it fails again.
      for (let index = 0; index < 99; index += 1) throttle.recordFailure(keyOf("flood", index));
      throttle.recordFailure("guesser");
      throttle.recordFailure("guesser");
      expect(throttle.retryAfterMs("guesser")).toBe(WINDOW_MS);
    });
  });
});
