import { describe, expect, it } from "vitest";
import {
  createKeyInConsole,
  everythingOnPage,
  pickPermission,
  readSecretAndFinish,
  shows,
  tableSids,
} from "./support/console-flows.js";
import { useConsoleSuite } from "./support/console-suite.js";
import { changeOneTimePassword, openConsolePage, signIn } from "./support/index.js";
import { authorize, fetchKey, keyReadsItself, listKeySids } from "./support/owner-api.js";
import { restRequest } from "./support/rest-client.js";

/** Lists load after a debounced search and a round trip: give them a few seconds on a busy machine. */
const POLL = { timeout: 5_000 };

const KEYS_READ = "/twilio/iam/api-keys/read";
const KEYS_LIST = "/twilio/iam/api-keys/list";
const MESSAGES_READ = "/twilio/messaging/messages/read";
const SECRET_SHAPE = /^[A-Za-z0-9]{32}$/;
const SID_SHAPE = /^SK[0-9a-f]{32}$/;

describe("API keys in the console, checked against the REST API", () => {
  const suite = useConsoleSuite({ regions: ["us1", "ie1"] });
  const token = (region: string) => {
    const value = suite.server.authTokens[region];
    if (value === undefined) throw new Error(`no ${region} Auth Token in the banner`);
    return value;
  };
  const messagesUrl = (path: string) => `https://api.twilio.com/2010-04-01/Accounts/${suite.server.accountSid}/${path}`;

  it("signs the first-start Owner in with the banner's one-time password, which must be changed first", async () => {
    const { server } = suite;
    const { page, problems, close } = await openConsolePage(suite.browser, server.url);
    await signIn(page, server.consoleUrl, server.owner.email, server.owner.oneTimePassword);
    expect(await shows(page.getByRole("heading", { name: "Change password" }))).toBe(true);
    expect(await page.getByRole("heading", { name: "API keys & auth tokens" }).count()).toBe(0);

    await changeOneTimePassword(page, server.owner.oneTimePassword, "the owner's own password");
    expect(await shows(page.getByRole("button", { name: "Create API key" }))).toBe(true);

    // The one-time password is spent; the new one signs in straight to the console.
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    await page.getByLabel("Email").fill(server.owner.email);
    await page.getByLabel("Password").fill(server.owner.oneTimePassword);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("The email or password is wrong").waitFor();
    await signIn(page, server.consoleUrl, server.owner.email, "the owner's own password");
    expect(await shows(page.getByRole("heading", { name: "API keys & auth tokens" }))).toBe(true);
    await close();
    expect(problems).toEqual([]);
  });

  it("shows a Standard key's secret once: Finish waits for Got it!, and afterwards the secret is nowhere", async () => {
    const { page, problems, close } = await suite.signedIn("owner");
    await page.getByRole("button", { name: "Create API key" }).click();
    const form = page.getByRole("form", { name: "Create API key" });
    await form.getByRole("textbox", { name: "Friendly name" }).fill("build server");
    await form.getByRole("radio", { name: "Standard", exact: true }).check();
    await form.getByRole("button", { name: "Next" }).click();

    const sid = await page.getByRole("textbox", { name: "SID" }).inputValue();
    const secret = await page.getByRole("textbox", { name: "Secret" }).inputValue();
    expect(sid).toMatch(SID_SHAPE);
    expect(secret).toMatch(SECRET_SHAPE);
    // The probe used below does see the secret while it is on screen.
    expect(await everythingOnPage(page)).toContain(secret);
    const finish = page.getByRole("button", { name: "Finish" });
    expect(await finish.isDisabled()).toBe(true);
    await page.getByRole("checkbox", { name: "Got it!" }).check();
    expect(await finish.isEnabled()).toBe(true);
    await finish.click();

    await expect.poll(() => tableSids(page, "us1"), POLL).toContain(sid);
    expect(await everythingOnPage(page)).not.toContain(secret);
    await page.goBack();
    await page.getByRole("button", { name: "Create API key" }).waitFor();
    expect(await everythingOnPage(page)).not.toContain(secret);
    await page.getByRole("link", { name: "build server" }).click();
    await page.getByRole("heading", { name: "build server" }).waitFor();
    expect(await page.getByRole("textbox", { name: "Secret" }).count()).toBe(0);
    expect(await everythingOnPage(page)).not.toContain(secret);
    await page.reload();
    await page.getByRole("heading", { name: "build server" }).waitFor();
    expect(await everythingOnPage(page)).not.toContain(secret);
    // SECURITY: nothing of the key (or the session) was written to browser storage.
    expect(await page.evaluate("localStorage.length + sessionStorage.length")).toBe(0);

    const fetched = await fetchKey(suite.server, token("us1"), "us1", sid);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toMatchObject({ sid, friendly_name: "build server", policy: null });
    // A standard key is a credential for the APIs behind a gateway: the decision API accepts its secret.
    const verdict = await authorize(suite.server, suite.gatewayToken, {
      method: "POST",
      url: messagesUrl("Messages.json"),
      user: sid,
      password: secret,
    });
    expect(verdict).toMatchObject({ allowed: true, credential_sid: sid, credential_type: "standard", error: null });
    await close();
    expect(problems).toEqual([]);
  });

  it("creates a Restricted key holding exactly the two permissions picked, and the API enforces them", async () => {
    const { page, problems, close } = await suite.signedIn("owner");
    await page.getByRole("button", { name: "Create API key" }).click();
    const form = page.getByRole("form", { name: "Create API key" });
    await form.getByRole("textbox", { name: "Friendly name" }).fill("reporting job");
    await form.getByRole("radio", { name: "Restricted", exact: true }).check();
    await page.getByRole("group", { name: "Permissions" }).waitFor();
    expect(await shows(page.getByText("0 of 100 selected", { exact: true }))).toBe(true);
    await pickPermission(page, KEYS_READ);
    expect(await shows(page.getByText("1 of 100 selected", { exact: true }))).toBe(true);
    await pickPermission(page, MESSAGES_READ);
    expect(await shows(page.getByText("2 of 100 selected", { exact: true }))).toBe(true);
    await form.getByRole("button", { name: "Next" }).click();
    await page.getByRole("textbox", { name: "Secret" }).waitFor();
    const { sid, secret } = await readSecretAndFinish(page);

    const fetched = await fetchKey(suite.server, token("us1"), "us1", sid);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toMatchObject({ sid, friendly_name: "reporting job" });
    expect([...((fetched.body as { policy: { allow: string[] } }).policy.allow ?? [])].sort()).toEqual(
      [KEYS_READ, MESSAGES_READ].sort(),
    );
    // It holds api-keys/read (fetch a key) but not api-keys/list (list keys).
    const readsItself = await keyReadsItself(suite.server, "us1", sid, secret);
    expect(readsItself.status).toBe(200);
    const lists = await restRequest(suite.server.url, {
      path: `/v1/Keys?AccountSid=${suite.server.accountSid}`,
      user: sid,
      password: secret,
    });
    expect(lists.status).toBe(403);
    expect(lists.body).toMatchObject({ code: 70051, status: 403 });
    const reads = await authorize(suite.server, suite.gatewayToken, {
      method: "GET",
      url: messagesUrl(`Messages/SM${"0".repeat(32)}.json`),
      user: sid,
      password: secret,
    });
    expect(reads).toMatchObject({ allowed: true, credential_sid: sid, credential_type: "restricted" });
    const sends = await authorize(suite.server, suite.gatewayToken, {
      method: "POST",
      url: messagesUrl("Messages.json"),
      user: sid,
      password: secret,
    });
    expect(sends).toMatchObject({
      allowed: false,
      credential_sid: sid,
      missing_permission: "/twilio/messaging/messages/create",
      error: { code: 70051 },
    });
    await close();
    expect(problems).toEqual([]);
  });

  it("duplicates a Restricted key: the form comes prefilled with its permissions, under a new name", async () => {
    const { page, problems, close } = await suite.signedIn("owner");
    const original = await createKeyInConsole(page, {
      friendlyName: "ingest",
      type: "Restricted",
      permissions: [KEYS_READ, MESSAGES_READ],
    });
    await page.getByRole("link", { name: "ingest", exact: true }).click();
    await page.getByRole("button", { name: "Duplicate this key" }).click();

    const form = page.getByRole("form", { name: "Create API key" });
    const name = form.getByRole("textbox", { name: "Friendly name" });
    expect(await name.inputValue()).toBe("ingest (copy)");
    expect(await form.getByRole("radio", { name: "Restricted", exact: true }).isChecked()).toBe(true);
    expect(await shows(page.getByText("2 of 100 selected", { exact: true }))).toBe(true);
    expect(await page.getByRole("checkbox", { name: KEYS_READ, exact: true }).isChecked()).toBe(true);
    expect(await page.getByRole("checkbox", { name: MESSAGES_READ, exact: true }).isChecked()).toBe(true);
    await name.fill("ingest, second region rollout");
    await form.getByRole("button", { name: "Next" }).click();
    await page.getByRole("textbox", { name: "Secret" }).waitFor();
    const copy = await readSecretAndFinish(page);
    expect(copy.sid).not.toBe(original.sid);

    const fetched = await fetchKey(suite.server, token("us1"), "us1", copy.sid);
    expect(fetched.status).toBe(200);
    const body = fetched.body as { friendly_name: string; policy: { allow: string[] } };
    expect(body.friendly_name).toBe("ingest, second region rollout");
    expect([...body.policy.allow].sort()).toEqual([KEYS_READ, MESSAGES_READ].sort());
    expect((await keyReadsItself(suite.server, "us1", copy.sid, copy.secret)).status).toBe(200);
    await close();
    expect(problems).toEqual([]);
  });

  it("edits a key's name and replaces its permissions on Save, as the API then shows", async () => {
    const { page, problems, close } = await suite.signedIn("owner");
    const key = await createKeyInConsole(page, {
      friendlyName: "billing export",
      type: "Restricted",
      permissions: [KEYS_READ, MESSAGES_READ],
    });
    await page.getByRole("link", { name: "billing export", exact: true }).click();
    await page.getByRole("button", { name: "Edit name" }).click();
    const editName = page.getByRole("form", { name: "Edit name" });
    await editName.getByRole("textbox", { name: "Friendly name" }).fill("billing export v2");
    await editName.getByRole("button", { name: "Save" }).click();
    await page.getByRole("heading", { name: "billing export v2" }).waitFor();
    const renamed = await fetchKey(suite.server, token("us1"), "us1", key.sid);
    expect((renamed.body as { friendly_name: string }).friendly_name).toBe("billing export v2");

    await page.getByRole("tab", { name: "Permissions" }).click();
    const permissions = page.getByRole("form", { name: "Permissions" });
    await permissions.getByRole("checkbox", { name: MESSAGES_READ, exact: true }).uncheck();
    await pickPermission(page, KEYS_LIST);
    await permissions.getByRole("button", { name: "Save" }).click();
    await page.getByText("Permissions saved. The key now has exactly the 2 selected.").waitFor();

    const edited = await fetchKey(suite.server, token("us1"), "us1", key.sid);
    const body = edited.body as { friendly_name: string; policy: { allow: string[] } };
    expect(body.friendly_name).toBe("billing export v2");
    expect([...body.policy.allow].sort()).toEqual([KEYS_LIST, KEYS_READ]);
    // The replaced policy is in force at once: listing keys now works, reading messages no longer does.
    const lists = await restRequest(suite.server.url, {
      path: `/v1/Keys?AccountSid=${suite.server.accountSid}`,
      user: key.sid,
      password: key.secret,
    });
    expect(lists.status).toBe(200);
    const reads = await authorize(suite.server, suite.gatewayToken, {
      method: "GET",
      url: messagesUrl(`Messages/SM${"0".repeat(32)}.json`),
      user: key.sid,
      password: key.secret,
    });
    expect(reads).toMatchObject({ allowed: false, missing_permission: MESSAGES_READ, error: { code: 70051 } });
    await close();
    expect(problems).toEqual([]);
  });

  it("deletes a key through the dialog's Delete: the key then gets 401", async () => {
    const { page, problems, close } = await suite.signedIn("owner");
    const key = await createKeyInConsole(page, {
      friendlyName: "short-lived",
      type: "Restricted",
      permissions: [KEYS_READ],
    });
    expect((await keyReadsItself(suite.server, "us1", key.sid, key.secret)).status).toBe(200);

    await page.getByRole("link", { name: "short-lived", exact: true }).click();
    await page.getByRole("button", { name: "Delete this key" }).click();
    const dialog = page.getByRole("dialog");
    expect(await shows(dialog.getByText(key.sid))).toBe(true);
    await dialog.getByRole("button", { name: "Delete", exact: true }).click();
    await page.getByRole("button", { name: "Create API key" }).waitFor();
    await expect.poll(() => tableSids(page, "us1"), POLL).not.toContain(key.sid);

    const refused = await keyReadsItself(suite.server, "us1", key.sid, key.secret);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ code: 20003, status: 401 });
    expect((await fetchKey(suite.server, token("us1"), "us1", key.sid)).status).toBe(404);
    const verdict = await authorize(suite.server, suite.gatewayToken, {
      method: "GET",
      url: `https://iam.twilio.com/v1/Keys/${key.sid}`,
      user: key.sid,
      password: key.secret,
    });
    expect(verdict).toMatchObject({ allowed: false, reason: "authentication_failed", error: { code: 20003 } });
    await close();
    expect(problems).toEqual([]);
  });

  it("shows one region's keys at a time, and remembers the region chosen", async () => {
    const { page, problems, close } = await suite.signedIn("owner");
    const inUs1 = await createKeyInConsole(page, { friendlyName: "us worker", type: "Standard" });
    const us1Sids = await listKeySids(suite.server, token("us1"), "us1");
    expect(us1Sids).toContain(inUs1.sid);
    await expect.poll(() => tableSids(page, "us1"), POLL).toEqual(us1Sids);

    await page.getByRole("combobox", { name: "Region" }).selectOption("ie1");
    await page.getByText("No API keys in ie1 yet").waitFor();
    const inIe1 = await createKeyInConsole(page, { friendlyName: "dublin worker", type: "Standard" });
    await expect.poll(() => tableSids(page, "ie1"), POLL).toEqual([inIe1.sid]);
    expect(await listKeySids(suite.server, token("ie1"), "ie1")).toEqual([inIe1.sid]);
    // The key exists in ie1 only.
    expect((await fetchKey(suite.server, token("ie1"), "ie1", inIe1.sid)).status).toBe(200);
    expect((await fetchKey(suite.server, token("us1"), "us1", inIe1.sid)).status).toBe(404);

    // The choice is saved for the user: a reload (a new visit) opens in ie1.
    await page.reload();
    await page.getByRole("table", { name: "API keys in ie1" }).waitFor();
    expect(await page.getByRole("combobox", { name: "Region" }).inputValue()).toBe("ie1");
    expect(await tableSids(page, "ie1")).toEqual([inIe1.sid]);

    await page.getByRole("combobox", { name: "Region" }).selectOption("us1");
    await expect.poll(() => tableSids(page, "us1"), POLL).toEqual(await listKeySids(suite.server, token("us1"), "us1"));
    expect(await tableSids(page, "us1")).not.toContain(inIe1.sid);
    await close();
    expect(problems).toEqual([]);
  });

  it("searches by name or SID and filters by type on the server", async () => {
    const { page, problems, close } = await suite.signedIn("owner");
    const kestrel = await createKeyInConsole(page, { friendlyName: "Search Kestrel", type: "Standard" });
    const heron = await createKeyInConsole(page, {
      friendlyName: "Search Heron",
      type: "Restricted",
      permissions: [KEYS_READ],
    });
    const search = page.getByRole("searchbox", { name: "Search by name or SID" });

    await search.fill("kestrel");
    await expect.poll(() => tableSids(page, "us1"), POLL).toEqual([kestrel.sid]);
    await search.fill("search ");
    await expect.poll(() => tableSids(page, "us1"), POLL).toEqual([kestrel.sid, heron.sid].sort());
    // A pasted SID matches exactly, whatever the case of its hex digits.
    await search.fill(`SK${heron.sid.slice(2).toUpperCase()}`);
    await expect.poll(() => tableSids(page, "us1"), POLL).toEqual([heron.sid]);
    await search.fill("no key is called this");
    await page.getByText("No keys match").waitFor();
    expect(await tableSids(page, "us1")).toEqual([]);

    await search.fill("search");
    await page.getByRole("combobox", { name: "Type" }).selectOption("restricted");
    await expect.poll(() => tableSids(page, "us1"), POLL).toEqual([heron.sid]);
    await page.getByRole("combobox", { name: "Type" }).selectOption("standard");
    await expect.poll(() => tableSids(page, "us1"), POLL).toEqual([kestrel.sid]);
    await close();
    expect(problems).toEqual([]);
  });

  it("creates a Main key as Owner, whose secret manages keys over the REST API", async () => {
    const { page, problems, close } = await suite.signedIn("owner");
    const main = await createKeyInConsole(page, { friendlyName: "deploy bot", type: "Main" });
    expect(main.sid).toMatch(SID_SHAPE);
    expect(main.secret).toMatch(SECRET_SHAPE);

    const lists = await restRequest(suite.server.url, {
      path: `/v1/Keys?AccountSid=${suite.server.accountSid}&PageSize=1000`,
      user: main.sid,
      password: main.secret,
    });
    expect(lists.status).toBe(200);
    const listed = (lists.body as { keys: { sid: string; flags: string[] }[] }).keys.find(
      (item) => item.sid === main.sid,
    );
    expect(listed?.flags).toEqual(["rest_api", "signing", "manage_accounts", "manage_keys"]);
    const created = await restRequest(suite.server.url, {
      path: "/v1/Keys",
      user: main.sid,
      password: main.secret,
      form: { AccountSid: suite.server.accountSid, FriendlyName: "made by the main key" },
    });
    expect(created.status).toBe(201);
    await close();
    expect(problems).toEqual([]);
  });
});
