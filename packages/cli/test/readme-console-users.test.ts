import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { ENV, initDataDir } from "./console-data-dir.js";
import { BIN, outputOf, runCli } from "./run-cli.js";

const README = readFileSync(fileURLToPath(new URL("../../../README.md", import.meta.url)), "utf8");

/** The README's sh block that adds console users (section "The web console"). */
function usersSnippet(): string {
  const blocks = [...README.matchAll(/^```sh\n([\s\S]*?)^```/gm)].map((match) => match[1] ?? "");
  const found = blocks.filter((block) => block.includes("latchkey users create"));
  expect(found, "README.md has exactly one sh block with latchkey users create").toHaveLength(1);
  return found[0] ?? "";
}

/** Runs `script` in bash with `npx latchkey` meaning the built binary, as it does in the repository. */
function runSnippet(script: string, env: NodeJS.ProcessEnv) {
  const prelude = `set -euo pipefail\nnpx() { [ "$1" = latchkey ] || exit 97; shift; "${process.execPath}" "${BIN}" "$@"; }\n`;
  return outputOf(spawn("bash", ["-c", prelude + script], { env: { ...process.env, ...ENV, ...env } }));
}

describe("README.md's console users snippet", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("creates a developer with a one-time password and an administrator with a chosen one, then lists them", async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), "latchkey-readme-users-")), "data");
    dirs.push(dataDir);
    const { accountSid } = await initDataDir(dataDir);

    const result = await runSnippet(usersSnippet(), { LATCHKEY_DATA_DIR: dataDir });

    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Email: +dev@example\.com$/m);
    expect(result.stdout).toMatch(/^One-time password: +\S{22}$/m);
    expect(result.stdout).toMatch(/^Email: +ops@example\.com$/m);
    const listed = await runCli(["users", "list", "--data", dataDir, "--json"], ENV);
    expect(listed.code).toBe(0);
    const users = JSON.parse(listed.stdout) as { email: string; role: string; account_sid: string }[];
    expect(users.map(({ email, role, account_sid }) => ({ email, role, account_sid }))).toEqual([
      { email: "dev@example.com", role: "developer", account_sid: accountSid },
      { email: "ops@example.com", role: "administrator", account_sid: accountSid },
      { email: "owner@localhost", role: "owner", account_sid: accountSid },
    ]);
  });
});
