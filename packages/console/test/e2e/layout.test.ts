import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { createKeyInConsole, shows } from "./support/console-flows.js";
import { TEST_PASSWORD, useConsoleSuite } from "./support/console-suite.js";
import { createConsoleUser, DESKTOP, openConsolePage, PHONE } from "./support/index.js";

type Viewport = { readonly width: number; readonly height: number };

/** Scrolls sideways? The page is wider than the window when scrollWidth exceeds clientWidth. */
async function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; clientWidth: number }> {
  return (await page.evaluate(
    "({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth })",
  )) as { scrollWidth: number; clientWidth: number };
}

/** Visible, and wholly inside the window's width (a control cut off at the edge does not count). */
async function fitsAcross(control: Locator, viewport: Viewport): Promise<boolean> {
  await control.scrollIntoViewIfNeeded();
  const box = await control.boundingBox();
  return (await control.isVisible()) && box !== null && box.x >= 0 && box.x + box.width <= viewport.width;
}

/** The focused control's name as a person reads it: its label's text, or a button's own text. */
async function focusedControl(page: Page): Promise<string> {
  return String(
    await page.evaluate(`(() => {
      const element = document.activeElement;
      if (element === null) return "";
      const label = element.labels && element.labels[0];
      return (label ? label.textContent : element.textContent).trim();
    })()`),
  );
}

describe("the console's layout at phone and desktop widths, and keyboard use", () => {
  const suite = useConsoleSuite();

  for (const [label, viewport] of [
    ["390 px", PHONE],
    ["1280 px", DESKTOP],
  ] as const) {
    it(`holds at ${label}: sign-in and API keys pages fit the width, their controls visible`, async () => {
      const { page, problems, close } = await openConsolePage(suite.browser, suite.server.url, viewport);
      await page.goto(`${suite.server.consoleUrl}/`);
      await page.getByRole("button", { name: "Sign in" }).waitFor();
      for (const control of [
        page.getByLabel("Email"),
        page.getByLabel("Password"),
        page.getByRole("button", { name: "Sign in" }),
      ]) {
        expect(await fitsAcross(control, viewport)).toBe(true);
      }
      const signInPage = await horizontalOverflow(page);
      expect(signInPage.scrollWidth).toBeLessThanOrEqual(signInPage.clientWidth);
      await close();

      const signedIn = await suite.signedIn("owner", viewport);
      await createKeyInConsole(signedIn.page, {
        friendlyName: `a key with a fairly long name at ${label}`,
        type: "Standard",
      });
      await signedIn.page.getByRole("table", { name: "API keys in us1" }).waitFor();
      for (const control of [
        signedIn.page.getByRole("link", { name: "API keys & auth tokens" }),
        signedIn.page.getByRole("combobox", { name: "Region" }),
        signedIn.page.getByRole("button", { name: "Sign out" }),
        signedIn.page.getByRole("tab", { name: "API keys" }),
        signedIn.page.getByRole("tab", { name: "Auth tokens" }),
        signedIn.page.getByRole("searchbox", { name: "Search by name or SID" }),
        signedIn.page.getByRole("combobox", { name: "Type" }),
        signedIn.page.getByRole("button", { name: "Create API key" }),
        signedIn.page.getByRole("link", { name: `a key with a fairly long name at ${label}` }),
      ]) {
        expect(await fitsAcross(control, viewport)).toBe(true);
      }
      const keysPage = await horizontalOverflow(signedIn.page);
      expect(keysPage.scrollWidth).toBeLessThanOrEqual(keysPage.clientWidth);
      await signedIn.close();
      expect([...problems, ...signedIn.problems]).toEqual([]);
    });
  }

  it("signs in by keyboard alone: Tab goes Email, Password, Sign in, and Enter submits", async () => {
    const user = await createConsoleUser(suite.server, {
      email: "keyboard@example.com",
      role: "developer",
      password: TEST_PASSWORD,
    });
    const { page, problems, close } = await openConsolePage(suite.browser, suite.server.url);
    await page.goto(`${suite.server.consoleUrl}/`);
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    // The page opens with Email focused; Shift+Tab finds no control before it on the page, Tab comes back.
    expect(await focusedControl(page)).toBe("Email");
    await page.keyboard.press("Shift+Tab");
    expect(await page.evaluate("document.activeElement === null || document.activeElement === document.body")).toBe(
      true,
    );
    await page.keyboard.press("Tab");
    expect(await focusedControl(page)).toBe("Email");
    await page.keyboard.type(user.email);
    await page.keyboard.press("Tab");
    expect(await focusedControl(page)).toBe("Password");
    await page.keyboard.type(user.password);
    await page.keyboard.press("Tab");
    expect(await focusedControl(page)).toBe("Sign in");
    await page.keyboard.press("Shift+Tab");
    expect(await focusedControl(page)).toBe("Password");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "API keys & auth tokens" }).waitFor();
    expect(await shows(page.getByRole("button", { name: "Create API key" }))).toBe(true);
    await close();
    expect(problems).toEqual([]);
  });
});
