import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { runCli } from "./run-cli.js";
import { bannerConsoleUser, bannerCredentials, basicAuth, startServe } from "./serve-process.js";

// LATCHKEY_REGIONS emptied so the developer's own shell cannot change the regions under test.
const ENV = { LATCHKEY_MASTER_KEY: "", LATCHKEY_MASTER_KEY_FILE: "", LATCHKEY_REGIONS: "", LATCHKEY_OWNER_EMAIL: "" };

describe("latchkey serve", () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), "latchkey-serve-"));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it("initializes on first start, prints the credentials once, and serves them", async () => {
    const first = await startServe(["--port", "0", "--data", dataDir], ENV);
    // stdout and stderr are separate pipes: the banner may arrive after the "listening" line.
    await vi.waitFor(() => expect(bannerCredentials(first.stdout())).toBeDefined());
    const { accountSid, authToken, authTokens } = bannerCredentials(first.stdout()) ?? {
      accountSid: "",
      authToken: "",
      authTokens: {},
    };
    expect(authTokens).toEqual({ us1: authToken });
    const oneTimePassword = bannerConsoleUser(first.stdout())?.oneTimePassword;
    expect(first.stdout()).toContain(
      [
        "",
        "Latchkey initialized a new data dir. Save these credentials now: they are not shown again.",
        "",
        `  Account SID:      ${accountSid} (the same in every region)`,
        `  Auth Token (us1): ${authToken}`,
        `  API:              ${first.url}`,
        "",
        `  Console:           ${first.url}/console`,
        "  Console email:     owner@localhost",
        `  One-time password: ${oneTimePassword}`,
        "  The one-time password must be changed at first sign-in.",
        "",
        "Try it:",
        `  curl -u ${accountSid}:${authToken} '${first.url}/v1/Keys?AccountSid=${accountSid}'`,
        "",
        "",
      ].join("\n"),
    );
    expect(first.stderr().split("\n")[0]).toBe(
      `Latchkey is listening on ${first.url} (regions us1; default us1; data in ${dataDir})`,
    );

    const health = await fetch(`${first.url}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${first.url}/readyz`);
    expect(await ready.json()).toEqual({ status: "ready", region: "us1" });
    const keys = await fetch(`${first.url}/v1/Keys?AccountSid=${accountSid}`, {
      headers: { authorization: basicAuth(accountSid, authToken) },
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

    const second = await startServe(["--port", "0", "--data", dataDir], ENV);
    expect(await second.stop()).toBe(0);
    expect(second.stdout()).not.toContain("Account SID");
    expect(second.stdout()).not.toContain(authToken);
  });

  it("accepts a Main key made by the operator command while it runs", async () => {
    const server = await startServe(["--port", "0", "--data", dataDir], ENV);
    try {
      await vi.waitFor(() => expect(bannerCredentials(server.stdout())).toBeDefined());
      const accountSid = bannerCredentials(server.stdout())?.accountSid ?? "";
      const created = await runCli(
        ["keys", "create", "--type", "main", "--account", accountSid, "--data", dataDir, "--json"],
        ENV,
      );
      expect(created.code).toBe(0);
      const { sid, secret, region } = JSON.parse(created.stdout);
      expect(region).toBe("us1");
      const response = await fetch(`${server.url}/v1/Keys/${sid}`, {
        headers: { authorization: basicAuth(sid, secret) },
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ sid, policy: null });
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});
