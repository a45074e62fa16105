import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The built CLI; `npm run build` (or `npm ci`, through `prepare`) makes it and the console's dist/. */
export const LATCHKEY_BIN = fileURLToPath(new URL("../../../../cli/bin/latchkey.js", import.meta.url));
const CLI_DIST = fileURLToPath(new URL("../../../../cli/dist/main.js", import.meta.url));
const CONSOLE_INDEX = fileURLToPath(new URL("../../../dist/index.html", import.meta.url));

// LATCHKEY_* emptied so the developer's own shell cannot change the data dir, regions or owner under test.
const CLEAN_ENV: NodeJS.ProcessEnv = {
  LATCHKEY_MASTER_KEY: "",
  LATCHKEY_MASTER_KEY_FILE: "",
  LATCHKEY_REGIONS: "",
  LATCHKEY_OWNER_EMAIL: "",
  LATCHKEY_CONSOLE_IDLE_MINUTES: "",
};

const FIRST_START = "Latchkey initialized a new data dir.";
const START_TIMEOUT_MS = 30_000;

export interface LatchkeyServerOptions {
  /** Regions served, the default first (`--regions`); the server's own default when absent. */
  readonly regions?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

export interface LatchkeyServer {
  /** `http://127.0.0.1:PORT`, the REST APIs' base. */
  readonly url: string;
  /** `http://127.0.0.1:PORT/console`, as the banner prints it. */
  readonly consoleUrl: string;
  readonly dataDir: string;
  readonly accountSid: string;
  /** The owner account's Auth Token in each region, as the first-start banner lists them. */
  readonly authTokens: Readonly<Record<string, string>>;
  /** The Owner console user made on first start, with the one-time password it must change at sign-in. */
  readonly owner: { readonly email: string; readonly oneTimePassword: string };
  stdout(): string;
  stderr(): string;
  /** SIGTERM, wait for the exit, delete the data dir. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts the real `latchkey serve` binary on a fresh data dir and a free port, and reads the first-start
 * banner: the owner's credentials and the console's Owner user. Rejects, with the server's output, if it
 * exits or prints no banner within 30 s.
 */
export async function startLatchkeyServer(options: LatchkeyServerOptions = {}): Promise<LatchkeyServer> {
  for (const built of [CLI_DIST, CONSOLE_INDEX]) {
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` first`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), "latchkey-console-e2e-"));
  const args = [LATCHKEY_BIN, "serve", "--data", dataDir, "--port", "0", "--host", "127.0.0.1"];
  if (options.regions !== undefined) args.push("--regions", options.regions.join(","));
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, args, {
    env: { ...process.env, ...CLEAN_ENV, LOG_LEVEL: "warn", ...options.env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));

  let stopped = false;
  const stop = async () => {
    if (!stopped) {
      stopped = true;
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no banner within 30 s")), START_TIMEOUT_MS);
      const check = () => {
        const listening = /listening on (http:\/\/\S+)/.exec(stderr)?.[1];
        // The banner goes to stdout before the listening line goes to stderr; wait for both.
        if (listening !== undefined && stdout.includes("\nTry it:\n")) {
          clearTimeout(timer);
          resolve(listening);
        }
      };
      child.stdout.on("data", check);
      child.stderr.on("data", check);
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error("serve exited"));
      });
    });
    const banner = readBanner(stdout);
    return {
      url,
      consoleUrl: banner.consoleUrl,
      dataDir,
      accountSid: banner.accountSid,
      authTokens: banner.authTokens,
      owner: { email: banner.email, oneTimePassword: banner.oneTimePassword },
      stdout: () => stdout,
      stderr: () => stderr,
      stop,
    };
  } catch (error) {
    await stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`latchkey serve did not start (${reason})\nstdout:\n${stdout}\nstderr:\n${stderr}`);
  }
}

interface Banner {
  readonly accountSid: string;
  readonly authTokens: Readonly<Record<string, string>>;
  readonly consoleUrl: string;
  readonly email: string;
  readonly oneTimePassword: string;
}

/** The first-start banner's lines only (from its first line to "Try it:"), never a log line. */
function readBanner(stdout: string): Banner {
  const start = stdout.indexOf(FIRST_START);
  const end = stdout.indexOf("\nTry it:\n", start);
  if (start < 0 || end < 0) throw new Error("no first-start banner");
  const banner = stdout.slice(start, end);
  const accountSid = /^ {2}Account SID: +(AC[0-9a-f]{32})\b/m.exec(banner)?.[1];
  const authTokens = Object.fromEntries(
    [...banner.matchAll(/^ {2}Auth Token \(([a-z]{2}[0-9])\): +([0-9a-f]{32})$/gm)].map((match) => [
      match[1] ?? "",
      match[2] ?? "",
    ]),
  );
  const consoleUrl = /^ {2}Console: +(http:\/\/\S+\/console)$/m.exec(banner)?.[1];
  const email = /^ {2}Console email: +(\S+)$/m.exec(banner)?.[1];
  const oneTimePassword = /^ {2}One-time password: +(\S+)$/m.exec(banner)?.[1];
  if (accountSid === undefined || consoleUrl === undefined || email === undefined || oneTimePassword === undefined) {
    throw new Error(`the first-start banner lacks the owner's credentials or the console user:\n${banner}`);
  }
  return { accountSid, authTokens, consoleUrl, email, oneTimePassword };
}
