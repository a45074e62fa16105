import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BIN, runCli } from "./run-cli.js";

interface ServeProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly url: string;
  stdout(): string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

function startServe(dataDir: string): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, "serve", "--port", "0", "--data", dataDir], {
    env: { ...process.env, LATCHKEY_MASTER_KEY: "", LOG_LEVEL: "info" },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
  });
  return new Promise((resolve, reject) => {
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match?.[1] !== undefined) {
        resolve({
          child,
          url: match[1],
          stdout: () => stdout,
          stop: () =>
            new Promise((done) => {
              child.on("close", (code) => done(code));
              child.kill("SIGTERM");
            }),
        });
      }
    });
    child.on("close", (code) => reject(new Error(`serve exited early (${code}): ${stderr}`)));
  });
}

describe("latchkey serve", () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), "latchkey-serve-"));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it("initializes on first start, prints the credentials once, and serves them", async () => {
    const first = await startServe(dataDir);
    const banner = first.stdout();
    const accountSid = /Account SID: (AC[0-9a-f]{32})/.exec(banner)?.[1];
    const authToken = /Auth Token: {2}([0-9a-f]{32})/.exec(banner)?.[1];
    expect(accountSid).toBeDefined();
    expect(banner).toContain(`curl -u ${accountSid}:${authToken} '${first.url}/v1/Keys?AccountSid=${accountSid}'`);

    const health = await fetch(`${first.url}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${first.url}/readyz`);
    expect(await ready.json()).toEqual({ status: "ready", region: "us1" });
    const keys = await fetch(`${first.url}/v1/Keys?AccountSid=${accountSid}`, {
      headers: { authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}` },
    });
    expect(keys.status).toBe(200);

    expect(await first.stop()).toBe(0);
    // SECURITY: the token appears in the banner only, never in a log line.
    const logLines = first
      .stdout()
      .split("\n")
      .filter((line) => line.startsWith("{"));
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) expect(line).not.toContain(authToken);

    const second = await startServe(dataDir);
    expect(second.stdout()).not.toContain("Account SID");
    expect(await second.stop()).toBe(0);
  });

  it("accepts a Main key made by the operator command while it runs", async () => {
    const server = await startServe(dataDir);
    const accountSid = /Account SID: (AC[0-9a-f]{32})/.exec(server.stdout())?.[1] ?? "";
    const created = await runCli(
      ["keys", "create", "--type", "main", "--account", accountSid, "--data", dataDir, "--json"],
      {
        LATCHKEY_MASTER_KEY: "",
      },
    );
    const { sid, secret } = JSON.parse(created.stdout);
    const response = await fetch(`${server.url}/v1/Keys/${sid}`, {
      headers: { authorization: `Basic ${Buffer.from(`${sid}:${secret}`).toString("base64")}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ sid, policy: null });
    expect(await server.stop()).toBe(0);
  });
});
