import {
  type ConsoleDeps,
  createFirstOwnerUser,
  DEFAULT_CONSOLE_MAX_SESSION_MS,
  type Deployment,
  secureRandom,
  systemClock,
} from "@latchkey/core";
import type { Logger } from "pino";
import type { ServerConfig } from "../config.js";

/** How long console sessions last, as createApp and the operator commands take it. */
export interface ConsoleSessionSettings {
  readonly idleTimeoutMs: number;
  readonly maxSessionMs: number;
}

/** The Owner user a first start made, for its banner. SECURITY: the password is shown there and nowhere else. */
export interface FirstConsoleUser {
  readonly email: string;
  readonly oneTimePassword: string;
  /** Where that user signs in. */
  readonly consoleUrl: string;
}

export function consoleSessionSettings(config: Pick<ServerConfig, "consoleIdleTimeoutMs">): ConsoleSessionSettings {
  return { idleTimeoutMs: config.consoleIdleTimeoutMs, maxSessionMs: DEFAULT_CONSOLE_MAX_SESSION_MS };
}

export function consoleDeps(deployment: Deployment, settings: ConsoleSessionSettings): ConsoleDeps {
  return { deployment, clock: systemClock, random: secureRandom, ...settings };
}

/**
 * Creates the owner account's first Owner user, or null when that failed. A failure does not fail the
 * start: the owner's Auth Tokens were just made and must still reach the banner (see startServer), and
 * the operator can add the user afterwards with the command {@link noConsoleUserWarning} names.
 */
export async function createFirstConsoleUser(
  deps: ConsoleDeps,
  input: { readonly ownerAccountSid: string; readonly email: string; readonly consoleUrl: string },
  logger: Logger,
): Promise<FirstConsoleUser | null> {
  try {
    const { user, oneTimePassword } = await createFirstOwnerUser(deps, input.ownerAccountSid, input.email);
    return { email: user.email, oneTimePassword, consoleUrl: input.consoleUrl };
  } catch (error) {
    logger.error({ err: error }, "the console's first Owner user could not be created");
    return null;
  }
}

/** Does the directory hold any console user at all? */
export async function hasConsoleUser(deployment: Deployment): Promise<boolean> {
  return (await deployment.directory.users.listAfter(null, 1)).length > 0;
}

/**
 * One line for a data dir nobody can sign in to (initialized before the console existed, or its first
 * user could not be made): the command that fixes it, with this start's data dir.
 */
export function noConsoleUserWarning(consoleUrl: string, dataDir: string): string {
  return `no console user can sign in to ${consoleUrl} yet: create an Owner with latchkey users create --email <email> --role owner --data ${shellWord(dataDir)}`;
}

/** The data dir as one word the operator can paste into a shell. */
function shellWord(text: string): string {
  return /^[\w./:@-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}
