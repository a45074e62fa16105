import type { Deployment } from "../deployment.js";
import type { Clock, Random } from "../ports.js";

/** What every console use case needs. Users and sessions live in `deployment.directory`. */
export interface ConsoleDeps {
  /** The directory and every region served (regions[0] is the default). */
  readonly deployment: Deployment;
  readonly clock: Clock;
  readonly random: Random;
  /** A session unused for this long ends (config LATCHKEY_CONSOLE_IDLE_MINUTES, default 30 min). */
  readonly idleTimeoutMs: number;
  /** A session ends this long after sign-in however busy it is (default 12 h). */
  readonly maxSessionMs: number;
}

export const DEFAULT_CONSOLE_IDLE_TIMEOUT_MS = 30 * 60 * 1000;
export const DEFAULT_CONSOLE_MAX_SESSION_MS = 12 * 60 * 60 * 1000;
