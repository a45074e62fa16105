import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN } from "../support/test-server.js";
import { useServer } from "../support/use-server.js";
import { ACME_CATALOG_YAML, type CatalogDir, makeCatalogDir } from "./catalog-files.js";

describe("a server with an operator catalog", () => {
  let dir: CatalogDir;
  beforeEach(() => {
    dir = makeCatalogDir();
  });
  afterEach(() => {
    dir.remove();
  });
  const { server } = useServer(() => ({ catalogFiles: [dir.write("acme-catalog.yaml", ACME_CATALOG_YAML)] }));

  const createRestrictedKey = (allow: readonly string[]) =>
    server.request("POST", "/v1/Keys", {
      auth: { user: server.accountSid, password: server.authToken },
      form: { AccountSid: server.accountSid, KeyType: "restricted", Policy: JSON.stringify({ allow }) },
    });

  const ask = (caller: string, method: string, url: string) =>
    server.request("POST", "/v1/Authorize", {
      auth: `Bearer ${GATEWAY_TOKEN}`,
      form: { Method: method, Url: url, Authorization: caller },
    });

  it("accepts a restricted key holding the operator's permission and decides on the operator's routes", async () => {
    const created = await createRestrictedKey(["/acme/billing/invoices/read"]);
    expect(created.status).toBe(201);
    expect(created.json.policy).toEqual({ allow: ["/acme/billing/invoices/read"] });
    const caller = server.basic(created.json.sid, created.json.secret);

    const allowed = await ask(caller, "GET", "https://billing.acme.com/v1/Invoices/IN123");
    expect(allowed.status).toBe(200);
    expect(allowed.json).toEqual({
      allowed: true,
      account_sid: server.accountSid,
      credential_sid: created.json.sid,
      credential_type: "restricted",
      permission: "/acme/billing/invoices/read",
      missing_permission: null,
      reason: "allowed",
      error: null,
    });

    const denied = await ask(caller, "POST", "https://billing.acme.com/v1/Invoices");
    expect(denied.status).toBe(200);
    expect(denied.json).toMatchObject({
      allowed: false,
      reason: "permission_denied",
      missing_permission: "/acme/billing/invoices/create",
      error: { code: 70051, status: 403 },
    });

    const twilio = await ask(
      caller,
      "GET",
      `https://api.twilio.com/2010-04-01/Accounts/${server.accountSid}/Messages.json`,
    );
    expect(twilio.json).toMatchObject({ allowed: false, missing_permission: "/twilio/messaging/messages/list" });
  });

  it("lets a resource wildcard of the operator's namespace open every action of the resource", async () => {
    const created = await createRestrictedKey(["/acme/billing/invoices/*"]);
    expect(created.status).toBe(201);
    const caller = server.basic(created.json.sid, created.json.secret);
    const create = await ask(caller, "POST", "https://billing.acme.com/v1/Invoices");
    expect(create.json).toMatchObject({ allowed: true, permission: "/acme/billing/invoices/create" });
    const lines = await ask(caller, "GET", "https://billing.acme.com/v1/Invoices/IN1/Lines");
    expect(lines.json).toMatchObject({ allowed: false, missing_permission: "/acme/billing/invoices.lines/list" });
  });

  it("checks the AccountSid of an operator's route like that of a Twilio route", async () => {
    const created = await createRestrictedKey(["/acme/ledger/entries/read"]);
    const caller = server.basic(created.json.sid, created.json.secret);
    const own = await ask(caller, "GET", `https://ledger-api.acme.com/v2/Accounts/${server.accountSid}/Entries/LE1`);
    expect(own.json).toMatchObject({ allowed: true, permission: "/acme/ledger/entries/read" });
    const other = await server.createOtherAccount();
    const foreign = await ask(caller, "GET", `https://ledger-api.acme.com/v2/Accounts/${other.accountSid}/Entries/LE1`);
    expect(foreign.json).toMatchObject({ allowed: false, reason: "account_not_reachable" });
  });

  it("offers the operator's permissions in the console's Permissions picker, with the endpoints each opens", async () => {
    const user = await server.createConsoleUser({ email: "dev@example.com", role: "developer" });
    const browser = await server.signInToConsole(user.email, user.password);
    const response = await server.request("GET", "/console/api/regions/us1/permissions", {
      headers: browser.headers(),
    });
    expect(response.status).toBe(200);
    const billing = response.json.products.find((product: { product: string }) => product.product === "acme/billing");
    expect(billing.permissions).toEqual([
      {
        permission: "/acme/billing/invoices.lines/*",
        opens: ["GET /v1/Invoices/{InvoiceSid}/Lines"],
      },
      { permission: "/acme/billing/invoices.lines/list", opens: ["GET /v1/Invoices/{InvoiceSid}/Lines"] },
      {
        permission: "/acme/billing/invoices/*",
        opens: [
          "GET /v1/Invoices",
          "GET /v1/Invoices/{Sid}",
          "POST /v1/Invoices",
          "POST /v1/Invoices/{Sid}",
          "PATCH /v1/Invoices/{Sid}",
          "DELETE /v1/Invoices/{Sid}",
        ],
      },
      { permission: "/acme/billing/invoices/create", opens: ["POST /v1/Invoices"] },
      { permission: "/acme/billing/invoices/delete", opens: ["DELETE /v1/Invoices/{Sid}"] },
      { permission: "/acme/billing/invoices/list", opens: ["GET /v1/Invoices"] },
      { permission: "/acme/billing/invoices/read", opens: ["GET /v1/Invoices/{Sid}"] },
      { permission: "/acme/billing/invoices/update", opens: ["POST /v1/Invoices/{Sid}", "PATCH /v1/Invoices/{Sid}"] },
    ]);
    const ledger = response.json.products.find((product: { product: string }) => product.product === "acme/ledger");
    expect(ledger.permissions).toContainEqual({
      permission: "/acme/ledger/entries/read",
      opens: ["GET /v2/Accounts/{AccountSid}/Entries/{Sid}"],
    });
  });

  it("rejects a policy naming a permission the catalog does not declare", async () => {
    for (const permission of ["/acme/billing/refunds/read", "/acme/billing/invoices.lines/read", "/acme/other/x/*"]) {
      const created = await createRestrictedKey([permission]);
      expect(created.status).toBe(400);
      expect(created.json).toMatchObject({
        code: 70002,
        message: `Invalid policy: assertion '${permission}' is invalid`,
      });
    }
  });
});

describe("a server without operator catalogs", () => {
  const { server } = useServer();

  it("rejects a policy with an operator's permission", async () => {
    const created = await server.request("POST", "/v1/Keys", {
      auth: { user: server.accountSid, password: server.authToken },
      form: {
        AccountSid: server.accountSid,
        KeyType: "restricted",
        Policy: JSON.stringify({ allow: ["/acme/billing/invoices/read"] }),
      },
    });
    expect(created.status).toBe(400);
    expect(created.json).toMatchObject({ code: 70002 });
  });
});
