import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BIN, runCli } from "./run-cli.js";
import { bannerCredentials, basicAuth } from "./serve-process.js";

const CATALOG = `namespace: acme
products:
  billing:
    resources:
      invoices:
        routes:
          list: GET /v1/Invoices
          read: GET /v1/Invoices/{Sid}
`;

describe("latchkey serve with LATCHKEY_CATALOG_FILES", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "latchkey-serve-catalog-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("exits 1 naming the file, line and field of a bad catalog, before touching the data dir", async () => {
    const file = join(dir, "acme-catalog.yaml");
    writeFileSync(file, CATALOG.replace("read: GET", "read: FETCH"));
    const dataDir = join(dir, "data");
    const result = await runCli(["serve", "--port", "0", "--data", dataDir], {
      LATCHKEY_CATALOG_FILES: file,
      LATCHKEY_MASTER_KEY: "",
      LATCHKEY_REGIONS: "",
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `latchkey serve: ${file}:8: products.billing.resources.invoices.routes.read: method must be one of GET, POST, PUT, PATCH, DELETE\n`,
    );
    expect(existsSync(dataDir)).toBe(false);
  });

  it("starts with a good catalog and grants its permissions to restricted keys", async () => {
    const file = join(dir, "acme-catalog.yaml");
    writeFileSync(file, CATALOG);
    const child = spawn(process.execPath, [BIN, "serve", "--port", "0", "--data", join(dir, "data")], {
      env: {
        ...process.env,
        LATCHKEY_CATALOG_FILES: file,
        LATCHKEY_MASTER_KEY: "",
        LATCHKEY_REGIONS: "",
        LOG_LEVEL: "info",
      },
    });
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    try {
      let stdout = "";
      child.stdout.on("data", (chunk) => {
        stdout += chunk;
      });
      const url = await new Promise<string>((resolve, reject) => {
        let stderr = "";
        child.stderr.on("data", (chunk) => {
          stderr += chunk;
          const match = /listening on (http:\/\/\S+)/.exec(stderr);
          if (match?.[1] !== undefined) resolve(match[1]);
        });
        void exited.then((code) => reject(new Error(`serve exited early (${code}): ${stderr}`)));
      });
      // stdout and stderr are separate pipes: the lines written before "listening" may arrive after it.
      await vi.waitFor(() => expect(bannerCredentials(stdout)).toBeDefined());
      expect(stdout).toContain('"msg":"operator catalogs loaded"');
      const { accountSid, authToken } = bannerCredentials(stdout) ?? { accountSid: "", authToken: "" };
      const created = await fetch(`${url}/v1/Keys`, {
        method: "POST",
        headers: {
          authorization: basicAuth(accountSid, authToken),
          "content-type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams({
          AccountSid: accountSid,
          KeyType: "restricted",
          Policy: JSON.stringify({ allow: ["/acme/billing/invoices/*"] }),
        }).toString(),
      });
      expect(created.status).toBe(201);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
  });
});
