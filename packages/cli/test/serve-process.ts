import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { onTestFinished } from "vitest";
import { BIN } from "./run-cli.js";

export interface ServeProcess {
  readonly url: string;
  stdout(): string;
  stderr(): string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `latchkey serve` (built binary) and resolves once it says it is listening. */
export function startServe(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [BIN, "serve", ...args], {
    env: { ...process.env, LOG_LEVEL: "info", ...env },
  });
  // A test that fails before its stop() must not leave a server running after the suite.
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  return new Promise((resolve, reject) => {
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match?.[1] !== undefined) {
        resolve({
          url: match[1],
          stdout: () => stdout,
          stderr: () => stderr,
          stop: () => {
            child.kill("SIGTERM");
            return exited;
          },
        });
      }
    });
    void exited.then((code) => reject(new Error(`serve exited early (${code}): ${stderr}`)));
  });
}

export interface BannerCredentials {
  readonly accountSid: string;
  /** The owner's Auth Token in each region, in the order the banner lists them (the default first). */
  readonly authTokens: Readonly<Record<string, string>>;
  /** The default region's Auth Token: the first one listed. */
  readonly authToken: string;
}

const FIRST_START = "Latchkey initialized a new data dir.";

/**
 * The owner's credentials from the first-start banner, or undefined when no banner was printed. Only the
 * banner's own lines are read (from its first line to "Try it:"), never a log line or an added-region banner.
 */
export function bannerCredentials(stdout: string): BannerCredentials | undefined {
  const start = stdout.indexOf(FIRST_START);
  if (start < 0) return undefined;
  const end = stdout.indexOf("\nTry it:\n", start);
  if (end < 0) return undefined;
  const banner = stdout.slice(start, end);
  const accountSid = /^ {2}Account SID: +(AC[0-9a-f]{32}) \(the same in every region\)$/m.exec(banner)?.[1];
  const tokens = [...banner.matchAll(/^ {2}Auth Token \(([a-z]{2}[0-9])\): ([0-9a-f]{32})$/gm)];
  const authToken = tokens[0]?.[2];
  if (accountSid === undefined || authToken === undefined) return undefined;
  const authTokens = Object.fromEntries(tokens.map((match) => [match[1] ?? "", match[2] ?? ""]));
  return { accountSid, authTokens, authToken };
}

export interface BannerConsoleUser {
  readonly consoleUrl: string;
  readonly email: string;
  readonly oneTimePassword: string;
}

/** The first-start banner's console sign-in (its `Console:` block), or undefined when there is none. */
export function bannerConsoleUser(stdout: string): BannerConsoleUser | undefined {
  const start = stdout.indexOf(FIRST_START);
  const end = stdout.indexOf("\nTry it:\n", start);
  if (start < 0 || end < 0) return undefined;
  const banner = stdout.slice(start, end);
  const consoleUrl = /^ {2}Console: +(http:\/\/\S+\/console)$/m.exec(banner)?.[1];
  const email = /^ {2}Console email: +(\S+)$/m.exec(banner)?.[1];
  const oneTimePassword = /^ {2}One-time password: ([A-Za-z0-9_-]{22})$/m.exec(banner)?.[1];
  if (consoleUrl === undefined || email === undefined || oneTimePassword === undefined) return undefined;
  return { consoleUrl, email, oneTimePassword };
}

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
}

/** A stack trace's frames look like `    at fn (file:1:2)`; a one-line failure has none. */
export const STACK_FRAME = /^\s+at /m;
