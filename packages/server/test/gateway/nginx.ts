/**
 * A real nginx for gateway tests: the configuration is written to a temp dir, nginx runs in the
 * foreground as a child process (one process, no daemon, every path inside the temp dir) on a free
 * port of 127.0.0.1, and is stopped and cleaned up by `stop()`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";

const OPERATIONS_DOC = new URL("../../../../docs/operations.md", import.meta.url);
const TEMPLATE_MARKER = "<!-- gateway-template:nginx";

/**
 * The nginx binary: LATCHKEY_NGINX when set (and only it), else /usr/sbin/nginx (Debian), else the
 * first `nginx` on PATH; null when there is none.
 */
export function findNginx(): string | null {
  const explicit = process.env.LATCHKEY_NGINX;
  const candidates =
    explicit !== undefined && explicit !== ""
      ? [explicit]
      : ["/usr/sbin/nginx", ...(process.env.PATH ?? "").split(delimiter).map((dir) => join(dir, "nginx"))];
  for (const candidate of candidates) {
    if (candidate === "nginx") continue;
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not there, or not executable
    }
  }
  return null;
}

/** The nginx gateway configuration documented in docs/operations.md, so the documented one is the tested one. */
export function documentedGatewayTemplate(): string {
  const doc = readFileSync(OPERATIONS_DOC, "utf8");
  const marker = doc.indexOf(TEMPLATE_MARKER);
  if (marker === -1) throw new Error(`docs/operations.md has no "${TEMPLATE_MARKER}" marker before the nginx template`);
  const block = /```nginx\n([\s\S]*?)\n```/.exec(doc.slice(marker));
  if (block?.[1] === undefined) throw new Error("docs/operations.md has no ```nginx block after the template marker");
  return block[1];
}

/** envsubst for the named variables only, like `envsubst '${A} ${B}'`; nginx's own `$vars` stay. */
export function renderTemplate(template: string, values: Readonly<Record<string, string>>): string {
  const rendered = template.replace(/\$\{([A-Z_][A-Z0-9_]*)\}/g, (whole, name: string) => values[name] ?? whole);
  const left = /\$\{[A-Z_][A-Z0-9_]*\}/.exec(rendered);
  if (left !== null) throw new Error(`template variable ${left[0]} has no value`);
  return rendered;
}

/** A TCP port of 127.0.0.1 that was free a moment ago (nginx cannot report an ephemeral port). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  await once(server, "close");
  if (typeof address !== "object" || address === null) throw new Error("no TCP address");
  return address.port;
}

export interface RunningNginx {
  readonly port: number;
  readonly url: string;
  readonly dir: string;
  /** nginx's error log so far, for diagnosing a failing test. */
  errorLog(): string;
  stop(): Promise<void>;
}

export interface NginxOptions {
  readonly binary: string;
  /** The server's configuration inside `http { }`, given the port nginx must listen on. */
  readonly httpConfig: (port: number) => string;
  /** Extra main-context directives, e.g. `worker_processes 1;`. */
  readonly mainConfig?: string;
  /** Directives given with -g; the default keeps nginx in the foreground in a single process. */
  readonly globals?: string;
  readonly startTimeoutMs?: number;
}

/** Starts nginx on a free port of 127.0.0.1, retrying with another port if that one was taken meanwhile. */
export async function startNginx(options: NginxOptions): Promise<RunningNginx> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await startOnce(options, await freePort());
    } catch (error) {
      lastError = error;
      if (!(error instanceof PortTakenError)) throw error;
    }
  }
  throw lastError;
}

class PortTakenError extends Error {}

async function startOnce(options: NginxOptions, port: number): Promise<RunningNginx> {
  const dir = mkdtempSync(join(tmpdir(), "latchkey-nginx-"));
  const tempDir = join(dir, "temp");
  mkdirSync(tempDir);
  const errorLogPath = join(dir, "error.log");
  const confPath = join(dir, "nginx.conf");
  writeFileSync(
    confPath,
    [
      `pid ${join(dir, "nginx.pid")};`,
      `error_log ${errorLogPath} info;`,
      options.mainConfig ?? "",
      "events {",
      "    worker_connections 1024;",
      "}",
      "http {",
      `    access_log ${join(dir, "access.log")};`,
      ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map(
        (kind) => `    ${kind}_temp_path ${join(tempDir, kind)};`,
      ),
      options.httpConfig(port),
      "}",
      "",
    ].join("\n"),
  );
  const errorLog = () => (existsSync(errorLogPath) ? readFileSync(errorLogPath, "utf8") : "");
  let output = "";
  // -e: messages from before the configuration is read go to stderr, not to a system log file.
  const child = spawn(
    options.binary,
    ["-p", dir, "-c", confPath, "-e", "stderr", "-g", options.globals ?? "daemon off; master_process off;"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const cleanUp = () => {
    process.off("exit", killOnExit);
    rmSync(dir, { recursive: true, force: true });
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    }
    cleanUp();
  };

  try {
    await waitUntilAnswering(child, port, options.startTimeoutMs ?? 10_000);
  } catch (error) {
    const log = `${output}${errorLog()}`;
    await stop();
    if (/Address already in use/.test(log)) throw new PortTakenError(`port ${port} was taken`);
    throw new Error(`nginx did not start: ${(error as Error).message}\n${log}`);
  }
  return { port, url: `http://127.0.0.1:${port}`, dir, errorLog, stop };
}

/** Until nginx itself answers an HTTP request on the port (the Server header says so), or exits. */
async function waitUntilAnswering(child: ChildProcess, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const exited = new Promise<never>((_, reject) => {
    child.once("exit", (code, signal) => reject(new Error(`nginx exited (${signal ?? code}) before it answered`)));
    child.once("error", reject);
  });
  exited.catch(() => {});
  while (Date.now() < deadline) {
    const server = await Promise.race([probe(port), exited]);
    if (server?.startsWith("nginx")) return;
    await Promise.race([new Promise((resolve) => setTimeout(resolve, 25)), exited]);
  }
  throw new Error(`nginx did not answer on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

/** The Server header of an answer on the port, or null when nothing answers. */
function probe(port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const req = request({ host: "127.0.0.1", port, path: "/", agent: false, timeout: 1_000 }, (response) => {
      response.resume();
      resolve(String(response.headers.server ?? ""));
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(null));
    req.end();
  });
}
