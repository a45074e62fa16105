import type { Locator, Page } from "playwright-core";

export type KeyTypeLabel = "Standard" | "Restricted" | "Main";

export interface CreatedInConsole {
  readonly sid: string;
  readonly secret: string;
}

/** Ticks one permission in the open Permissions picker: searched for, then checked by its exact name. */
export async function pickPermission(page: Page, permission: string): Promise<void> {
  await page.getByRole("searchbox", { name: "Search permissions" }).fill(permission);
  await page.getByRole("checkbox", { name: permission, exact: true }).check();
  await page.getByRole("searchbox", { name: "Search permissions" }).fill("");
}

/**
 * Reads the one-time secret page, ticks Got it! and presses Finish; resolves on the API keys list.
 * Whether Finish really waited for Got it! is the keys test's business; this only walks through.
 */
export async function readSecretAndFinish(page: Page): Promise<CreatedInConsole> {
  const sid = await page.getByRole("textbox", { name: "SID" }).inputValue();
  const secret = await page.getByRole("textbox", { name: "Secret" }).inputValue();
  await page.getByRole("checkbox", { name: "Got it!" }).check();
  await page.getByRole("button", { name: "Finish" }).click();
  await page.getByRole("button", { name: "Create API key" }).waitFor();
  return { sid, secret };
}

/** Create API key from the API keys tab, through the form, the secret page and Finish. */
export async function createKeyInConsole(
  page: Page,
  key: { readonly friendlyName: string; readonly type: KeyTypeLabel; readonly permissions?: readonly string[] },
): Promise<CreatedInConsole> {
  await page.getByRole("link", { name: "API keys & auth tokens" }).click();
  await page.getByRole("button", { name: "Create API key" }).click();
  const form = page.getByRole("form", { name: "Create API key" });
  await form.getByRole("textbox", { name: "Friendly name" }).fill(key.friendlyName);
  await form.getByRole("radio", { name: key.type, exact: true }).check();
  for (const permission of key.permissions ?? []) await pickPermission(page, permission);
  await form.getByRole("button", { name: "Next" }).click();
  await page.getByRole("textbox", { name: "Secret" }).waitFor();
  return readSecretAndFinish(page);
}

/** The SIDs the API keys table of `region` shows, sorted; [] while the region has no key (the empty state). */
export async function tableSids(page: Page, region: string): Promise<string[]> {
  const table = page.getByRole("table", { name: `API keys in ${region}` });
  if ((await table.count()) === 0) return [];
  const sids = await table.locator('tbody td[data-label="SID"]').allTextContents();
  return sids.map((sid) => sid.trim()).sort();
}

/** Everything a person could read or copy out of the page: its HTML plus every field's current value. */
export async function everythingOnPage(page: Page): Promise<string> {
  const values = await page.evaluate(
    'Array.from(document.querySelectorAll("input, textarea")).map((field) => field.value).join("\\n")',
  );
  return `${await page.content()}\n${String(values)}`;
}

/**
 * Does `locator` show within a few seconds? For assertions on what appears after an action (React
 * renders, Blueprint's dialogs fade in): `isVisible()` alone answers at once and would race them.
 */
export async function shows(locator: Locator, timeoutMs = 5_000): Promise<boolean> {
  try {
    await locator.first().waitFor({ state: "visible", timeout: timeoutMs });
    return true;
  } catch {
    return false;
  }
}
