import { LatchkeyApiError, LatchkeyClient, LatchkeyError } from "@latchkey/sdk";
import { type Command, Option } from "commander";
import type { Output } from "./output.js";

export const DEFAULT_URL = "http://127.0.0.1:8080";

/** The options every command against a running server takes. */
export interface RemoteFlags {
  readonly url?: string;
  readonly accountSid?: string;
  readonly authToken?: string;
  readonly apiKey?: string;
  readonly apiSecret?: string;
  readonly json?: boolean;
}

export type Env = Readonly<Record<string, string | undefined>>;

export interface RemoteTarget {
  readonly baseUrl: string;
  readonly username: string;
  readonly password: string;
}

export type RemoteResolution =
  | { readonly ok: true; readonly target: RemoteTarget }
  | { readonly ok: false; readonly message: string };

const NO_CREDENTIALS =
  "no credentials: pass --account-sid and --auth-token (or --api-key and --api-secret), " +
  "or set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (or TWILIO_API_KEY and TWILIO_API_SECRET)";

/** Adds --url, the credential flags and --json to a command that talks to a running server. */
export function addRemoteOptions(command: Command): Command {
  return command
    .addOption(new Option("--url <url>", `server URL (env LATCHKEY_URL, default ${DEFAULT_URL})`))
    .addOption(new Option("--account-sid <sid>", "Account SID (env TWILIO_ACCOUNT_SID)"))
    .addOption(new Option("--auth-token <token>", "the account's Auth Token (env TWILIO_AUTH_TOKEN)"))
    .addOption(new Option("--api-key <sid>", "API key SID (env TWILIO_API_KEY)"))
    .addOption(new Option("--api-secret <secret>", "the API key's secret (env TWILIO_API_SECRET)"))
    .option("--json", "print the API's JSON, Auth Tokens included");
}

/**
 * Where to connect and as whom. Flags win over the environment; within each, an API key pair wins over
 * an Account SID pair, as in Twilio's own tools. Half a pair given as flags is an error rather than
 * something to complete from the environment: mixing sources would hide which credential was used.
 */
export function resolveRemote(flags: RemoteFlags, env: Env): RemoteResolution {
  const baseUrl = present(flags.url) ?? present(env.LATCHKEY_URL) ?? DEFAULT_URL;
  const urlProblem = checkUrl(baseUrl);
  if (urlProblem !== null) return { ok: false, message: urlProblem };

  const keyFlags = pairOf(flags.apiKey, flags.apiSecret, ["--api-key", "--api-secret"], "given");
  const tokenFlags = pairOf(flags.accountSid, flags.authToken, ["--account-sid", "--auth-token"], "given");
  if (typeof keyFlags === "string") return { ok: false, message: keyFlags };
  if (typeof tokenFlags === "string") return { ok: false, message: tokenFlags };
  if (keyFlags !== null && tokenFlags !== null) {
    return { ok: false, message: "give either --account-sid and --auth-token or --api-key and --api-secret, not both" };
  }
  const fromFlags = keyFlags ?? tokenFlags;
  if (fromFlags !== null) return { ok: true, target: { baseUrl, ...fromFlags } };

  const keyEnv = pairOf(env.TWILIO_API_KEY, env.TWILIO_API_SECRET, ["TWILIO_API_KEY", "TWILIO_API_SECRET"], "set");
  const tokenEnv = pairOf(
    env.TWILIO_ACCOUNT_SID,
    env.TWILIO_AUTH_TOKEN,
    ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"],
    "set",
  );
  for (const pair of [keyEnv, tokenEnv]) {
    if (pair !== null && typeof pair !== "string") return { ok: true, target: { baseUrl, ...pair } };
  }
  const halves = [keyEnv, tokenEnv].filter((pair): pair is string => typeof pair === "string");
  return { ok: false, message: [NO_CREDENTIALS, ...halves].join("; ") };
}

/**
 * Runs `action` with a client for the resolved server and turns every failure into one line on stderr
 * and exit code 1: `latchkey <command>: <message> (code <code>)`.
 */
export async function runRemote(
  command: string,
  flags: RemoteFlags,
  io: { readonly output: Output; readonly env: Env },
  action: (client: LatchkeyClient) => Promise<void>,
): Promise<number> {
  const fail = (message: string) => {
    io.output.err(`latchkey ${command}: ${message}`);
    return 1;
  };
  const resolved = resolveRemote(flags, io.env);
  if (!resolved.ok) return fail(resolved.message);
  let client: LatchkeyClient;
  try {
    client = new LatchkeyClient(resolved.target);
  } catch (error) {
    // The client refuses options it cannot use safely (a URL carrying credentials, a colon in the user).
    if (error instanceof TypeError) return fail(error.message);
    throw error;
  }
  try {
    await action(client);
    return 0;
  } catch (error) {
    if (error instanceof LatchkeyApiError) {
      return fail(`${error.message} (${error.code === null ? `HTTP ${error.status}` : `code ${error.code}`})`);
    }
    if (error instanceof LatchkeyError) return fail(error.message);
    throw error;
  }
}

/** A value given as a non-empty string; an empty flag or variable counts as not given. */
function present(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

/** Both halves, neither (null), or a message naming the missing half. */
function pairOf(
  user: string | undefined,
  secret: string | undefined,
  [userName, secretName]: readonly [string, string],
  verb: "given" | "set",
): { username: string; password: string } | string | null {
  const username = present(user);
  const password = present(secret);
  if (username !== undefined && password !== undefined) return { username, password };
  if (username !== undefined) return `${userName} is ${verb} without ${secretName}`;
  if (password !== undefined) return `${secretName} is ${verb} without ${userName}`;
  return null;
}

function checkUrl(value: string): string | null {
  const url = URL.canParse(value) ? new URL(value) : null;
  if (url === null || (url.protocol !== "http:" && url.protocol !== "https:")) {
    return `the server URL must be an http or https URL, got ${value}`;
  }
  // SECURITY: a URL is echoed in messages and shell history; credentials belong in their own options.
  if (url.username !== "" || url.password !== "") {
    return "the server URL must not carry credentials; use --account-sid and --auth-token or the environment";
  }
  return null;
}
