/**
 * The README's "Pointing Twilio's SDKs at Latchkey" snippets, run as a reader would run them against a
 * real server over TCP: the JavaScript one with node and the official `twilio` package, the Python one
 * with /usr/bin/python3 and its twilio package. Each prints the key it created; the key must then exist
 * on the server, in the region the snippet's client names.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { KEY_SID } from "../support/route-fixtures.js";
import { useServer } from "../support/use-server.js";
import { type FencedBlock, fencedBlocks } from "./markdown-snippets.js";

const SECTION_HEADING = "## Pointing Twilio's SDKs at Latchkey";
/** The region both snippets' clients name (`region: "…"`): the server serves it, and the keys must exist in it. */
const SNIPPET_REGION = "ie1";
const PYTHON = "/usr/bin/python3";

const run = promisify(execFile);
const REPO = fileURLToPath(new URL("../../../../", import.meta.url));
const SECTION_FILE = join(REPO, "README.md");
// Inside the repo, so that the snippet's `import "twilio"` and `import "@latchkey/sdk"` resolve to the
// repo's node_modules (the workspace link to packages/sdk); git ignores it.
const SCRATCH_ROOT = join(REPO, "node_modules", ".cache", "latchkey-twilio-sdk-snippets");
const SDK_BUILD = join(REPO, "packages", "sdk", "dist", "index.js");

/** The section under SECTION_HEADING, up to the next heading of the same level. */
function section(): string {
  const lines = readFileSync(SECTION_FILE, "utf8").split("\n");
  const start = lines.findIndex((line) => line.trim() === SECTION_HEADING);
  if (start === -1) throw new Error(`${SECTION_FILE} has no heading ${JSON.stringify(SECTION_HEADING)}`);
  const end = lines.findIndex((line, index) => index > start && /^## /.test(line));
  return lines.slice(start, end === -1 ? undefined : end).join("\n");
}

function onlyBlock(lang: string): FencedBlock {
  const blocks = fencedBlocks(section()).filter((block) => block.lang === lang);
  expect(blocks, `the section should hold exactly one ${lang} block`).toHaveLength(1);
  const [block] = blocks;
  if (block === undefined) throw new Error(`no ${lang} block`);
  return block;
}

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

function scratchFile(name: string, text: string): string {
  mkdirSync(SCRATCH_ROOT, { recursive: true });
  const dir = mkdtempSync(join(SCRATCH_ROOT, "run-"));
  scratch.push(dir);
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe("README's Twilio SDK snippets on a real server", () => {
  const { server } = useServer({ regions: ["us1", SNIPPET_REGION] });

  /** What the snippets read from the environment, and nothing else but PATH. */
  const snippetEnv = () => ({
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    LATCHKEY_URL: server.url,
    TWILIO_ACCOUNT_SID: server.accountSid,
    TWILIO_AUTH_TOKEN: server.authTokens[SNIPPET_REGION] ?? "",
  });

  /** The key as the server reports it in SNIPPET_REGION, read past any SDK. */
  const keyOnServer = (sid: string) =>
    server.request("GET", `/2010-04-01/Accounts/${server.accountSid}/Keys/${sid}.json`, {
      host: `api.${SNIPPET_REGION}.twilio.com`,
      auth: { user: server.accountSid, password: server.authTokens[SNIPPET_REGION] ?? "" },
    });

  /** A key made in another region than the default one exists there only: the snippet's Host reached Latchkey. */
  const expectOnlyInSnippetRegion = async (sid: string) => {
    const inDefault = await server.request("GET", `/2010-04-01/Accounts/${server.accountSid}/Keys/${sid}.json`, {
      auth: { user: server.accountSid, password: server.authToken },
    });
    expect(inDefault.status).toBe(404);
  };

  it("runs the js snippet with node and the twilio package, creating the key it prints", async () => {
    const snippet = onlyBlock("js").text;
    expect(snippet).toContain(`region: "${SNIPPET_REGION}"`);
    expect(
      existsSync(SDK_BUILD) && readFileSync(SDK_BUILD, "utf8").includes("latchkeyHttpClient"),
      `${SDK_BUILD} does not export latchkeyHttpClient: run \`npm run build\` first`,
    ).toBe(true);

    const { stdout } = await run(process.execPath, [scratchFile("snippet.mjs", snippet)], {
      env: snippetEnv(),
      timeout: 20_000,
    });

    const printed = JSON.parse(stdout.trim());
    expect(printed).toEqual({ sid: expect.stringMatching(KEY_SID), friendlyName: "node snippet" });
    const stored = await keyOnServer(printed.sid);
    expect(stored.status).toBe(200);
    expect(stored.json).toMatchObject({ sid: printed.sid, friendly_name: "node snippet" });
    await expectOnlyInSnippetRegion(printed.sid);
  });

  it("runs the python snippet with /usr/bin/python3 and its twilio package, creating the key it prints", async () => {
    const snippet = onlyBlock("python").text;
    expect(snippet).toContain(`region="${SNIPPET_REGION}"`);

    const { stdout } = await run(PYTHON, [scratchFile("snippet.py", snippet)], { env: snippetEnv(), timeout: 20_000 });

    const printed = JSON.parse(stdout.trim());
    expect(printed).toEqual({ sid: expect.stringMatching(KEY_SID), friendly_name: "python snippet" });
    const stored = await keyOnServer(printed.sid);
    expect(stored.status).toBe(200);
    expect(stored.json).toMatchObject({ sid: printed.sid, friendly_name: "python snippet" });
    await expectOnlyInSnippetRegion(printed.sid);
  });
});
