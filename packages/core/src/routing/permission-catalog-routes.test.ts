import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import knownPermissions from "../data/permissions.json" with { type: "json" };
import { twilioPermissionRouteCatalog, twilioRouteTree } from "./permission-catalog-routes.js";
import type { RouteMatch } from "./route-tree.js";

const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const CATALOG_FILE = join(ROOT, "packages/core/src/data/permission-catalog.json");
const GENERATOR = join(ROOT, "scripts/generate-permission-catalog.mjs");

function names(match: RouteMatch | undefined): string[] | undefined {
  return match?.permissions.map((p) => p.name);
}

function specPackageInstalled(): boolean {
  try {
    createRequire(join(ROOT, "package.json")).resolve("@twilio-alpha/mcp/package.json");
    return true;
  } catch {
    return false;
  }
}

/** A concrete path for a template: every `{Param}` gets a value no static segment of the catalog spells. */
function samplePath(template: string): { path: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  let index = 0;
  const path = template.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_whole, name: string) => {
    const value = `zz${index++}`;
    params[name] = value;
    return value;
  });
  return { path, params };
}

const A = "/2010-04-01/Accounts/AC0123";

describe("twilioRouteTree on real endpoints", () => {
  it.each([
    [
      "api",
      "GET",
      `${A}/Messages.json`,
      "/2010-04-01/Accounts/{AccountSid}/Messages.json",
      "/twilio/messaging/messages/list",
    ],
    [
      "api",
      "POST",
      `${A}/Messages.json`,
      "/2010-04-01/Accounts/{AccountSid}/Messages.json",
      "/twilio/messaging/messages/create",
    ],
    [
      "api",
      "GET",
      `${A}/Messages/SM1.json`,
      "/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json",
      "/twilio/messaging/messages/read",
    ],
    [
      "api",
      "POST",
      `${A}/Messages/SM1.json`,
      "/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json",
      "/twilio/messaging/messages/update",
    ],
    [
      "api",
      "DELETE",
      `${A}/Messages/SM1.json`,
      "/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json",
      "/twilio/messaging/messages/delete",
    ],
    ["api", "POST", `${A}/Calls.json`, "/2010-04-01/Accounts/{AccountSid}/Calls.json", "/twilio/voice/calls/create"],
    [
      "api",
      "POST",
      `${A}/Calls/CA1.json`,
      "/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json",
      "/twilio/voice/calls/update",
    ],
    [
      "api",
      "GET",
      `${A}/Calls/CA1/Recordings.json`,
      "/2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Recordings.json",
      "/twilio/voice/calls.recordings/list",
    ],
    [
      "api",
      "GET",
      `${A}/IncomingPhoneNumbers.json`,
      "/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json",
      "/twilio/phone-numbers/active-numbers/list",
    ],
    [
      "api",
      "DELETE",
      `${A}/IncomingPhoneNumbers/PN1.json`,
      "/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json",
      "/twilio/phone-numbers/active-numbers/delete",
    ],
    [
      "api",
      "POST",
      `${A}/IncomingPhoneNumbers/Local.json`,
      "/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/Local.json",
      "/twilio/phone-numbers/active-numbers/create",
    ],
    [
      "taskrouter",
      "POST",
      "/v1/Workspaces/WS1/Tasks/WT2/Reservations/WR3",
      "/v1/Workspaces/{WorkspaceSid}/Tasks/{TaskSid}/Reservations/{Sid}",
      "/twilio/taskrouter/workspaces.tasks.reservations/update",
    ],
    [
      "taskrouter",
      "GET",
      "/v1/Workspaces/WS1/Workers/Statistics",
      "/v1/Workspaces/{WorkspaceSid}/Workers/Statistics",
      "/twilio/taskrouter/workspaces.workers.statistics/list",
    ],
    ["video", "GET", "/v1/Rooms/RM1", "/v1/Rooms/{Sid}", "/twilio/video/rooms/read"],
    ["video", "POST", "/v1/Rooms", "/v1/Rooms", "/twilio/video/rooms/create"],
    ["iam", "POST", "/v1/Keys", "/v1/Keys", "/twilio/iam/api-keys/create"],
    ["iam", "DELETE", "/v1/Keys/SK1", "/v1/Keys/{Sid}", "/twilio/iam/api-keys/delete"],
    ["api", "GET", `${A}/Keys.json`, "/2010-04-01/Accounts/{AccountSid}/Keys.json", "/twilio/iam/api-keys/list"],
    [
      "api",
      "POST",
      `${A}/SigningKeys/SK1.json`,
      "/2010-04-01/Accounts/{AccountSid}/SigningKeys/{Sid}.json",
      "/twilio/iam/api-keys/update",
    ],
    ["api", "GET", "/2010-04-01/Accounts.json", "/2010-04-01/Accounts.json", "/twilio/iam/accounts/list"],
    ["api", "GET", "/2010-04-01/Accounts/AC0123.json", "/2010-04-01/Accounts/{Sid}.json", "/twilio/iam/accounts/read"],
    [
      "studio",
      "POST",
      "/v2/Flows/FW1/Executions",
      "/v2/Flows/{FlowSid}/Executions",
      "/twilio/studio/executions/create",
    ],
    [
      "verify",
      "POST",
      "/v2/Services/VA1/Verifications",
      "/v2/Services/{ServiceSid}/Verifications",
      "/twilio/verify/verification/create",
    ],
    [
      "lookups",
      "GET",
      "/v2/PhoneNumbers/+15551234567",
      "/v2/PhoneNumbers/{PhoneNumber}",
      "/twilio/lookup/phone-numbers/read",
    ],
  ])("%s %s %s opens with its permission", (host, method, path, template, expected) => {
    const match = twilioRouteTree.match({ host, method, path });
    expect(match?.template).toBe(template);
    expect(names(match)).toEqual([expected]);
  });

  it("extracts the account and resource SIDs", () => {
    const match = twilioRouteTree.match({ host: "api", method: "GET", path: `${A}/Messages/SM1.json?Foo=bar` });
    expect(match?.params).toEqual({ AccountSid: "AC0123", Sid: "SM1" });
  });

  it("does not match Twilio paths without the `.json` of their template", () => {
    expect(twilioRouteTree.match({ host: "api", method: "GET", path: `${A}/Messages/SM1` })).toBeUndefined();
    expect(twilioRouteTree.match({ host: "api", method: "GET", path: `${A}/Messages` })).toBeUndefined();
  });

  it("does not match unknown paths, other hosts or endpoints no known permission opens", () => {
    expect(twilioRouteTree.match({ host: "api", method: "GET", path: `${A}/Widgets.json` })).toBeUndefined();
    expect(twilioRouteTree.match({ host: "iam", method: "GET", path: `${A}/Messages.json` })).toBeUndefined();
    // Payments exist in the spec but no known permission opens them.
    expect(
      twilioRouteTree.match({ host: "api", method: "POST", path: `${A}/Calls/CA1/Payments.json` }),
    ).toBeUndefined();
  });

  it("does not match a known path under a method no permission opens", () => {
    expect(
      twilioRouteTree.match({ host: "api", method: "DELETE", path: "/2010-04-01/Accounts/AC0123.json" }),
    ).toBeUndefined();
    expect(twilioRouteTree.match({ host: "api", method: "DELETE", path: `${A}/Messages.json` })).toBeUndefined();
    expect(twilioRouteTree.match({ host: "video", method: "DELETE", path: "/v1/Rooms/RM1" })).toBeUndefined();
  });

  it("routes every endpoint of every mapped permission back to that permission", () => {
    let checked = 0;
    for (const [name, endpoints] of Object.entries(twilioPermissionRouteCatalog.permissions)) {
      for (const endpoint of endpoints) {
        const { path, params } = samplePath(endpoint.path);
        const match = twilioRouteTree.match({ host: endpoint.host, method: endpoint.method, path });
        expect(match?.template, `${name}: ${endpoint.method} ${endpoint.path}`).toBe(endpoint.path);
        expect(match?.params).toEqual(params);
        const opens = match?.permissions.some((p) => p.name === name || (name.endsWith("/*") && p.wildcard === name));
        expect(opens, `${name} does not open ${endpoint.method} ${endpoint.path}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(500);
  });
});

describe("the committed permission catalog", () => {
  it("accounts for every known permission exactly once, as mapped or unmapped", () => {
    const mapped = Object.keys(twilioPermissionRouteCatalog.permissions);
    const unmapped = twilioPermissionRouteCatalog.unmapped.map((entry) => entry.permission);
    const known = knownPermissions.permissions.map((entry) => entry.permission);
    expect([...mapped, ...unmapped].sort()).toEqual([...known].sort());
    for (const entry of twilioPermissionRouteCatalog.unmapped) expect(entry.reason).not.toBe("");
  });

  it("stays well under 1 MiB", () => {
    expect(statSync(CATALOG_FILE).size).toBeLessThan(512 * 1024);
  });

  it("is what the generator derives from the installed specs", (context) => {
    context.skip(
      !specPackageInstalled(),
      "@twilio-alpha/mcp is not installed (it is a devDependency: run npm install), so the catalog cannot be regenerated",
    );
    const directory = mkdtempSync(join(tmpdir(), "latchkey-catalog-"));
    try {
      const out = join(directory, "permission-catalog.json");
      execFileSync(process.execPath, [GENERATOR, "--out", out], { cwd: ROOT, stdio: "pipe" });
      expect(
        readFileSync(out, "utf8") === readFileSync(CATALOG_FILE, "utf8"),
        "packages/core/src/data/permission-catalog.json is stale: run npm run catalog:generate",
      ).toBe(true);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
