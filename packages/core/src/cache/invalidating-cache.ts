/**
 * A bounded read-through cache for records that mutations invalidate. Owns one invariant: a load
 * that began before an invalidation never stores its (possibly stale) result, so a slow read cannot
 * resurrect a deleted or changed record. Missing records (undefined or null) are never cached, so a
 * record created elsewhere (e.g. by the operator CLI) is seen at once.
 */
export class InvalidatingCache<V> {
  readonly #entries = new Map<string, V>();
  readonly #maxEntries: number;
  #epoch = 0;

  constructor(maxEntries: number) {
    this.#maxEntries = maxEntries;
  }

  get(key: string): V | undefined {
    return this.#entries.get(key);
  }

  /** Returns the cached value, or loads it and caches it unless an invalidation happened meanwhile. */
  async getOrLoad<R extends V | null | undefined>(key: string, load: () => Promise<R>): Promise<V | R> {
    const cached = this.#entries.get(key);
    if (cached !== undefined) return cached;
    const epoch = this.#epoch;
    const loaded = await load();
    if (loaded !== undefined && loaded !== null && epoch === this.#epoch) {
      if (this.#entries.size >= this.#maxEntries) {
        // Oldest insertion first: cheap, and warm entries are simply reloaded once.
        const oldest = this.#entries.keys().next().value;
        if (oldest !== undefined) this.#entries.delete(oldest);
      }
      this.#entries.set(key, loaded);
    }
    return loaded;
  }

  invalidate(key: string): void {
    this.#epoch += 1;
    this.#entries.delete(key);
  }

  clear(): void {
    this.#epoch += 1;
    this.#entries.clear();
  }
}
