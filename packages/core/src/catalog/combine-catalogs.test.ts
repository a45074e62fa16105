import { describe, expect, it } from "vitest";
import { layoutSource } from "../testing/index.js";
import { formatCatalogIssue } from "./catalog-issue.js";
import { combineOperatorCatalogs } from "./combine-catalogs.js";
import { type OperatorCatalog, validateOperatorCatalog } from "./operator-catalog.js";

/** namespace (1), products (2), <product> (3), resources (4), <resource> (5), routes (6), first action (7). */
function catalogFile(
  file: string,
  declaration: { product?: string; host?: string; resource?: string; routes: Record<string, unknown> },
  namespace = "acme",
): OperatorCatalog {
  const { product = "billing", resource = "invoices", routes, host } = declaration;
  const document = {
    namespace,
    products: { [product]: { ...(host !== undefined && { host }), resources: { [resource]: { routes } } } },
  };
  const result = validateOperatorCatalog(document, layoutSource(document, file));
  if (!result.ok) throw new Error(result.issues.map(formatCatalogIssue).join("\n"));
  return result.value;
}

function problemsOf(catalogs: OperatorCatalog[]): string[] {
  const result = combineOperatorCatalogs(catalogs);
  if (result.ok) throw new Error("expected the catalogs to be refused");
  return result.issues.map(formatCatalogIssue);
}

const invoices = () =>
  catalogFile("acme.yaml", {
    routes: { read: "GET /v1/Invoices/{Sid}", list: "GET /v1/Invoices", create: "POST /v1/Invoices" },
  });

describe("combineOperatorCatalogs: succeeds", () => {
  it("grants the operators' permissions and their resource wildcards next to Twilio's", () => {
    const result = combineOperatorCatalogs([invoices()]);
    if (!result.ok) throw new Error("expected the catalogs to combine");
    const { catalog } = result.value;
    expect(catalog.isGrantable("/acme/billing/invoices/read")).toBe(true);
    expect(catalog.isGrantable("/acme/billing/invoices/*")).toBe(true);
    expect(catalog.isGrantable("/twilio/messaging/messages/read")).toBe(true);
    expect(catalog.isGrantable("/acme/billing/invoices/delete")).toBe(false);
    expect(catalog.isGrantable("/acme/billing/refunds/*")).toBe(false);
  });

  it("routes the operators' endpoints and still routes Twilio's", () => {
    const result = combineOperatorCatalogs([
      invoices(),
      catalogFile(
        "ledger.json",
        { product: "ledger", resource: "entries", routes: { read: "GET /v1/Entries/{Sid}" } },
        "ledger-co",
      ),
    ]);
    if (!result.ok) throw new Error("expected the catalogs to combine");
    const { routes } = result.value;
    const invoice = routes.match({ host: "billing", method: "GET", path: "/v1/Invoices/IN123" });
    expect(invoice?.params).toEqual({ Sid: "IN123" });
    expect(invoice?.permissions.map((permission) => permission.name)).toEqual(["/acme/billing/invoices/read"]);
    const entry = routes.match({ host: "ledger", method: "GET", path: "/v1/Entries/LE1" });
    expect(entry?.permissions.map((permission) => permission.name)).toEqual(["/ledger-co/ledger/entries/read"]);
    const message = routes.match({ host: "api", method: "GET", path: "/2010-04-01/Accounts/AC1/Messages/SM1.json" });
    expect(message?.permissions.map((permission) => permission.name)).toEqual(["/twilio/messaging/messages/read"]);
  });

  it("lets an operator serve paths of their own on a host label Twilio also uses", () => {
    const own = catalogFile("acme.yaml", { product: "api", routes: { read: "GET /v1/Reports/{Sid}" } });
    expect(combineOperatorCatalogs([own]).ok).toBe(true);
  });
});

describe("combineOperatorCatalogs: rejects", () => {
  it("a route another file already declares on the same host", () => {
    const other = catalogFile("payments.yaml", {
      product: "payments",
      host: "billing",
      routes: { read: "GET /v1/Invoices/{Id}" },
    });
    expect(problemsOf([invoices(), other])).toEqual([
      "payments.yaml:8: products.payments.resources.invoices.routes.read: GET /v1/Invoices/{Id} on host billing duplicates the route at acme.yaml:7 (products.billing.resources.invoices.routes.read)",
    ]);
  });

  it("a product that two files both declare", () => {
    const more = catalogFile("acme-more.yaml", { resource: "refunds", routes: { list: "GET /v1/Refunds" } });
    expect(problemsOf([invoices(), more])).toEqual([
      "acme-more.yaml:3: products.billing: /acme/billing is already declared at acme.yaml:3; keep a product in one file",
    ]);
  });

  it("a route that Twilio's requests would also match", () => {
    const shadowing = catalogFile("acme.yaml", {
      product: "api",
      routes: {
        read: "GET /2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}.json",
        list: "GET /2010-04-01/Accounts/{AccountSid}/Messages/Archived.json",
      },
    });
    const twilioRead = "GET /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json (/twilio/messaging/messages/read)";
    expect(problemsOf([shadowing])).toEqual([
      `acme.yaml:7: products.api.resources.invoices.routes.read: GET /2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}.json on host api overlaps Twilio's ${twilioRead}; Latchkey tells APIs apart by the first label of the host only`,
      `acme.yaml:8: products.api.resources.invoices.routes.list: GET /2010-04-01/Accounts/{AccountSid}/Messages/Archived.json on host api overlaps Twilio's ${twilioRead}; Latchkey tells APIs apart by the first label of the host only`,
    ]);
  });
});
