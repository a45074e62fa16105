import { spawn } from "node:child_process";
import { LATCHKEY_BIN, type LatchkeyServer } from "./latchkey-server.js";

export type ConsoleRoleName = "owner" | "administrator" | "developer" | "read-only";

export interface CreatedConsoleUser {
  readonly sid: string;
  readonly email: string;
  readonly password: string;
}

/**
 * `latchkey users create --password-stdin --json` on the running server's data dir, as an operator would:
 * the user signs in with `password` and is not asked to change it.
 */
export async function createConsoleUser(
  server: LatchkeyServer,
  user: {
    readonly email: string;
    readonly role: ConsoleRoleName;
    readonly password: string;
    readonly account?: string;
  },
): Promise<CreatedConsoleUser> {
  const args = ["users", "create", "--email", user.email, "--role", user.role, "--data", server.dataDir];
  if (user.account !== undefined) args.push("--account", user.account);
  args.push("--password-stdin", "--json");
  const result = await runLatchkey(args, `${user.password}\n`);
  if (result.code !== 0) throw new Error(`users create failed (${result.code}): ${result.stderr}`);
  const printed = JSON.parse(result.stdout) as { sid: string; email: string };
  return { sid: printed.sid, email: printed.email, password: user.password };
}

function runLatchkey(
  args: readonly string[],
  input: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LATCHKEY_BIN, ...args], {
      env: { ...process.env, LATCHKEY_REGIONS: "", LATCHKEY_OWNER_EMAIL: "" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.stdin.on("error", () => {});
    child.stdin.end(input);
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
