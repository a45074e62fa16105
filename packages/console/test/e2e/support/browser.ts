import type { Browser, BrowserContext, Page } from "playwright-core";

export { launchChromium } from "../../../scripts/chromium.mjs";

export const DESKTOP = { width: 1280, height: 900 } as const;
export const PHONE = { width: 390, height: 844 } as const;

export interface ConsolePage {
  readonly page: Page;
  readonly context: BrowserContext;
  /**
   * Everything the page did wrong: CSP violations, uncaught errors, requests to another origin and console
   * errors other than the failed loads the API's expected refusals cause. An end-to-end test ends with
   * `expect(problems).toEqual([])`.
   */
  readonly problems: string[];
  close(): Promise<void>;
}

/** A fresh browser context (its own cookie jar: one signed-in person) watching for CSP violations. */
export async function openConsolePage(
  browser: Browser,
  baseUrl: string,
  viewport: { readonly width: number; readonly height: number } = DESKTOP,
): Promise<ConsolePage> {
  const context = await browser.newContext({ viewport, baseURL: baseUrl });
  const page = await context.newPage();
  const origin = new URL(baseUrl).origin;
  const problems: string[] = [];
  // Added by the driver before any page script runs, outside the page's CSP; a string, so the test's own
  // TypeScript needs no DOM types.
  await page.addInitScript(
    'document.addEventListener("securitypolicyviolation", (event) => console.error("CSP violation: " + event.violatedDirective + " blocked " + event.blockedURI));',
  );
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const text = message.text();
    // Refusals the API answers on purpose (a wrong password, an action the role may not do) show as failed
    // loads; whether each was right is the test's business.
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(text)) return;
    problems.push(`console error: ${text}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith("data:")) problems.push(`request to another origin: ${url}`);
  });
  return { page, context, problems, close: () => context.close() };
}
