import { join } from "node:path";
import { openSqliteDirectory } from "@latchkey/store";
import { expect } from "vitest";
import { runCli } from "./run-cli.js";

// LATCHKEY_* emptied so the developer's own shell cannot change the data dir, regions or owner under test.
export const ENV = {
  LATCHKEY_MASTER_KEY: "",
  LATCHKEY_MASTER_KEY_FILE: "",
  LATCHKEY_REGIONS: "",
  LATCHKEY_OWNER_EMAIL: "",
  LATCHKEY_CONSOLE_IDLE_MINUTES: "",
};

export interface InitializedDataDir {
  readonly accountSid: string;
  readonly authToken: string;
  readonly consoleUser: { readonly sid: string; readonly email: string; readonly one_time_password: string };
}

/** `latchkey init --json` on `dataDir`: the owner account and its first console user. */
export async function initDataDir(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<InitializedDataDir> {
  const result = await runCli(["init", "--data", dataDir, "--json"], { ...ENV, ...env });
  expect(result.code).toBe(0);
  const printed = JSON.parse(result.stdout);
  return { accountSid: printed.account_sid, authToken: printed.auth_token, consoleUser: printed.console_user };
}

/**
 * Removes every console user straight from the directory file, leaving a data dir like one initialized
 * before the console existed (its migration adds an empty users table). Through the store's own
 * repository, not SQL: the use case's last-Owner rule is what this steps around, on purpose.
 */
export async function removeAllConsoleUsers(dataDir: string): Promise<void> {
  const directory = await openSqliteDirectory(join(dataDir, "directory.sqlite"));
  try {
    for (const user of await directory.users.listAfter(null, 1000)) await directory.users.delete(user.sid);
  } finally {
    await directory.close();
  }
}
