/**
 * The README's snippets, run as a reader would run them: its curl commands with the real `curl` over TCP
 * against a real server, in order, each later line using the SIDs earlier answers gave; its TypeScript SDK
 * example transpiled and run with node; and its configuration table held to what config.ts reads.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN } from "../support/test-server.js";
import { useServer } from "../support/use-server.js";
import { curlRequest, fencedBlocks, type ShellCommand, shellCommands, tableColumn } from "./markdown-snippets.js";

const run = promisify(execFile);
const REPO = fileURLToPath(new URL("../../../../", import.meta.url));
const README = readFileSync(join(REPO, "README.md"), "utf8");
// Inside the repo, so that `import "twilio"` in a snippet resolves to the repo's node_modules; git ignores it.
const SCRATCH_ROOT = join(REPO, "node_modules", ".cache", "latchkey-readme");

/**
 * Every curl command of the README's sh blocks, in order, with the status it must get. A README command
 * missing here (or a row here the README lost) fails the first test, so a new snippet is a tested snippet.
 */
const CURL_EXPECTATIONS: readonly { readonly request: string; readonly status: number; readonly body?: object }[] = [
  { request: "POST /v1/Keys", status: 201, body: { policy: null } },
  { request: "POST /v1/Keys", status: 201 },
  { request: "GET /v1/Keys", status: 200 },
  { request: "GET /v1/Keys/$SK", status: 200 },
  { request: "POST /v1/Keys/$RK", status: 200, body: { friendly_name: "renamed" } },
  { request: "DELETE /v1/Keys/$SK", status: 204 },
  { request: "POST /2010-04-01/Accounts/$AC/Keys.json", status: 201 },
  { request: "GET /2010-04-01/Accounts/$AC/Keys.json", status: 200 },
  { request: "GET /2010-04-01/Accounts/$AC/Keys/$KEY.json", status: 200 },
  { request: "POST /2010-04-01/Accounts/$AC/Keys/$KEY.json", status: 200 },
  { request: "DELETE /2010-04-01/Accounts/$AC/Keys/$KEY.json", status: 204 },
  { request: "POST /2010-04-01/Accounts/$AC/SigningKeys.json", status: 201 },
  { request: "GET /2010-04-01/Accounts/$AC/SigningKeys.json", status: 200 },
  { request: "GET /2010-04-01/Accounts/$AC/SigningKeys/$SIGNING_KEY.json", status: 200 },
  { request: "POST /2010-04-01/Accounts/$AC/SigningKeys/$SIGNING_KEY.json", status: 200 },
  { request: "DELETE /2010-04-01/Accounts/$AC/SigningKeys/$SIGNING_KEY.json", status: 204 },
  { request: "POST /2010-04-01/Accounts.json", status: 201 },
  { request: "GET /2010-04-01/Accounts.json", status: 200 },
  { request: "GET /2010-04-01/Accounts/$SUB.json", status: 200 },
  { request: "POST /2010-04-01/Accounts/$SUB.json", status: 200, body: { status: "suspended" } },
  { request: "POST /v1/AuthTokens/Secondary", status: 201 },
  { request: "POST /v1/AuthTokens/Promote", status: 200 },
  { request: "POST /v1/AuthTokens/Secondary", status: 201 },
  { request: "DELETE /v1/AuthTokens/Secondary", status: 204 },
  { request: "GET /v1/Keys/$RK", status: 200 },
  {
    request: "POST /v1/Authorize",
    status: 200,
    // What the README's comment under this command says the answer is.
    body: {
      allowed: false,
      credential_type: "restricted",
      permission: null,
      missing_permission: "/twilio/messaging/messages/create",
      reason: "permission_denied",
      error: {
        code: 70051,
        message: "Authorization Failed: the API key lacks the permission '/twilio/messaging/messages/create'",
      },
    },
  },
  // Regions: the README's server serves us1 and ie1.
  { request: "POST /v1/Keys", status: 201, body: { friendly_name: "dublin" } },
  { request: "GET /v1/Keys/$IE1_KEY", status: 200, body: { friendly_name: "dublin" } },
  { request: "GET /v1/Keys/$IE1_KEY", status: 401, body: { code: 20003 } },
  {
    request: "GET /2010-04-01/Accounts.json",
    status: 404,
    body: { code: 20404, message: "The region jp1 is not served by this Latchkey deployment (it serves us1, ie1)" },
  },
];

function readmeCurlCommands(): ShellCommand[] {
  return fencedBlocks(README)
    .filter((block) => block.lang === "sh")
    .flatMap(shellCommands)
    .filter((command) => command.code.startsWith("curl "));
}

interface CurlResult {
  readonly exitCode: number;
  readonly status: number;
  readonly body: string;
  readonly stderr: string;
}

/** Runs one README command in bash with only `variables` (and PATH) set; curl writes the body to a file. */
async function runCurl(command: ShellCommand, variables: Record<string, string>, bodyFile: string) {
  // The reader's command, unchanged but for curl's own reporting: silent, errors shown, status on stdout.
  const script = command.code.replace(/^curl /, `curl -sS --max-time 10 -o "$README_BODY" -w '%{http_code}' `);
  rmSync(bodyFile, { force: true });
  try {
    const { stdout, stderr } = await run("bash", ["-c", script], {
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", README_BODY: bodyFile, ...variables },
    });
    return { exitCode: 0, status: Number(stdout), body: readBody(bodyFile), stderr } satisfies CurlResult;
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { exitCode: failed.code ?? -1, status: Number(failed.stdout), body: "", stderr: failed.stderr ?? "" };
  }
}

function readBody(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return ""; // a 204 writes no file
  }
}

/** The one ts block that uses the official client. */
function readmeSdkExample(): string {
  const blocks = fencedBlocks(README).filter((block) => block.lang === "ts" && block.text.includes('from "twilio"'));
  expect(blocks).toHaveLength(1);
  return blocks[0]?.text ?? "";
}

function scratchDir(): string {
  mkdirSync(SCRATCH_ROOT, { recursive: true });
  return mkdtempSync(join(SCRATCH_ROOT, "run-"));
}

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe("README.md's snippets on a real server", () => {
  const { server, owner } = useServer({ regions: ["us1", "ie1"] });

  it("runs every curl command with curl against a real server, each getting its documented status", async () => {
    const dir = scratchDir();
    scratch.push(dir);
    const bodyFile = join(dir, "body.json");
    // What "Using the API with curl" and "Authorization for real traffic" tell the reader to set.
    const variables: Record<string, string> = {
      LK: server.url,
      AC: server.accountSid,
      TOKEN: server.authToken,
      IE1_TOKEN: server.authTokens.ie1 ?? "",
      GATEWAY_TOKEN,
    };
    const commands = readmeCurlCommands();
    for (const [index, command] of commands.entries()) {
      const expected = CURL_EXPECTATIONS[index];
      const where = `README.md line ${command.line}: ${command.text}`;
      expect(expected, `${where}\nhas no row in CURL_EXPECTATIONS`).toBeDefined();
      const undefinedNames = command.uses.filter((name) => variables[name] === undefined);
      expect(undefinedNames, `${where}\nuses variables no earlier snippet or sentence defines`).toEqual([]);

      const result = await runCurl(command, variables, bodyFile);
      expect(result.exitCode, `${where}\ncurl failed: ${result.stderr}`).toBe(0);
      expect(result.status, `${where}\nanswered ${result.body}`).toBe(expected?.status);
      const json = result.body === "" ? undefined : JSON.parse(result.body);
      if (expected?.body !== undefined) expect(json, where).toMatchObject(expected.body);
      for (const { field, variable } of command.binds) {
        const value = json?.[field];
        expect(typeof value, `${where}\nhas no "${field}" to keep as $${variable}`).toBe("string");
        variables[variable] = value;
      }
    }
    // Afterwards the account is as the comments say: $RK renamed with the policy the update sent, $SK
    // deleted, and $NEW_TOKEN the Auth Token in place of $TOKEN.
    const rotated = { user: server.accountSid, password: variables.NEW_TOKEN ?? "" };
    const restricted = await server.request("GET", `/v1/Keys/${variables.RK}`, { auth: rotated });
    expect(restricted.json).toMatchObject({
      friendly_name: "renamed",
      policy: {
        allow: ["/twilio/messaging/messages/read", "/twilio/iam/api-keys/read", "/twilio/iam/api-keys/list"],
      },
    });
    expect((await server.request("GET", `/v1/Keys/${variables.SK}`, { auth: rotated })).status).toBe(404);
    expect((await server.request("GET", `/v1/Keys?AccountSid=${server.accountSid}`, { auth: owner })).status).toBe(401);
  });

  it("runs the TypeScript SDK example with the twilio client, printing the account's key SIDs", async () => {
    const { outputText } = ts.transpileModule(readmeSdkExample(), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      fileName: "readme-sdk.ts",
    });
    const dir = scratchDir();
    scratch.push(dir);
    const file = join(dir, "readme-sdk.mjs");
    writeFileSync(file, outputText);
    // The README's KEY_SID: a Main key of ie1, the region the example's client names, since creating and
    // listing keys is key management.
    const main = await server.createMainKey("readme", "ie1");

    const { stdout } = await run(process.execPath, [file], {
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        KEY_SID: main.sid,
        KEY_SECRET: main.secret,
        ACCOUNT_SID: server.accountSid,
        LATCHKEY_URL: server.url,
      },
      timeout: 20_000,
    });

    const inIe1 = { user: server.accountSid, password: server.authTokens.ie1 ?? "" };
    const listed = await server.request("GET", `/v1/Keys?AccountSid=${server.accountSid}`, {
      auth: inIe1,
      host: "iam.ie1.twilio.com",
    });
    const keys = listed.json.keys as { sid: string; friendly_name: string }[];
    expect(keys.map((key) => key.friendly_name).sort()).toEqual(["ci", "readme"]);
    expect(stdout.trim().split("\n").sort()).toEqual(keys.map((key) => key.sid).sort());
    // Made in ie1, the keys exist there only.
    const inUs1 = await server.request("GET", `/v1/Keys?AccountSid=${server.accountSid}`, { auth: owner });
    expect(inUs1.json.keys).toEqual([]);
  });
});

describe("README.md's snippets as written", () => {
  it("lists exactly the curl commands this test expects, in order", () => {
    expect(readmeCurlCommands().map(curlRequest)).toEqual(CURL_EXPECTATIONS.map((expected) => expected.request));
  });

  it("type-checks the TypeScript SDK example against the twilio client's types, in strict mode", () => {
    const dir = scratchDir();
    scratch.push(dir);
    const file = join(dir, "readme-sdk.ts");
    writeFileSync(file, readmeSdkExample());
    // A reader's usual setup for a script with top-level await; the types come from the repo's node_modules.
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      lib: ["lib.es2023.d.ts"],
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      types: ["node"],
      typeRoots: [join(REPO, "node_modules", "@types")],
    });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
    expect(diagnostics).toEqual([]);
  });

  it("names in its configuration table exactly the environment variables config.ts reads", () => {
    const documented = tableColumn(README, "## Configuration", "Environment").flatMap((cell) =>
      [...cell.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((match) => match[1] ?? ""),
    );
    const config = readFileSync(join(REPO, "packages/server/src/config.ts"), "utf8");
    // `env.NAME`, `env["NAME"]`, and helpers called as `integer(env, "NAME", …)`.
    const read = [
      ...config.matchAll(/\benv(?:\.([A-Z][A-Z0-9_]*)|\[\s*"([A-Z][A-Z0-9_]*)"\s*\]|\s*,\s*"([A-Z][A-Z0-9_]*)")/g),
    ].map((match) => match[1] ?? match[2] ?? match[3] ?? "");
    expect(documented.length).toBeGreaterThan(5);
    const undocumented = [...new Set(read)].filter((name) => !documented.includes(name));
    const unread = [...new Set(documented)].filter((name) => !read.includes(name));
    expect(undocumented, "config.ts reads these, the README's table does not name them").toEqual([]);
    expect(unread, "the README's table names these, config.ts does not read them").toEqual([]);
  });
});
