import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
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

/** The owner's credentials from the first-start banner, or undefined when no banner was printed. */
export function bannerCredentials(stdout: string): { accountSid: string; authToken: string } | undefined {
  const accountSid = /Account SID: (AC[0-9a-f]{32})/.exec(stdout)?.[1];
  const authToken = /Auth Token: {2}([0-9a-f]{32})/.exec(stdout)?.[1];
  return accountSid === undefined || authToken === undefined ? undefined : { accountSid, authToken };
}

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
}

/** A stack trace's frames look like `    at fn (file:1:2)`; a one-line failure has none. */
export const STACK_FRAME = /^\s+at /m;
