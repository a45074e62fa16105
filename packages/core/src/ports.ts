import { randomBytes } from "node:crypto";

/** Time source. Tests pass a fixed or stepping clock; production uses the system clock. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** Randomness source. Every SID and secret comes from here so tests can make them predictable. */
export interface Random {
  bytes(length: number): Buffer;
}

export const systemClock: Clock = { now: () => Date.now() };

// SECURITY: credentials must come from a CSPRNG; node:crypto.randomBytes is one.
export const secureRandom: Random = { bytes: (length) => randomBytes(length) };
