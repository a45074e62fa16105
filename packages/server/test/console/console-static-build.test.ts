/**
 * The real console build (`npm run build -w @latchkey/console`) as the server serves it: the page and every
 * asset it references, with their caching and content types, and requests whose raw path tries to climb out
 * of the build sent byte for byte (fetch would resolve the `..` itself).
 */
import { readdirSync, readFileSync } from "node:fs";
import { request } from "node:http";
import { extname, join } from "node:path";
import { consoleDistDir } from "@latchkey/console/dist-dir";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/test-server.js";
import { CSP, expectConsoleError, expectConsoleHeaders } from "./console-fixtures.js";

const TYPES: Readonly<Record<string, string>> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".woff2": "font/woff2",
  ".png": "image/png",
};

/** A GET whose path is sent exactly as given: no URL parsing, so `..` and `%2e` arrive unresolved. */
function rawGet(server: TestServer, path: string): Promise<{ status: number; headers: Headers; text: string }> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const outgoing = request({ hostname, port, path, method: "GET" }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
      incoming.on("end", () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(incoming.headers)) {
          for (const item of Array.isArray(value) ? value : [value ?? ""]) headers.append(name, item);
        }
        resolve({ status: incoming.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString("utf8") });
      });
      incoming.on("error", reject);
    });
    outgoing.on("error", reject);
    outgoing.end();
  });
}

describe("the real console build", () => {
  let server: TestServer;
  let index: string;
  let assets: string[];
  beforeAll(async () => {
    index = readFileSync(join(consoleDistDir, "index.html"), "utf8");
    assets = readdirSync(join(consoleDistDir, "assets"), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name).slice(join(consoleDistDir, "assets").length + 1));
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it("serves the built index.html for /console/ and app paths: no-cache, the exact CSP and security headers", async () => {
    for (const path of ["/console/", `/console/keys/SK${"a".repeat(32)}`, "/console/subaccounts"]) {
      const response = await server.request("GET", path);
      expect({ path, status: response.status, same: response.text === index }).toEqual({
        path,
        status: 200,
        same: true,
      });
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(response.headers.get("cache-control")).toBe("no-cache");
      expect(response.headers.get("content-security-policy")).toBe(CSP);
      expectConsoleHeaders(response);
    }
  });

  it("serves every asset the page references, and every built asset, for a year with its content type", async () => {
    const referenced = [...index.matchAll(/(?:src|href)="\/console\/assets\/([^"]+)"/g)].map((match) => match[1]);
    expect(referenced.length).toBeGreaterThanOrEqual(2);
    expect(assets).toEqual(expect.arrayContaining(referenced));
    for (const name of assets) {
      const response = await rawGet(server, `/console/assets/${name}`);
      const type = TYPES[extname(name)] ?? "application/octet-stream";
      expect({ name, status: response.status, type: response.headers.get("content-type") }).toEqual({
        name,
        status: 200,
        type,
      });
      expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.text).toBe(readFileSync(join(consoleDistDir, "assets", name), "utf8"));
    }
  });

  it("answers an unknown asset with a Twilio JSON 404", async () => {
    const response = await server.request("GET", "/console/assets/index-00000000.js");
    expectConsoleError(response, 404, 20404);
    expectConsoleHeaders(response);
  });

  it("never serves a file from outside the build, whatever the raw path", async () => {
    const packageJson = readFileSync(join(consoleDistDir, "..", "package.json"), "utf8");
    const outside = [packageJson, readFileSync(join(consoleDistDir, "..", "..", "..", "package.json"), "utf8")];
    const climbs = [
      "/console/assets/../../package.json",
      "/console/assets/../package.json",
      "/console/assets/%2e%2e/%2e%2e/package.json",
      "/console/assets/%2E%2E%2F%2E%2E%2Fpackage.json",
      "/console/assets/..%2f..%2fpackage.json",
      "/console/assets/..%5c..%5cpackage.json",
      "/console/assets/....//....//package.json",
      "/console/assets/%252e%252e/package.json",
      "/console/assets//etc/passwd",
      "/console/assets/%00.js",
    ];
    for (const path of climbs) {
      const response = await rawGet(server, path);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
      expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
      for (const file of outside) expect(response.text.includes(file)).toBe(false);
    }
    // Outside assets/ an unknown path is the app's own route: the page, never the file it names.
    for (const path of [
      "/console/../package.json",
      "/console/%2e%2e/package.json",
      "/console/..%2f..%2fpackage.json",
    ]) {
      const response = await rawGet(server, path);
      expect({ path, ok: response.status === 200 ? response.text === index : response.status === 404 }).toEqual({
        path,
        ok: true,
      });
      for (const file of outside) expect(response.text.includes(file)).toBe(false);
    }
  });

  it("answers unknown console API paths with JSON, never the page", async () => {
    for (const path of ["/console/api/unknown", "/console/api/regions/us1/nothing", "/console/api/"]) {
      const response = await server.request("GET", path);
      expectConsoleError(response, 404, 20404);
      expect(response.text).not.toContain("<html");
    }
  });
});
