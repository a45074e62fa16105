/**
 * Screenshots of the console's main screens for the README, taken from the real server: the built
 * `latchkey serve` on a throwaway data dir (deleted afterwards, so no secret in a picture is worth
 * anything), driven by Debian's Chromium through playwright-core, as the end-to-end tests do.
 *
 *   npm run build && node packages/console/scripts/take-screenshots.mjs [output dir]
 *
 * Writes sign-in.png, api-keys.png, create-key.png, secret-once.png, key-page.png, auth-tokens.png,
 * subaccounts.png and phone.png to docs/console/ (or the directory given).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "./chromium.mjs";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const LATCHKEY_BIN = join(ROOT, "packages/cli/bin/latchkey.js");
const BUILT = [join(ROOT, "packages/cli/dist/main.js"), join(ROOT, "packages/console/dist/index.html")];
const OUT_DIR = resolve(process.argv[2] ?? join(ROOT, "docs/console"));
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const OWNER_PASSWORD = "screenshots only, thrown away";

const STANDARD_KEYS = ["Billing service", "CI pipeline", "Support dashboard", "Data warehouse sync"];
const RESTRICTED_KEYS = [
  {
    name: "SMS notifier",
    permissions: [
      "/twilio/messaging/messages/create",
      "/twilio/messaging/messages/read",
      "/twilio/messaging/messages/list",
    ],
  },
  { name: "Key auditor", permissions: ["/twilio/iam/api-keys/list", "/twilio/iam/api-keys/read"] },
];

/** `latchkey serve` on a fresh data dir and a free port; resolves once the first-start banner is read. */
function startServer(dataDir) {
  const child = spawn(
    process.execPath,
    [LATCHKEY_BIN, "serve", "--data", dataDir, "--port", "0", "--host", "127.0.0.1", "--regions", "us1,ie1"],
    {
      env: {
        ...process.env,
        LATCHKEY_MASTER_KEY: "",
        LATCHKEY_MASTER_KEY_FILE: "",
        LATCHKEY_REGIONS: "",
        LATCHKEY_OWNER_EMAIL: "",
        LATCHKEY_CONSOLE_IDLE_MINUTES: "",
        LOG_LEVEL: "warn",
      },
    },
  );
  let stdout = "";
  let stderr = "";
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner within 30 s\n${stdout}\n${stderr}`)), 30_000);
    const check = () => {
      const url = /listening on (http:\/\/\S+)/.exec(stderr)?.[1];
      if (url === undefined || !stdout.includes("\nTry it:\n")) return;
      clearTimeout(timer);
      const oneTimePassword = /^ {2}One-time password: +(\S+)$/m.exec(stdout)?.[1];
      const email = /^ {2}Console email: +(\S+)$/m.exec(stdout)?.[1];
      if (oneTimePassword === undefined || email === undefined) {
        reject(new Error(`the banner lacks the console user:\n${stdout}`));
        return;
      }
      resolvePromise({ child, url, email, oneTimePassword });
    };
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      check();
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
      check();
    });
    child.once("close", () => reject(new Error(`serve exited\n${stdout}\n${stderr}`)));
  });
}

/** A console API call from the signed-in page itself (cookie and CSRF token as the app sends them). */
function consoleApi(page, method, path, body) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const session = await (await fetch("/console/api/session")).json();
      const answer = await fetch(`/console/api${path}`, {
        method,
        headers: { "Content-Type": "application/json", "X-CSRF-Token": session.csrf_token },
        body: JSON.stringify(body),
      });
      if (!answer.ok) throw new Error(`${method} ${path}: ${answer.status} ${await answer.text()}`);
      return answer.status === 204 ? null : answer.json();
    },
    { method, path, body },
  );
}

async function shoot(page, name, options = {}) {
  const path = join(OUT_DIR, name);
  // No hover highlight where the last click left the pointer; the caret blinks and Blueprint animates
  // focus rings and dialogs: settle before the picture.
  await page.mouse.move(0, 0);
  await page.waitForTimeout(250);
  await page.screenshot({ path, animations: "disabled", caret: "hide", ...options });
  console.log(`wrote ${path}`);
}

async function signIn(page, consoleUrl, email, password) {
  await page.goto(`${consoleUrl}/`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function main() {
  for (const file of BUILT) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
  }
  mkdirSync(OUT_DIR, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), "latchkey-screenshots-"));
  const server = await startServer(dataDir);
  const consoleUrl = `${server.url}/console`;
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: DESKTOP, deviceScaleFactor: 1 });
    const page = await context.newPage();

    await page.goto(`${consoleUrl}/`);
    await page.getByLabel("Email").fill(server.email);
    await shoot(page, "sign-in.png");

    await signIn(page, consoleUrl, server.email, server.oneTimePassword);
    await page.getByLabel("One-time password").fill(server.oneTimePassword);
    await page.getByLabel("New password", { exact: true }).fill(OWNER_PASSWORD);
    await page.getByLabel("Confirm new password").fill(OWNER_PASSWORD);
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByRole("heading", { name: "API keys & auth tokens" }).waitFor();

    // The list's background: keys made through the console API, exactly as the form would make them.
    for (const name of STANDARD_KEYS) {
      await consoleApi(page, "POST", "/regions/us1/keys", { friendly_name: name, type: "standard" });
    }
    for (const key of RESTRICTED_KEYS) {
      await consoleApi(page, "POST", "/regions/us1/keys", {
        friendly_name: key.name,
        type: "restricted",
        permissions: key.permissions,
      });
    }
    await consoleApi(page, "POST", "/regions/us1/keys", { friendly_name: "Deploy bot", type: "main" });
    await page.reload();
    await page.getByRole("table", { name: "API keys in us1" }).waitFor();
    await shoot(page, "api-keys.png");

    await page.getByRole("button", { name: "Create API key" }).click();
    const form = page.getByRole("form", { name: "Create API key" });
    await form.getByRole("textbox", { name: "Friendly name" }).fill("Order status webhook");
    await form.getByRole("radio", { name: "Restricted", exact: true }).check();
    const search = page.getByRole("searchbox", { name: "Search permissions" });
    for (const permission of ["/twilio/messaging/messages/create", "/twilio/messaging/messages/read"]) {
      await search.fill(permission);
      await page.getByRole("checkbox", { name: permission, exact: true }).check();
    }
    await search.fill("messages/");
    await page.getByRole("checkbox", { name: "/twilio/messaging/messages/list", exact: true }).waitFor();
    await shoot(page, "create-key.png", { fullPage: true });

    await form.getByRole("button", { name: "Next" }).click();
    await page.getByRole("textbox", { name: "Secret" }).waitFor();
    await page.getByRole("checkbox", { name: "Got it!" }).check();
    await shoot(page, "secret-once.png");
    await page.getByRole("button", { name: "Finish" }).click();

    await page.getByRole("link", { name: "SMS notifier", exact: true }).click();
    await page.getByRole("tab", { name: "Permissions" }).click();
    await page.getByRole("form", { name: "Permissions" }).getByRole("button", { name: "Save" }).waitFor();
    await shoot(page, "key-page.png");

    await page.getByRole("link", { name: "API keys & auth tokens" }).click();
    await page.getByRole("tab", { name: "Auth tokens" }).click();
    await page.getByRole("button", { name: "Create secondary token" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Create secondary token", exact: true }).click();
    await page.getByRole("textbox", { name: "Secondary auth token" }).waitFor();
    await page.getByRole("button", { name: "Done" }).click();
    await page.getByRole("button", { name: "Promote" }).waitFor();
    await shoot(page, "auth-tokens.png");

    await consoleApi(page, "POST", "/regions/us1/subaccounts", { friendly_name: "Team Dublin" });
    await consoleApi(page, "POST", "/regions/us1/subaccounts", { friendly_name: "Customer: Acme Corp" });
    const trial = await consoleApi(page, "POST", "/regions/us1/subaccounts", { friendly_name: "Trial (paused)" });
    await consoleApi(page, "POST", `/regions/us1/subaccounts/${trial.sid}`, { status: "suspended" });
    await page.getByRole("link", { name: "Subaccounts" }).click();
    await page.getByRole("button", { name: "Reactivate Trial (paused)" }).waitFor();
    await shoot(page, "subaccounts.png");

    // Phone width: the same person in a new, narrow window.
    const phone = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const phonePage = await phone.newPage();
    await signIn(phonePage, consoleUrl, server.email, OWNER_PASSWORD);
    await phonePage.getByRole("table", { name: "API keys in us1" }).waitFor();
    await shoot(phonePage, "phone.png");
    await phone.close();
    await context.close();
  } finally {
    await browser.close();
    server.child.kill("SIGTERM");
    await new Promise((done) => (server.child.exitCode === null ? server.child.once("close", done) : done()));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
