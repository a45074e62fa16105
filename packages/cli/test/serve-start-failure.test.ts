import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type CliResult, type RunAs, runCli } from "./run-cli.js";
import { bannerCredentials, basicAuth, type ServeProcess, STACK_FRAME, startServe } from "./serve-process.js";

// Root ignores file modes, so "permission denied" is provoked as `nobody` when the tests run as root.
const NOBODY: RunAs = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
const ENV = { LATCHKEY_MASTER_KEY: "", LATCHKEY_MASTER_KEY_FILE: "", LATCHKEY_REGIONS: "" };

function unprivilegedPortStart(): number | undefined {
  try {
    return Number(readFileSync("/proc/sys/net/ipv4/ip_unprivileged_port_start", "utf8"));
  } catch {
    return undefined;
  }
}

function expectOneLineFailure(result: CliResult, line: string | RegExp): void {
  expect(result.code).toBe(1);
  expect(result.stderr.split("\n")).toHaveLength(2);
  if (typeof line === "string") expect(result.stderr).toBe(`${line}\n`);
  else expect(result.stderr).toMatch(line);
  expect(result.stderr).not.toMatch(STACK_FRAME);
  expect(result.stdout).not.toMatch(STACK_FRAME);
  expect(result.stdout).not.toContain("Account SID");
}

/** After a failed start, a start that works must still show the owner's credentials, and they must work. */
async function expectNextStartShowsWorkingCredentials(dataDir: string): Promise<void> {
  const server: ServeProcess = await startServe(["--port", "0", "--data", dataDir], ENV);
  try {
    await vi.waitFor(() => expect(bannerCredentials(server.stdout())).toBeDefined());
    const { accountSid, authToken } = bannerCredentials(server.stdout()) ?? { accountSid: "", authToken: "" };
    const keys = await fetch(`${server.url}/v1/Keys?AccountSid=${accountSid}`, {
      headers: { authorization: basicAuth(accountSid, authToken) },
    });
    expect(keys.status).toBe(200);
  } finally {
    expect(await server.stop()).toBe(0);
  }
}

describe("latchkey serve: a failed start", () => {
  let dir: string;
  let dataDir: string;
  let blocker: Server | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "latchkey-start-failure-"));
    dataDir = join(dir, "data");
  });
  afterEach(async () => {
    await new Promise((resolve) => (blocker === undefined ? resolve(undefined) : blocker.close(resolve)));
    blocker = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it("on a busy port prints one line, exits 1, and the next start still shows the credentials", async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker?.listen(0, "127.0.0.1", resolve));
    const address = blocker.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;

    const failed = await runCli(["serve", "--port", String(port), "--data", dataDir], ENV);
    expectOneLineFailure(failed, `latchkey serve: port ${port} on 127.0.0.1 is already in use`);

    await expectNextStartShowsWorkingCredentials(dataDir);
  });

  it.skipIf((unprivilegedPortStart() ?? 0) <= 80)(
    "on a privileged port prints one line, exits 1, and the next start still shows the credentials",
    async () => {
      chmodSync(dir, 0o755);
      mkdirSync(dataDir, { mode: 0o700 });
      if (NOBODY.uid !== undefined) chownSync(dataDir, NOBODY.uid, NOBODY.gid ?? NOBODY.uid);
      const failed = await runCli(["serve", "--port", "80", "--data", dataDir], ENV, NOBODY);
      expectOneLineFailure(
        failed,
        "latchkey serve: permission denied to listen on port 80 on 127.0.0.1 (ports below 1024 need privileges)",
      );
      // Root (when the tests run as root) may open the files `nobody` created.
      await expectNextStartShowsWorkingCredentials(dataDir);
    },
  );

  it("on a data dir it may not create prints one line naming it and exits 1", async () => {
    chmodSync(dir, 0o555);
    const failed = await runCli(["serve", "--port", "0", "--data", dataDir], ENV, NOBODY);
    expectOneLineFailure(
      failed,
      `latchkey serve: cannot use the data dir ${dataDir}: permission denied (mkdir ${dataDir})`,
    );
    expect(existsSync(dataDir)).toBe(false);
  });

  it("on a bad --port prints one line and touches nothing", async () => {
    const failed = await runCli(["serve", "--port", "http", "--data", dataDir], ENV);
    expectOneLineFailure(failed, "latchkey serve: --port must be an integer from 0 to 65535");
    expect(existsSync(dataDir)).toBe(false);
  });

  it("on an unknown flag prints one line and touches nothing", async () => {
    const failed = await runCli(["serve", "--prt", "8080", "--data", dataDir], ENV);
    expectOneLineFailure(failed, "latchkey serve: unknown option '--prt' (Did you mean --port?)");
    expect(existsSync(dataDir)).toBe(false);
  });

  it("on a bad environment value prints one line and touches nothing", async () => {
    const failed = await runCli(["serve", "--port", "0", "--data", dataDir], { ...ENV, LOG_LEVEL: "loud" });
    expectOneLineFailure(
      failed,
      "latchkey serve: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent",
    );
    expect(existsSync(dataDir)).toBe(false);
  });
});
