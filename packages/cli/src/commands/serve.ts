import type { OwnerCredentials } from "@latchkey/core";
import { type AddedRegion, loadConfig, startServer } from "@latchkey/server";
import { consoleUserLines } from "../console-banner.js";
import { labelled, type Output } from "../output.js";
import { regionOverrides } from "../region-flags.js";

export interface ServeFlags {
  readonly host?: string;
  readonly port?: number;
  readonly data?: string;
  readonly regions?: readonly string[];
}

/** `latchkey serve`: runs until SIGINT or SIGTERM, then drains in-flight requests and closes the stores. */
export async function serve(flags: ServeFlags, output: Output): Promise<number> {
  const config = loadConfig(process.env, {
    ...(flags.host !== undefined && { host: flags.host }),
    ...(flags.port !== undefined && { port: flags.port }),
    ...(flags.data !== undefined && { dataDir: flags.data }),
    ...regionOverrides(flags),
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
  const [defaultRegion = "us1"] = config.regions;
  const server = await startServer(config, {
    onInitialized: (credentials, url, consoleUser) =>
      output.out(firstStartBanner(credentials, url, defaultRegion, consoleUser)),
    onRegionAdded: (added, url) => output.out(addedRegionBanner(added, url, defaultRegion)),
    onWarning: (message) => warnings.push(message),
  });
  output.err(
    `Latchkey is listening on ${server.url} (regions ${config.regions.join(", ")}; default ${defaultRegion}; data in ${config.dataDir})`,
  );
  for (const warning of warnings) output.err(`Warning: ${warning}`);
  await stopRequested;
  output.err("Shutting down: finishing in-flight requests");
  await server.close();
  return 0;
}

/** The first start's console user, as startServer reports it. */
export interface BannerConsoleUser {
  readonly email: string;
  readonly oneTimePassword: string;
  readonly consoleUrl: string;
}

/**
 * Shown once, on the start that created the owner account; this is the only time the tokens and the
 * Owner user's one-time password are printed. Without a console user (it could not be made) the console
 * lines are left out, and a warning on stderr says how to make one.
 */
export function firstStartBanner(
  credentials: OwnerCredentials,
  url: string,
  defaultRegion: string,
  consoleUser: BannerConsoleUser | null,
): string {
  const regions = Object.keys(credentials.authTokens);
  return [
    "",
    "Latchkey initialized a new data dir. Save these credentials now: they are not shown again.",
    "",
    ...labelled([
      ["Account SID", `${credentials.accountSid} (the same in every region)`],
      ...regions.map((region): [string, string] => [`Auth Token (${region})`, credentials.authTokens[region] ?? ""]),
      ["API", url],
    ]),
    ...(consoleUser === null ? [] : ["", ...consoleUserLines(consoleUser, "  ")]),
    "",
    "Try it:",
    ...regions.map((region) =>
      tryLine(credentials.accountSid, credentials.authTokens[region] ?? "", url, region, defaultRegion),
    ),
    "",
  ].join("\n");
}

/** Shown once, on the start that gave a region just added its copy of the owner account. */
export function addedRegionBanner(added: AddedRegion, url: string, defaultRegion: string): string {
  return [
    "",
    `Latchkey now serves region ${added.region}. Save its Auth Token now: it is not shown again.`,
    "",
    ...labelled([
      ["Account SID", added.accountSid],
      [`Auth Token (${added.region})`, added.authToken],
    ]),
    "",
    "Try it:",
    tryLine(added.accountSid, added.authToken, url, added.region, defaultRegion),
    "",
  ].join("\n");
}

/** A curl line for one region: the Host header picks the region, as Twilio's clients build it. */
function tryLine(accountSid: string, authToken: string, url: string, region: string, defaultRegion: string): string {
  const host = region === defaultRegion ? "" : ` -H 'Host: iam.${region}.twilio.com'`;
  return `  curl -u ${accountSid}:${authToken}${host} '${url}/v1/Keys?AccountSid=${accountSid}'`;
}
