import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/test-server.js";
import { expectConsoleError, expectConsoleHeaders } from "./console-fixtures.js";

const INDEX =
  '<!doctype html><html><head><script type="module" src="/console/assets/app-abc123.js"></script></head></html>';
const OUTSIDE = "OUTSIDE-THE-BUILD-4711";
const SCRIPT = 'console.log("latchkey");';

describe("the built console under /console", () => {
  let distDir: string;
  let server: TestServer;
  beforeAll(async () => {
    distDir = mkdtempSync(join(tmpdir(), "latchkey-console-dist-"));
    mkdirSync(join(distDir, "assets", "fonts"), { recursive: true });
    writeFileSync(join(distDir, "index.html"), INDEX);
    writeFileSync(join(distDir, "favicon.svg"), "<svg/>");
    writeFileSync(join(distDir, "assets", "app-abc123.js"), SCRIPT);
    writeFileSync(join(distDir, "assets", "app-abc123.css"), "body{}");
    writeFileSync(join(distDir, "assets", "fonts", "inter-1.woff2"), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
    writeFileSync(join(tmpdir(), "latchkey-outside-dist.txt"), OUTSIDE);
    server = await startTestServer({ console: { idleTimeoutMs: 60_000, maxSessionMs: 120_000, distDir } });
  });
  afterAll(async () => {
    await server.close();
    rmSync(distDir, { recursive: true, force: true });
  });

  it("redirects /console to /console/ (308), and / and /ui to /console/ (302)", async () => {
    for (const [path, status] of [
      ["/console", 308],
      ["/", 302],
      ["/ui", 302],
    ] as const) {
      const response = await fetch(`${server.url}${path}`, { redirect: "manual" });
      expect({ path, status: response.status, location: response.headers.get("location") }).toEqual({
        path,
        status,
        location: "/console/",
      });
    }
  });

  it("serves index.html with no-cache for /console/ and every app path, with the security headers", async () => {
    for (const path of ["/console/", "/console/keys", "/console/keys/SK123?tab=permissions", "/console/sign-in"]) {
      const response = await server.request("GET", path);
      expect({ path, status: response.status, text: response.text }).toEqual({ path, status: 200, text: INDEX });
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(response.headers.get("cache-control")).toBe("no-cache");
      expectConsoleHeaders(response);
    }
  });

  it("serves hashed assets for a year with their content types", async () => {
    for (const [path, type, body] of [
      ["/console/assets/app-abc123.js", "text/javascript; charset=utf-8", SCRIPT],
      ["/console/assets/app-abc123.css", "text/css; charset=utf-8", "body{}"],
      ["/console/assets/fonts/inter-1.woff2", "font/woff2", "wOF2"],
    ] as const) {
      const response = await server.request("GET", path);
      expect({ status: response.status, type: response.headers.get("content-type"), body: response.text }).toEqual({
        status: 200,
        type,
        body,
      });
      expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expectConsoleHeaders(response);
    }
    const favicon = await server.request("GET", "/console/favicon.svg");
    expect({ type: favicon.headers.get("content-type"), cache: favicon.headers.get("cache-control") }).toEqual({
      type: "image/svg+xml",
      cache: "no-cache",
    });
  });

  it("answers 404 for an unknown asset and for encoded names that try to leave the build", async () => {
    for (const path of [
      "/console/assets/app-missing.js",
      "/console/assets/..%2F..%2Flatchkey-outside-dist.txt",
      "/console/assets/fonts%2Finter-1.woff2",
    ]) {
      const response = await server.request("GET", path);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
      expect(response.text).not.toContain(OUTSIDE);
      expectConsoleError(response, 404, 20404);
      expectConsoleHeaders(response);
    }
    // fetch resolves `..` itself: what arrives is /console/index.html, an app path, so the page.
    const dotted = await server.request("GET", "/console/assets/../index.html");
    expect({ status: dotted.status, text: dotted.text }).toEqual({ status: 200, text: INDEX });
  });

  it("serves the console whatever region the Host names", async () => {
    const response = await server.request("GET", "/console/", { host: "api.dublin.ie9.twilio.com" });
    expect(response.status).toBe(200);
    expect(response.text).toBe(INDEX);
    const api = await server.request("GET", "/console/api/session", { host: "api.dublin.ie9.twilio.com" });
    expectConsoleError(api, 401, 20003, "Sign in to use the console");
    // The REST APIs still refuse that Host.
    expect((await server.request("GET", "/v1/Keys", { host: "api.dublin.ie9.twilio.com" })).status).toBe(404);
  });
});

describe("a console that was not built", () => {
  let server: TestServer;
  let distDir: string;
  beforeAll(async () => {
    distDir = mkdtempSync(join(tmpdir(), "latchkey-console-empty-"));
    server = await startTestServer({
      console: { idleTimeoutMs: 60_000, maxSessionMs: 120_000, distDir: join(distDir, "missing") },
    });
  });
  afterAll(async () => {
    await server.close();
    rmSync(distDir, { recursive: true, force: true });
  });

  it("starts, answers its pages with 503 saying how to build it, and still serves its API", async () => {
    const page = await server.request("GET", "/console/");
    expectConsoleError(page, 503, 20503, "The console is not built: run npm run build");
    expectConsoleHeaders(page);
    expect((await server.request("GET", "/console/api/session")).status).toBe(401);
    expect((await server.request("GET", "/console/assets/app.js")).status).toBe(404);
  });
});
