import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const BIN = fileURLToPath(new URL("../bin/latchkey.js", import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Another user to run the binary as (tests running as root use it to meet permission errors). */
export interface RunAs {
  readonly uid?: number;
  readonly gid?: number;
}

/** Runs the built `latchkey` binary as a real process, optionally as another user. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}, runAs: RunAs = {}): Promise<CliResult> {
  return runCliWithInput(args, undefined, env, runAs);
}

/** Runs the built binary with `input` written to its stdin, which is then closed (undefined: left open). */
export function runCliWithInput(
  args: readonly string[],
  input: string | undefined,
  env: NodeJS.ProcessEnv = {},
  runAs: RunAs = {},
): Promise<CliResult> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, ...runAs });
  // A command may stop reading before the end (a too-long password): the broken pipe is not a failure.
  child.stdin.on("error", () => {});
  if (input !== undefined) child.stdin.end(input);
  return outputOf(child);
}

/** What a spawned process printed, once it has exited. */
export function outputOf(child: ChildProcess): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr?.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
