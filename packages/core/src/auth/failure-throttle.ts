import type { Clock } from "../ports.js";

export interface FailureThrottleOptions {
  /** Failures allowed per key within one window before the key is blocked until the window ends. */
  readonly maxFailures: number;
  readonly windowMs: number;
  readonly clock: Clock;
  /**
   * Bound on tracked keys, blocked ones included, so a flood of distinct addresses cannot exhaust
   * memory. 100,000 by default: 13 MB per throttle full of IPv4 addresses, about 16 MB of SIDs.
   */
  readonly maxTrackedKeys?: number;
}

/** One tracked key, linked into the queue of its state (counting or blocked), oldest first. */
interface Entry {
  readonly key: string;
  failures: number;
  readonly startedAt: number;
  older: Entry | undefined;
  newer: Entry | undefined;
}

/**
 * Entries in arrival order, with O(1) append, removal and access to the oldest. A Map's own
 * insertion order cannot serve: V8 leaves a deleted entry as a hole until the table is rebuilt, so
 * reading the oldest key of a Map used as a queue skips every hole before it, which measured
 * 136 µs per operation at 100,000 keys.
 */
class EntryQueue {
  oldest: Entry | undefined;
  #newest: Entry | undefined;
  length = 0;

  push(entry: Entry): void {
    entry.older = this.#newest;
    entry.newer = undefined;
    if (this.#newest === undefined) this.oldest = entry;
    else this.#newest.newer = entry;
    this.#newest = entry;
    this.length += 1;
  }

  remove(entry: Entry): void {
    if (entry.older === undefined) this.oldest = entry.newer;
    else entry.older.newer = entry.newer;
    if (entry.newer === undefined) this.#newest = entry.older;
    else entry.newer.older = entry.older;
    entry.older = undefined;
    entry.newer = undefined;
    this.length -= 1;
  }
}

/** Expired entries reclaimed per failure: more than the one a failure can add, so a backlog shrinks. */
const EXPIRED_REMOVALS_PER_CALL = 2;

/**
 * Counts failed authentications per key (a client address, or a SID) in fixed windows.
 *
 * Invariants: every operation does a constant amount of work, and never more than `maxTrackedKeys`
 * keys are tracked, blocked ones included. Keys still counting are queued in the order their windows
 * started (a key whose window restarts joins again at the newest end), so expired windows are always
 * the oldest and a few are reclaimed per failure; a key that reaches the limit moves to a second
 * queue of blocked keys, in the order they were blocked. Nothing ever scans a table: a flood of
 * distinct keys used to make every new key scan the whole full table, cutting throughput 35-fold.
 *
 * SECURITY: when the bound is reached, the oldest key *still counting* gives way first; a blocked
 * key is pushed out only once every tracked key is blocked. So a flood of distinct keys can restart
 * the count of a key not yet blocked (it must bring `maxTrackedKeys` new keys, and wins the guesser
 * fewer than `maxFailures` extra attempts), but to unblock a key early it must block `maxTrackedKeys`
 * other keys within one window: `maxTrackedKeys × maxFailures` failures (2 and 10 million with the
 * server's default SID and address limits), far more than one server answers in a window. Refusing
 * new keys when full would keep old blocks but stop throttling new offenders, which is worse.
 *
 * Successful requests pay one Map lookup while some key is blocked, and none otherwise.
 */
export class FailureThrottle {
  readonly #entries = new Map<string, Entry>();
  readonly #counting = new EntryQueue();
  readonly #blocked = new EntryQueue();
  readonly #options: Required<FailureThrottleOptions>;

  constructor(options: FailureThrottleOptions) {
    this.#options = { maxTrackedKeys: 100_000, ...options };
    if (!(this.#options.maxTrackedKeys >= 1)) throw new RangeError("maxTrackedKeys must be at least 1");
  }

  /** Keys tracked now, counting and blocked; never more than `maxTrackedKeys`. */
  get size(): number {
    return this.#entries.size;
  }

  /** Milliseconds until `key` may try again, or 0 when it is not blocked. */
  retryAfterMs(key: string): number {
    if (this.#blocked.length === 0) return 0;
    const entry = this.#entries.get(key);
    if (entry === undefined || !this.#isBlocked(entry)) return 0;
    const remaining = entry.startedAt + this.#options.windowMs - this.#options.clock.now();
    if (remaining > 0) return remaining;
    this.#forget(entry);
    return 0;
  }

  recordFailure(key: string): void {
    const now = this.#options.clock.now();
    this.#removeExpired(now);
    const entry = this.#entries.get(key);
    if (entry !== undefined && now - entry.startedAt < this.#options.windowMs) {
      // A blocked key stays blocked until its window ends, however often it fails meanwhile.
      if (this.#isBlocked(entry)) return;
      entry.failures += 1;
      if (this.#isBlocked(entry)) {
        this.#counting.remove(entry);
        this.#blocked.push(entry);
      }
      return;
    }
    // A passed window is dropped, and the fresh one joins the newest end, where the order needs it.
    if (entry !== undefined) this.#forget(entry);
    this.#makeRoom();
    const fresh: Entry = { key, failures: 1, startedAt: now, older: undefined, newer: undefined };
    this.#entries.set(key, fresh);
    this.#queueOf(fresh).push(fresh);
  }

  #isBlocked(entry: Entry): boolean {
    return entry.failures >= this.#options.maxFailures;
  }

  #queueOf(entry: Entry): EntryQueue {
    return this.#isBlocked(entry) ? this.#blocked : this.#counting;
  }

  #forget(entry: Entry): void {
    this.#queueOf(entry).remove(entry);
    this.#entries.delete(entry.key);
  }

  /**
   * Reclaims up to a fixed number of expired entries from each queue's oldest end. Blocked keys are
   * queued in the order they were blocked, not the order they expire, so an expired one may wait
   * behind a live one; `retryAfterMs`, a new failure or the bound reclaims it then, and it blocks
   * nothing meanwhile.
   */
  #removeExpired(now: number): void {
    this.#removeExpiredFrom(this.#counting, now);
    this.#removeExpiredFrom(this.#blocked, now);
  }

  #removeExpiredFrom(queue: EntryQueue, now: number): void {
    for (let removed = 0; removed < EXPIRED_REMOVALS_PER_CALL; removed += 1) {
      const oldest = queue.oldest;
      if (oldest === undefined || now - oldest.startedAt < this.#options.windowMs) return;
      this.#forget(oldest);
    }
  }

  /** Frees one place when the bound is reached: the oldest counting key, else the oldest blocked one. */
  #makeRoom(): void {
    if (this.#entries.size < this.#options.maxTrackedKeys) return;
    const victim = this.#counting.oldest ?? this.#blocked.oldest;
    if (victim !== undefined) this.#forget(victim);
  }
}
