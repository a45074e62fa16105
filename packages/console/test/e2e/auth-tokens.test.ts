import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { shows } from "./support/console-flows.js";
import { useConsoleSuite } from "./support/console-suite.js";
import { accountsHost, apiHost, type RestAnswer, restRequest } from "./support/rest-client.js";

const TOKEN_SHAPE = /^[0-9a-f]{32}$/;
const MASKED = /^•+$/;

describe("auth tokens and subaccounts in the console, checked against the REST API", () => {
  const suite = useConsoleSuite({ regions: ["us1", "ie1"] });
  const bannerToken = (region: string) => suite.server.authTokens[region] ?? "";

  /** GET /2010-04-01/Accounts/{sid}.json in `region` as the owner account with `token`. */
  const fetchAccount = (region: string, token: string, sid: string): Promise<RestAnswer> =>
    restRequest(suite.server.url, {
      path: `/2010-04-01/Accounts/${sid}.json`,
      user: suite.server.accountSid,
      password: token,
      host: apiHost(region),
    });
  /** Does `token` authenticate the owner account in `region`? The status of fetching the account itself. */
  const statusWith = async (region: string, token: string) =>
    (await fetchAccount(region, token, suite.server.accountSid)).status;

  /** Presses a confirming button inside the open dialog and waits for the dialog to go. */
  async function confirm(page: Page, label: string): Promise<void> {
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: label, exact: true }).click();
    await dialog.waitFor({ state: "detached" });
  }

  it("reveals the primary token, then rotates it: create a secondary, promote it, the old token stops", async () => {
    const { page, problems, close } = await suite.signedIn("owner");
    await page.getByRole("tab", { name: "Auth tokens" }).click();
    const primary = page.getByRole("textbox", { name: "Primary auth token" });
    await primary.waitFor();
    expect(await primary.inputValue()).toMatch(MASKED);
    await page.getByRole("button", { name: "Reveal" }).click();
    await page.getByRole("button", { name: "Hide" }).waitFor();
    expect(await primary.inputValue()).toBe(bannerToken("us1"));
    expect(await shows(page.getByRole("button", { name: "Copy primary auth token" }))).toBe(true);
    await page.getByRole("button", { name: "Hide" }).click();
    expect(await primary.inputValue()).toMatch(MASKED);

    // Rotate in ie1, so us1's token stays the banner's for the other test.
    await page.getByRole("combobox", { name: "Region" }).selectOption("ie1");
    await page.getByText("region ie1").first().waitFor();
    await page.getByRole("button", { name: "Reveal" }).click();
    await page.getByRole("button", { name: "Hide" }).waitFor();
    const oldToken = await primary.inputValue();
    expect(oldToken).toBe(bannerToken("ie1"));

    await page.getByRole("button", { name: "Create secondary token" }).click();
    await confirm(page, "Create secondary token");
    const secondary = await page.getByRole("textbox", { name: "Secondary auth token" }).inputValue();
    expect(secondary).toMatch(TOKEN_SHAPE);
    expect(secondary).not.toBe(oldToken);
    expect(await statusWith("ie1", secondary)).toBe(200);
    expect(await statusWith("ie1", oldToken)).toBe(200);

    await page.getByRole("button", { name: "Promote" }).click();
    await confirm(page, "Promote");
    await page.getByText("No secondary token").waitFor();
    expect(await primary.inputValue()).toMatch(MASKED);
    const refused = await fetchAccount("ie1", oldToken, suite.server.accountSid);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ code: 20003, status: 401 });
    expect(await statusWith("ie1", secondary)).toBe(200);
    await page.getByRole("button", { name: "Reveal" }).click();
    await page.getByRole("button", { name: "Hide" }).waitFor();
    expect(await primary.inputValue()).toBe(secondary);
    // Rotation is per region: us1's token is untouched.
    expect(await statusWith("us1", bannerToken("us1"))).toBe(200);

    await close();
    expect(problems).toEqual([]);
  });

  it("deletes a secondary token after confirming: it stops working and the primary carries on", async () => {
    const { page, problems, close } = await suite.signedIn("owner");
    await page.getByRole("tab", { name: "Auth tokens" }).click();
    await page.getByRole("button", { name: "Create secondary token" }).click();
    await confirm(page, "Create secondary token");
    const secondary = await page.getByRole("textbox", { name: "Secondary auth token" }).inputValue();
    expect(secondary).toMatch(TOKEN_SHAPE);
    expect(await statusWith("us1", secondary)).toBe(200);

    // Cancel leaves it in place.
    await page.getByRole("button", { name: "Delete secondary" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
    await page.getByRole("dialog").waitFor({ state: "detached" });
    expect(await statusWith("us1", secondary)).toBe(200);

    await page.getByRole("button", { name: "Delete secondary" }).click();
    await confirm(page, "Delete secondary");
    await page.getByText("No secondary token").waitFor();
    expect(await page.getByRole("textbox", { name: "Secondary auth token" }).count()).toBe(0);
    expect(await statusWith("us1", secondary)).toBe(401);
    expect(await statusWith("us1", bannerToken("us1"))).toBe(200);
    // Nothing to delete any more, over the API too.
    const again = await restRequest(suite.server.url, {
      method: "DELETE",
      path: "/v1/AuthTokens/Secondary",
      user: suite.server.accountSid,
      password: bannerToken("us1"),
      host: accountsHost("us1"),
    });
    expect(again.status).toBe(404);
    await close();
    expect(problems).toEqual([]);
  });

  it("creates, renames, suspends, reactivates and closes a subaccount, each as the API then shows it", async () => {
    const { page, problems, close } = await suite.signedIn("owner");
    const token = bannerToken("us1");
    await page.getByRole("link", { name: "Subaccounts" }).click();
    await page.getByRole("heading", { name: "Subaccounts", exact: true }).waitFor();
    await page.getByText("No subaccounts yet").waitFor();

    await page.getByRole("button", { name: "Create subaccount" }).click();
    const createForm = page.getByRole("form", { name: "Create subaccount" });
    await createForm.getByRole("textbox", { name: "Friendly name" }).fill("Team Alpha");
    await confirm(page, "Create");
    const row = () => page.getByRole("table", { name: "Subaccounts" }).getByRole("row").filter({ hasText: "AC" });
    await page.getByRole("button", { name: "Rename Team Alpha" }).waitFor();
    const sid = (
      (await row().filter({ hasText: "Team Alpha" }).locator('td[data-label="SID"]').textContent()) ?? ""
    ).trim();
    expect(sid).toMatch(/^AC[0-9a-f]{32}$/);
    expect((await fetchAccount("us1", token, sid)).body).toMatchObject({
      sid,
      friendly_name: "Team Alpha",
      status: "active",
      owner_account_sid: suite.server.accountSid,
    });

    await page.getByRole("button", { name: "Rename Team Alpha" }).click();
    const renameForm = page.getByRole("form", { name: "Rename subaccount" });
    await renameForm.getByRole("textbox", { name: "Friendly name" }).fill("Team Beta");
    await confirm(page, "Save");
    await page.getByRole("button", { name: "Suspend Team Beta" }).waitFor();
    expect((await fetchAccount("us1", token, sid)).body).toMatchObject({
      friendly_name: "Team Beta",
      status: "active",
    });

    await page.getByRole("button", { name: "Suspend Team Beta" }).click();
    await confirm(page, "Suspend");
    await page.getByRole("button", { name: "Reactivate Team Beta" }).waitFor();
    expect(await shows(row().filter({ hasText: "Team Beta" }).getByText("Suspended", { exact: true }))).toBe(true);
    expect((await fetchAccount("us1", token, sid)).body).toMatchObject({ status: "suspended" });

    await page.getByRole("button", { name: "Reactivate Team Beta" }).click();
    await confirm(page, "Reactivate");
    await page.getByRole("button", { name: "Suspend Team Beta" }).waitFor();
    expect((await fetchAccount("us1", token, sid)).body).toMatchObject({ status: "active" });

    await page.getByRole("button", { name: "Close Team Beta" }).click();
    const dialog = page.getByRole("dialog");
    expect(await shows(dialog.getByText("Closing is final:"))).toBe(true);
    await confirm(page, "Close subaccount");
    await row().filter({ hasText: "Team Beta" }).getByText("Closed", { exact: true }).waitFor();
    // Closed is final: no action is offered on the row any more.
    for (const action of ["Rename", "Suspend", "Reactivate", "Close"]) {
      expect(await page.getByRole("button", { name: `${action} Team Beta` }).count()).toBe(0);
    }
    expect((await fetchAccount("us1", token, sid)).body).toMatchObject({ status: "closed" });
    await close();
    expect(problems).toEqual([]);
  });
});
