/**
 * Drives the built console through every screen in headless Chromium, under the exact
 * Content-Security-Policy the server sends, and fails if the browser reports a single CSP violation, a
 * page error or a request to another origin. Uses the preview server's fake API, so it needs only a build:
 *
 *   npm run build -w @latchkey/console && npm run check:csp -w @latchkey/console [-- --screenshots DIR]
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { launchChromium } from "./chromium.mjs";
import { startPreview } from "./preview-server.mjs";

const screenshotDir = process.argv.includes("--screenshots")
  ? process.argv[process.argv.indexOf("--screenshots") + 1]
  : undefined;
if (screenshotDir !== undefined) mkdirSync(screenshotDir, { recursive: true });

const problems = [];
const browser = await launchChromium();
const previews = [];

async function openPage(preview, viewport) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const origin = new URL(preview.url).origin;
  // The listener is added by the browser driver, outside the page's CSP, before any page script runs.
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
    });
  });
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") {
      const text = message.text();
      // The flow meets two refusals on purpose (GET /session before sign-in: 401; a too-short new password:
      // 400); the browser logs each as a failed load. Anything else, CSP reports included, is a problem.
      if (/^Failed to load resource: the server responded with a status of 40[01]/.test(text)) return;
      problems.push(`console ${message.type()}: ${text}`);
    }
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith("data:")) problems.push(`request to another origin: ${url}`);
  });
  return page;
}

async function shot(page, name) {
  if (screenshotDir !== undefined) await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

async function signIn(page, url) {
  await page.goto(`${url}/console/`);
  await page.getByLabel("Email").fill("owner@localhost");
  await page.getByLabel("Password").fill("correct horse battery");
  await shot(page, "sign-in");
  await page.getByRole("button", { name: "Sign in" }).click();
}

try {
  const preview = await startPreview();
  previews.push(preview);
  const page = await openPage(preview, { width: 1280, height: 900 });

  await signIn(page, preview.url);
  await page.getByRole("heading", { name: "API keys & auth tokens" }).waitFor();
  await page.getByRole("table").waitFor();
  await shot(page, "api-keys");
  await page.getByRole("button", { name: "Next page" }).click();
  await page.getByText("Page 2").waitFor();
  await page.getByLabel("Search by name or SID").fill("Service 1");
  await page.getByText("Page 2").waitFor({ state: "detached" });

  await page.getByRole("button", { name: "Create API key" }).click();
  await page.getByLabel("Friendly name").fill("Billing reader");
  await page.getByRole("radio", { name: "Restricted" }).check();
  await page.getByLabel("Search permissions").fill("messages");
  await page.getByRole("checkbox", { name: "/twilio/messaging/messages/read" }).check();
  await page.getByText("1 of 100 selected").waitFor();
  await shot(page, "create-key");
  await page.getByRole("button", { name: "Next", exact: true }).click();
  await page.getByRole("textbox", { name: "Secret" }).waitFor();
  if (!(await page.getByRole("button", { name: "Finish" }).isDisabled()))
    problems.push("Finish was enabled before Got it!");
  await shot(page, "secret-once");
  await page.getByRole("button", { name: "Copy secret" }).click();
  await page.getByRole("checkbox", { name: "Got it!" }).check();
  await page.getByRole("button", { name: "Finish" }).click();

  await page.getByRole("link", { name: "Billing reader" }).click();
  await page.getByRole("button", { name: "Edit name" }).click();
  await page.getByLabel("Friendly name").fill("Billing reader 2");
  await page.getByRole("form", { name: "Edit name" }).getByRole("button", { name: "Save" }).click();
  await page.getByRole("heading", { name: "Billing reader 2" }).waitFor();
  await page.getByRole("tab", { name: "Permissions" }).click();
  await page.getByLabel("Search permissions").fill("calls");
  await page.getByRole("checkbox", { name: "/twilio/voice/calls/create" }).check();
  await page.getByRole("form", { name: "Permissions" }).getByRole("button", { name: "Save" }).click();
  await page.getByText("Permissions saved").waitFor();
  await shot(page, "key-permissions");
  await page.getByRole("button", { name: "Duplicate this key" }).click();
  await page.getByRole("heading", { name: "Create API key" }).waitFor();
  await page.goBack();
  await page.getByRole("button", { name: "Delete this key" }).click();
  await page.getByRole("dialog").waitFor();
  await shot(page, "delete-dialog");
  await page.getByRole("dialog").getByRole("button", { name: "Delete", exact: true }).click();
  await page.getByRole("table").waitFor();

  await page.getByRole("tab", { name: "Auth tokens" }).click();
  await page.getByRole("button", { name: "Reveal" }).click();
  await page.getByRole("button", { name: "Hide" }).waitFor();
  await page.getByRole("button", { name: "Create secondary token" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Create secondary token" }).click();
  await page.getByRole("textbox", { name: "Secondary auth token" }).waitFor();
  await shot(page, "auth-tokens");
  await page.getByRole("button", { name: "Promote" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Promote" }).click();
  await page.getByText("No secondary token").waitFor();

  await page.getByLabel("Region").selectOption("ie1");
  await page.getByRole("tab", { name: "API keys" }).click();
  await page.getByRole("link", { name: "Dublin worker" }).waitFor();

  await page.getByRole("link", { name: "Subaccounts" }).click();
  await page.getByRole("button", { name: "Create subaccount" }).click();
  await page.getByRole("dialog").getByLabel("Friendly name").fill("Globex");
  await page.getByRole("dialog").getByRole("button", { name: "Create" }).click();
  await page.getByRole("cell", { name: "Globex", exact: true }).waitFor();
  await page.getByRole("button", { name: "Suspend Globex" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Suspend" }).click();
  await page.getByRole("button", { name: "Close Globex" }).click();
  await shot(page, "close-subaccount");
  await page.getByRole("dialog").getByRole("button", { name: "Close subaccount" }).click();
  await page.getByRole("button", { name: "Close Globex" }).waitFor({ state: "detached" });
  await shot(page, "subaccounts");

  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole("link", { name: "API keys & auth tokens" }).click();
  await page.getByRole("link", { name: "Dublin worker" }).waitFor();
  await shot(page, "api-keys-390");
  await page.getByRole("button", { name: "Create API key" }).click();
  await page.getByRole("radio", { name: "Restricted" }).check();
  await page.getByLabel("Search permissions").fill("voice");
  await shot(page, "create-key-390");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 0) problems.push(`the page scrolls sideways by ${overflow}px at 390px`);
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("button", { name: "Sign in" }).waitFor();

  const forced = await startPreview({ mustChangePassword: true });
  previews.push(forced);
  const forcedPage = await openPage(forced, { width: 1280, height: 900 });
  await signIn(forcedPage, forced.url);
  await forcedPage.getByRole("heading", { name: "Change password" }).waitFor();
  await shot(forcedPage, "change-password");
  await forcedPage.getByLabel("One-time password").fill("one-time");
  await forcedPage.getByLabel("New password", { exact: true }).fill("short");
  await forcedPage.getByLabel("Confirm new password").fill("short");
  await forcedPage.getByRole("button", { name: "Change password" }).click();
  await forcedPage.getByText("at least 12 characters").waitFor();
  await forcedPage.getByLabel("New password", { exact: true }).fill("a much longer password");
  await forcedPage.getByLabel("Confirm new password").fill("a much longer password");
  await forcedPage.getByRole("button", { name: "Change password" }).click();
  await forcedPage.getByRole("heading", { name: "API keys & auth tokens" }).waitFor();
} catch (error) {
  problems.push(`flow failed: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await browser.close();
  for (const preview of previews) await preview.close();
}

if (problems.length > 0) {
  process.stdout.write(`CSP check failed:\n${problems.map((problem) => `  - ${problem}`).join("\n")}\n`);
  process.exit(1);
}
process.stdout.write("CSP check passed: no violations, page errors or other-origin requests on any screen\n");
