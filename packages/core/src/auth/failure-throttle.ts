import type { Clock } from "../ports.js";

export interface FailureThrottleOptions {
  /** Failures allowed per key within one window before the key is blocked until the window ends. */
  readonly maxFailures: number;
  readonly windowMs: number;
  readonly clock: Clock;
  /** Bound on tracked keys, so a flood of distinct addresses cannot exhaust memory. */
  readonly maxTrackedKeys?: number;
}

interface Window {
  failures: number;
  startedAt: number;
}

/**
 * Counts failed authentications per key (a client address, or a SID) in fixed windows. Successful
 * requests only pay one Map lookup, and none while nobody is failing.
 */
export class FailureThrottle {
  readonly #windows = new Map<string, Window>();
  readonly #options: Required<FailureThrottleOptions>;

  constructor(options: FailureThrottleOptions) {
    this.#options = { maxTrackedKeys: 100_000, ...options };
  }

  /** Milliseconds until `key` may try again, or 0 when it is not blocked. */
  retryAfterMs(key: string): number {
    if (this.#windows.size === 0) return 0;
    const window = this.#windows.get(key);
    if (window === undefined || window.failures < this.#options.maxFailures) return 0;
    const remaining = window.startedAt + this.#options.windowMs - this.#options.clock.now();
    if (remaining > 0) return remaining;
    this.#windows.delete(key);
    return 0;
  }

  recordFailure(key: string): void {
    const now = this.#options.clock.now();
    const window = this.#windows.get(key);
    if (window !== undefined && now - window.startedAt < this.#options.windowMs) {
      window.failures += 1;
      return;
    }
    if (this.#windows.size >= this.#options.maxTrackedKeys) this.#evictExpired(now);
    this.#windows.set(key, { failures: 1, startedAt: now });
  }

  #evictExpired(now: number): void {
    for (const [key, window] of this.#windows) {
      if (now - window.startedAt >= this.#options.windowMs) this.#windows.delete(key);
    }
    // Still full of live windows: drop the oldest so tracking new offenders keeps working.
    while (this.#windows.size >= this.#options.maxTrackedKeys) {
      const oldest = this.#windows.keys().next().value;
      if (oldest === undefined) break;
      this.#windows.delete(oldest);
    }
  }
}
