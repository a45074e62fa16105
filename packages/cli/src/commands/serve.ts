import type { OwnerCredentials } from "@latchkey/core";
import { loadConfig, startServer } from "@latchkey/server";
import type { Output } from "../output.js";

export interface ServeFlags {
  readonly host?: string;
  readonly port?: number;
  readonly data?: string;
}

/** `latchkey serve`: runs until SIGINT or SIGTERM, then drains in-flight requests and closes the store. */
export async function serve(flags: ServeFlags, output: Output): Promise<number> {
  const config = loadConfig(process.env, {
    ...(flags.host !== undefined && { host: flags.host }),
    ...(flags.port !== undefined && { port: flags.port }),
    ...(flags.data !== undefined && { dataDir: flags.data }),
  });
  // Listen for signals before starting, so a stop that arrives during start-up still drains cleanly.
  const stopRequested = new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  // Warnings are shown after the start succeeds: a start that fails says one thing, why it failed.
  const warnings: string[] = [];
  const server = await startServer(config, {
    onInitialized: (credentials, url) => output.out(firstStartBanner(credentials, url)),
    onWarning: (message) => warnings.push(message),
  });
  output.err(`Latchkey is listening on ${server.url} (region ${config.region}, data in ${config.dataDir})`);
  for (const warning of warnings) output.err(`Warning: ${warning}`);
  await stopRequested;
  output.err("Shutting down: finishing in-flight requests");
  await server.close();
  return 0;
}

/** Shown once, on the start that created the owner account; this is the only time the token is printed. */
export function firstStartBanner(credentials: OwnerCredentials, url: string): string {
  return [
    "",
    "Latchkey initialized a new data dir. Save these credentials now: they are not shown again.",
    "",
    `  Account SID: ${credentials.accountSid}`,
    `  Auth Token:  ${credentials.authToken}`,
    `  API:         ${url}`,
    "",
    "Try it:",
    `  curl -u ${credentials.accountSid}:${credentials.authToken} '${url}/v1/Keys?AccountSid=${credentials.accountSid}'`,
    "",
  ].join("\n");
}
