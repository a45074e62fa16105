import { consoleDistDir } from "@latchkey/console/dist-dir";
import { DEFAULT_CONSOLE_IDLE_TIMEOUT_MS, DEFAULT_CONSOLE_MAX_SESSION_MS } from "@latchkey/core";

/** How the console is served: its session lifetimes and where its built files are. */
export interface ConsoleOptions {
  /** A session unused for this long ends (LATCHKEY_CONSOLE_IDLE_MINUTES); 30 minutes when omitted. */
  readonly idleTimeoutMs: number;
  /** A session ends this long after sign-in however busy it is; 12 hours when omitted. */
  readonly maxSessionMs: number;
  /** The built console (index.html, assets/); @latchkey/console's dist/ when omitted. */
  readonly distDir?: string;
}

export interface ResolvedConsoleOptions {
  readonly idleTimeoutMs: number;
  readonly maxSessionMs: number;
  readonly distDir: string;
}

export function resolveConsoleOptions(options: ConsoleOptions | undefined): ResolvedConsoleOptions {
  return {
    idleTimeoutMs: options?.idleTimeoutMs ?? DEFAULT_CONSOLE_IDLE_TIMEOUT_MS,
    maxSessionMs: options?.maxSessionMs ?? DEFAULT_CONSOLE_MAX_SESSION_MS,
    distDir: options?.distDir ?? consoleDistDir,
  };
}
