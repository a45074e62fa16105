import type { Clock, Random } from "../ports.js";

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  constructor(private current = Date.UTC(2016, 5, 13, 22, 50, 8)) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

/** Deterministic bytes from a counter: predictable SIDs and secrets in tests. */
export class CountingRandom implements Random {
  #counter = 0;
  bytes(length: number): Buffer {
    const out = Buffer.alloc(length);
    for (let index = 0; index < length; index += 1) {
      this.#counter = (this.#counter + 1) % 256;
      out[index] = this.#counter;
    }
    return out;
  }
}
