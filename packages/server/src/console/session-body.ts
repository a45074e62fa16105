import {
  AppError,
  CONSOLE_ACTIONS,
  type ConsoleAction,
  type ConsoleUser,
  consoleRoleMay,
  csrfTokenFor,
  type Deployment,
  isAppError,
  regionNamed,
} from "@latchkey/core";

/** The JSON of GET/POST session, POST password and PUT preferences (snake_case lives in the serializers). */
export interface ConsoleSessionBody {
  readonly user: {
    readonly sid: string;
    readonly email: string;
    readonly role: string;
    readonly account_sid: string;
    readonly account_friendly_name: string;
    readonly region: string;
  };
  readonly csrf_token: string;
  readonly must_change_password: boolean;
  readonly regions: readonly string[];
  readonly default_region: string;
  /** The role table's verdict on every action for this user: the page hides what is false; the server enforces. */
  readonly actions: Readonly<Record<ConsoleAction, boolean>>;
}

/** The session JSON of `user`, signed in with the cookie `token`. */
export async function sessionBody(
  deployment: Deployment,
  user: ConsoleUser,
  token: string,
): Promise<ConsoleSessionBody> {
  const regions = deployment.regions.map((context) => context.region);
  const defaultRegion = regions[0] ?? "";
  const account = await directoryAccount(deployment, user.accountSid);
  return {
    user: {
      sid: user.sid,
      email: user.email,
      role: user.role,
      account_sid: user.accountSid,
      account_friendly_name: account?.friendlyName ?? "",
      // A region chosen once and no longer served falls back to the default rather than a dead end.
      region: user.region !== null && regionNamed(deployment, user.region) !== undefined ? user.region : defaultRegion,
    },
    csrf_token: csrfTokenFor(token),
    must_change_password: user.mustChangePassword,
    regions,
    default_region: defaultRegion,
    actions: Object.fromEntries(CONSOLE_ACTIONS.map((action) => [action, consoleRoleMay(user.role, action)])) as Record<
      ConsoleAction,
      boolean
    >,
  };
}

async function directoryAccount(deployment: Deployment, accountSid: string) {
  try {
    return await deployment.directory.accounts.findBySid(accountSid);
  } catch (error) {
    if (isAppError(error)) throw error;
    throw new AppError("STORE_UNAVAILABLE", { message: "The account directory is not reachable", cause: error });
  }
}
