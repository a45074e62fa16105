import { ConfigError } from "../config.js";

/**
 * Turns a failed `listen` into one line an operator can act on
 * (`port 8080 on 127.0.0.1 is already in use`); anything else is returned as is.
 */
export function describeListenFailure(error: unknown, host: string, port: number): unknown {
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  const where = `port ${port} on ${host}`;
  const message =
    code === "EADDRINUSE"
      ? `${where} is already in use`
      : code === "EACCES" || code === "EPERM"
        ? `permission denied to listen on ${where}${port < 1024 ? " (ports below 1024 need privileges)" : ""}`
        : code === "EADDRNOTAVAIL"
          ? `cannot listen on ${where}: ${host} is not an address of this machine`
          : code === "ENOTFOUND" || code === "EAI_AGAIN"
            ? `cannot listen on ${where}: the host name ${host} does not resolve`
            : undefined;
  return message === undefined ? error : new ConfigError(message, { cause: error });
}
