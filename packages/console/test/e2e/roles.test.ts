import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { shows, tableSids } from "./support/console-flows.js";
import { useConsoleSuite } from "./support/console-suite.js";
import { listKeySids } from "./support/owner-api.js";
import { restRequest } from "./support/rest-client.js";

/** Lists load after a debounced search and a round trip: give them a few seconds on a busy machine. */
const POLL = { timeout: 5_000 };

/**
 * What the console API answers a request the page makes itself, past the UI: with the session's CSRF
 * token, read from GET /console/api/session exactly as the app reads it.
 */
async function postFromPage(page: Page, path: string, body: unknown): Promise<{ status: number; body: unknown }> {
  return page.evaluate(
    async ({ path, body }) => {
      const session = (await (await fetch("/console/api/session")).json()) as { csrf_token: string };
      const answer = await fetch(path, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": session.csrf_token },
        body: JSON.stringify(body),
      });
      return { status: answer.status, body: (await answer.json()) as unknown };
    },
    { path, body },
  );
}

describe("console roles: what each person sees, and what the server refuses past the UI", () => {
  const suite = useConsoleSuite();
  const ownerToken = () => suite.server.authTokens.us1 ?? "";

  it("gives a Developer Standard and Restricted keys only: no Main, no Subaccounts, no Reveal", async () => {
    const { page, problems, close } = await suite.signedIn("developer");
    expect(await shows(page.getByRole("link", { name: "API keys & auth tokens" }))).toBe(true);
    expect(await page.getByRole("link", { name: "Subaccounts" }).count()).toBe(0);

    await page.getByRole("button", { name: "Create API key" }).click();
    const form = page.getByRole("form", { name: "Create API key" });
    await form.getByRole("radio", { name: "Standard", exact: true }).waitFor();
    expect(await shows(form.getByRole("radio", { name: "Restricted", exact: true }))).toBe(true);
    expect(await form.getByRole("radio").count()).toBe(2);
    expect(await form.getByRole("radio", { name: "Main", exact: true }).count()).toBe(0);
    await form.getByRole("button", { name: "Cancel" }).click();

    await page.getByRole("tab", { name: "Auth tokens" }).click();
    const primary = page.getByRole("textbox", { name: "Primary auth token" });
    await primary.waitFor();
    expect(await primary.inputValue()).toMatch(/^•+$/);
    expect(await page.getByRole("button", { name: "Reveal" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Create secondary token" }).count()).toBe(0);

    // Past the UI: the server refuses a Main key to a Developer, and none is made.
    const before = await listKeySids(suite.server, ownerToken(), "us1");
    const refused = await postFromPage(page, "/console/api/regions/us1/keys", {
      friendly_name: "sneaky main",
      type: "main",
    });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 70051, status: 403 });
    expect(await listKeySids(suite.server, ownerToken(), "us1")).toEqual(before);
    // The same path makes a Standard key for a Developer, so the refusal above was about the type.
    const allowed = await postFromPage(page, "/console/api/regions/us1/keys", {
      friendly_name: "developer's own",
      type: "standard",
    });
    expect(allowed.status).toBe(201);
    expect(allowed.body).toMatchObject({ key: { type: "standard", friendly_name: "developer's own" } });
    await close();
    expect(problems).toEqual([]);
  });

  it("shows a Read-only user the key list and a key's details, with nothing to create, rename or delete", async () => {
    const made = await restRequest(suite.server.url, {
      path: "/v1/Keys",
      user: suite.server.accountSid,
      password: ownerToken(),
      form: { AccountSid: suite.server.accountSid, FriendlyName: "seen by read-only" },
    });
    expect(made.status).toBe(201);
    const sid = (made.body as { sid: string }).sid;

    const { page, problems, close } = await suite.signedIn("read-only");
    await expect.poll(() => tableSids(page, "us1"), POLL).toEqual(await listKeySids(suite.server, ownerToken(), "us1"));
    expect(await tableSids(page, "us1")).toContain(sid);
    expect(await page.getByRole("button", { name: "Create API key" }).count()).toBe(0);
    expect(await page.getByRole("link", { name: "Subaccounts" }).count()).toBe(0);

    await page.getByRole("link", { name: "seen by read-only", exact: true }).click();
    await page.getByRole("heading", { name: "seen by read-only" }).waitFor();
    expect(await shows(page.getByText(sid).first())).toBe(true);
    expect(await page.getByRole("button", { name: "Edit name" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Delete this key" }).count()).toBe(0);

    const refused = await postFromPage(page, "/console/api/regions/us1/keys", {
      friendly_name: "not allowed",
      type: "standard",
    });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 70051, status: 403 });
    await close();
    expect(problems).toEqual([]);
  });
});
