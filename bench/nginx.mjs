// nginx for the decision bench: the gateway configuration documented in docs/operations.md (the one
// packages/server/test/gateway runs), plus the same upstream proxied without auth, and the upstream
// itself as a third nginx server that answers at once. One process in the foreground (no daemon, no
// master), every path in a temp dir, loopback ports only.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";

/** LATCHKEY_NGINX when set, else /usr/sbin/nginx, else `nginx` on PATH; null when there is none. */
export function findNginx() {
  const explicit = process.env.LATCHKEY_NGINX;
  const candidates =
    explicit !== undefined && explicit !== ""
      ? [explicit]
      : ["/usr/sbin/nginx", ...(process.env.PATH ?? "").split(delimiter).map((dir) => join(dir, "nginx"))];
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not there
    }
  }
  return null;
}

function documentedTemplate() {
  const doc = readFileSync(new URL("../docs/operations.md", import.meta.url), "utf8");
  const marker = doc.indexOf("<!-- gateway-template:nginx");
  const block = marker === -1 ? null : /```nginx\n([\s\S]*?)\n```/.exec(doc.slice(marker));
  if (block?.[1] === undefined) throw new Error("docs/operations.md has no nginx gateway template");
  return block[1];
}

/** @param {string} template @param {Record<string, string>} values */
function render(template, values) {
  const rendered = template.replace(/\$\{([A-Z_][A-Z0-9_]*)\}/g, (whole, name) => values[name] ?? whole);
  if (/\$\{[A-Z_][A-Z0-9_]*\}/.test(rendered)) throw new Error("a template variable has no value");
  return rendered;
}

async function freePort() {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
  server.close();
  await once(server, "close");
  return port;
}

/**
 * @param {{ binary: string, latchkeyPort: number, gatewayToken: string }} options
 * @returns {Promise<{ authPort: number, plainPort: number, pid: number, cpuMicros: () => number, stop: () => Promise<void> }>}
 */
export async function startBenchNginx(options) {
  let lastError;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await startOnce(options);
    } catch (error) {
      lastError = error;
      if (!/Address already in use/.test(String(error))) throw error;
    }
  }
  throw lastError;
}

/** @param {{ binary: string, latchkeyPort: number, gatewayToken: string }} options */
async function startOnce(options) {
  const [authPort, plainPort, upstreamPort] = [await freePort(), await freePort(), await freePort()];
  const dir = mkdtempSync(join(tmpdir(), "latchkey-bench-nginx-"));
  mkdirSync(join(dir, "temp"));
  const gateway = render(documentedTemplate(), {
    GATEWAY_LISTEN: `127.0.0.1:${authPort}`,
    LATCHKEY_ADDR: `127.0.0.1:${options.latchkeyPort}`,
    API_ADDR: `127.0.0.1:${upstreamPort}`,
    LATCHKEY_GATEWAY_TOKEN: options.gatewayToken,
  });
  const conf = `
pid ${join(dir, "nginx.pid")};
error_log ${join(dir, "error.log")} warn;
events { worker_connections 4096; }
http {
    # No access log: both nginx scenarios would pay it alike, and it is not what is measured.
    access_log off;
    # The load generator keeps its connections; nginx's default closes them every 1000 requests.
    keepalive_requests 1000000;
    ${["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((kind) => `${kind}_temp_path ${join(dir, "temp", kind)};`).join("\n    ")}

${gateway}

    # The same upstream, no auth: the baseline for the auth_request server above.
    server {
        listen 127.0.0.1:${plainPort};
        location / {
            proxy_pass http://latchkey_protected_api;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
        }
    }

    # The upstream: answers at once, so the figures show what the gateway adds.
    server {
        listen 127.0.0.1:${upstreamPort};
        keepalive_requests 1000000;
        location / {
            default_type application/json;
            return 200 '{"ok":true}';
        }
    }
}
`;
  const confPath = join(dir, "nginx.conf");
  writeFileSync(confPath, conf);
  let output = "";
  const child = spawn(
    options.binary,
    ["-p", dir, "-c", confPath, "-e", "stderr", "-g", "daemon off; master_process off;"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr.on("data", (chunk) => {
    output += chunk;
  });
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    }
    process.off("exit", killOnExit);
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 10_000;
  while (!(await answers(plainPort))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      let log = output;
      try {
        log += readFileSync(join(dir, "error.log"), "utf8");
      } catch {
        // removed with the dir
      }
      throw new Error(`nginx did not start: ${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const pid = child.pid ?? 0;
  return {
    authPort,
    plainPort,
    pid,
    /** nginx's CPU time (user + system) in microseconds, from /proc (10 ms ticks). */
    cpuMicros() {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      // utime and stime are fields 14 and 15 of the line, 12 and 13 after "pid (comm) ".
      return (Number(fields[11]) + Number(fields[12])) * 10_000;
    },
    stop,
  };
}

/** @param {number} port */
function answers(port) {
  return new Promise((resolve) => {
    const req = request({ host: "127.0.0.1", port, path: "/", agent: false, timeout: 1_000 }, (response) => {
      response.resume();
      resolve(String(response.headers.server ?? "").startsWith("nginx"));
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(false));
    req.end();
  });
}
