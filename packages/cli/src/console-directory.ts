import { existsSync } from "node:fs";
import { type ConsoleDeps, OWNER_ACCOUNT_SETTING } from "@latchkey/core";
import { ConfigError, consoleDeps, consoleSessionSettings, loadConfig, openDeployment } from "@latchkey/server";
import { regionOverrides } from "./region-flags.js";

export interface DataDirFlags {
  readonly data?: string;
  readonly regions?: readonly string[];
}

/** An initialized data dir opened for the console-user commands. */
export interface OpenedConsoleDirectory {
  readonly deps: ConsoleDeps;
  /** The deployment's owner account: where a new user goes unless told otherwise. */
  readonly ownerAccountSid: string;
}

/**
 * Opens the data dir straight, as `keys create` does, and runs `work` on it. SQLite's WAL lets this run
 * beside a serving server: the server reads users from the directory at each sign-in, so it sees every
 * change at once. A data dir that does not exist, or was never initialized, is refused before anything is
 * written to it, so a mistyped --data does not leave a new master key behind.
 */
export async function withConsoleDirectory<T>(
  flags: DataDirFlags,
  work: (opened: OpenedConsoleDirectory) => Promise<T>,
): Promise<T> {
  const config = loadConfig(process.env, {
    ...(flags.data !== undefined && { dataDir: flags.data }),
    ...regionOverrides(flags),
  });
  const notInitialized = new ConfigError(
    `${config.dataDir} is not an initialized data dir: run latchkey init or latchkey serve with it first`,
  );
  if (!existsSync(config.dataDir)) throw notInitialized;
  const opened = await openDeployment({
    dataDir: config.dataDir,
    regions: config.regions,
    masterKey: config.masterKey,
    masterKeyFile: config.masterKeyFile,
  });
  try {
    const ownerAccountSid = await opened.deployment.directory.settings.get(OWNER_ACCOUNT_SETTING);
    if (ownerAccountSid === undefined) throw notInitialized;
    return await work({ deps: consoleDeps(opened.deployment, consoleSessionSettings(config)), ownerAccountSid });
  } finally {
    await opened.close();
  }
}
