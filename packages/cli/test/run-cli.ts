import { spawn } from "node:child_process";
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
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, ...runAs });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
