import type { Page } from "playwright-core";

/** The Sign in page: Email, Password, Sign in. Resolves once the console or the password change shows. */
export async function signIn(page: Page, consoleUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${consoleUrl}/`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page
    .getByRole("heading", { name: /^(API keys & auth tokens|Change password)$/ })
    .first()
    .waitFor();
}

/** The forced "Change password" screen after a one-time password; resolves on the API keys page. */
export async function changeOneTimePassword(page: Page, oneTimePassword: string, newPassword: string): Promise<void> {
  await page.getByLabel("One-time password").fill(oneTimePassword);
  await page.getByLabel("New password", { exact: true }).fill(newPassword);
  await page.getByLabel("Confirm new password").fill(newPassword);
  await page.getByRole("button", { name: "Change password" }).click();
  await page.getByRole("heading", { name: "API keys & auth tokens" }).waitFor();
}

/** Signs the first-start Owner in and replaces its one-time password: the console is then ready. */
export async function signInAsNewOwner(
  page: Page,
  server: { readonly consoleUrl: string; readonly owner: { readonly email: string; readonly oneTimePassword: string } },
  newPassword: string,
): Promise<void> {
  await signIn(page, server.consoleUrl, server.owner.email, server.owner.oneTimePassword);
  await changeOneTimePassword(page, server.owner.oneTimePassword, newPassword);
}
