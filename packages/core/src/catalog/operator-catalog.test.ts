import { describe, expect, it } from "vitest";
import { layoutSource } from "../testing/index.js";
import { formatCatalogIssue } from "./catalog-issue.js";
import { validateOperatorCatalog } from "./operator-catalog.js";

const ROUTES = "products.billing.resources.invoices.routes";

/**
 * One product with one resource; in block YAML its routes start on line 7:
 * namespace (1), products (2), billing (3), resources (4), invoices (5), routes (6).
 */
function catalogOf(routes: unknown, top: Record<string, unknown> = {}) {
  return { namespace: "acme", products: { billing: { resources: { invoices: { routes } } } }, ...top };
}

function problemsOf(document: unknown): string[] {
  const result = validateOperatorCatalog(document, layoutSource(document));
  if (result.ok) throw new Error("expected the catalog to be refused");
  return result.issues.map(formatCatalogIssue);
}

function validCatalogOf(document: unknown) {
  const result = validateOperatorCatalog(document, layoutSource(document));
  if (!result.ok) throw new Error(result.issues.map(formatCatalogIssue).join("\n"));
  return result.value;
}

describe("validateOperatorCatalog: succeeds", () => {
  it("turns products, resources and actions into permissions and their routes", () => {
    const catalog = validCatalogOf({
      namespace: "acme",
      products: {
        billing: {
          resources: {
            invoices: {
              routes: {
                list: "GET /v1/Invoices",
                read: { method: "GET", path: "/v1/Invoices/{Sid}" },
                update: ["POST /v1/Invoices/{Sid}", { method: "PATCH", path: "/v1/Invoices/{Sid}" }],
              },
            },
            "invoices.lines": { routes: { list: "GET /v1/Invoices/{InvoiceSid}/Lines" } },
          },
        },
        "ledger-api": { host: "ledger", resources: { entries: { routes: { read: "GET /v2/Entries/{Sid}.json" } } } },
      },
    });
    expect(catalog.namespace).toBe("acme");
    expect(catalog.permissions).toEqual([
      "/acme/billing/invoices/list",
      "/acme/billing/invoices/read",
      "/acme/billing/invoices/update",
      "/acme/billing/invoices.lines/list",
      "/acme/ledger-api/entries/read",
    ]);
    expect(catalog.routes.map(({ host, method, path, permission }) => [host, method, path, permission])).toEqual([
      ["billing", "GET", "/v1/Invoices", "/acme/billing/invoices/list"],
      ["billing", "GET", "/v1/Invoices/{Sid}", "/acme/billing/invoices/read"],
      ["billing", "POST", "/v1/Invoices/{Sid}", "/acme/billing/invoices/update"],
      ["billing", "PATCH", "/v1/Invoices/{Sid}", "/acme/billing/invoices/update"],
      ["billing", "GET", "/v1/Invoices/{InvoiceSid}/Lines", "/acme/billing/invoices.lines/list"],
      ["ledger", "GET", "/v2/Entries/{Sid}.json", "/acme/ledger-api/entries/read"],
    ]);
    expect(catalog.products.map(({ name, host }) => ({ name, host }))).toEqual([
      { name: "billing", host: "billing" },
      { name: "ledger-api", host: "ledger" },
    ]);
  });

  it("remembers where each route was declared", () => {
    const catalog = validCatalogOf(
      catalogOf({ list: "GET /v1/Invoices", update: ["POST /v1/Invoices/{Sid}", "PUT /v1/X/{Sid}"] }),
    );
    expect(catalog.routes.map(({ file, line, field }) => `${file}:${line}: ${field}`)).toEqual([
      `acme.yaml:7: ${ROUTES}.list`,
      `acme.yaml:9: ${ROUTES}.update[0]`,
      `acme.yaml:10: ${ROUTES}.update[1]`,
    ]);
  });
});

describe("validateOperatorCatalog: rejects", () => {
  it("a document that is not a mapping", () => {
    expect(problemsOf(null)).toEqual(["acme.yaml:1: (root): must be a mapping with namespace and products"]);
    expect(problemsOf(["acme"])).toEqual(["acme.yaml:1: (root): must be a mapping with namespace and products"]);
  });

  it("an unknown top-level field", () => {
    expect(problemsOf(catalogOf({ read: "GET /v1/Invoices/{Sid}" }, { version: 2 }))).toEqual([
      "acme.yaml:8: version: unknown field; expected namespace or products",
    ]);
  });

  it("a missing namespace or products", () => {
    expect(problemsOf({ products: catalogOf({ read: "GET /v1/X/{Sid}" }).products })).toEqual([
      "acme.yaml:1: namespace: is required",
    ]);
    expect(problemsOf({ namespace: "acme" })).toEqual(["acme.yaml:1: products: is required"]);
  });

  it("a namespace outside the permission grammar", () => {
    expect(problemsOf(catalogOf({ read: "GET /v1/Invoices/{Sid}" }, { namespace: "Acme Corp" }))).toEqual([
      "acme.yaml:1: namespace: 'Acme Corp' is not a valid namespace: use lowercase letters, digits and -",
    ]);
    expect(problemsOf(catalogOf({ read: "GET /v1/Invoices/{Sid}" }, { namespace: 7 }))).toEqual([
      "acme.yaml:1: namespace: must be a string such as acme",
    ]);
  });

  it("the reserved twilio namespace", () => {
    expect(problemsOf(catalogOf({ read: "GET /v1/Invoices/{Sid}" }, { namespace: "twilio" }))).toEqual([
      "acme.yaml:1: namespace: 'twilio' is reserved for Twilio's own permissions; choose your own namespace",
    ]);
  });

  it("product, resource and host names outside the grammar", () => {
    const document = {
      namespace: "acme", // 1
      products: {
        Billing: {
          resources: {
            "invoices..lines": { routes: { list: "GET /v1/Lines" } }, // 5, 6, 7
          },
        },
        ledger: {
          host: "ledger.acme.com", // 9
          resources: { Entries: { routes: { read: "GET /v1/Entries/{Sid}" } } }, // 10, 11, 12, 13
        },
      },
    };
    expect(problemsOf(document)).toEqual([
      "acme.yaml:3: products.Billing: 'Billing' is not a valid product name: use lowercase letters, digits and -",
      "acme.yaml:5: products.Billing.resources[\"invoices..lines\"]: 'invoices..lines' is not a valid resource name: use lowercase letters, digits and -, with . before a sub-resource (invoices.lines)",
      "acme.yaml:9: products.ledger.host: must be the first label of the API's host name (billing for billing.acme.com): lowercase letters, digits and -",
      "acme.yaml:11: products.ledger.resources.Entries: 'Entries' is not a valid resource name: use lowercase letters, digits and -, with . before a sub-resource (invoices.lines)",
    ]);
  });

  it("an unknown action", () => {
    expect(problemsOf(catalogOf({ read: "GET /v1/Invoices/{Sid}", fetch: "GET /v1/Invoices" }))).toEqual([
      `acme.yaml:8: ${ROUTES}.fetch: unknown action 'fetch': use one of read, list, create, update, delete`,
    ]);
    expect(problemsOf(catalogOf({ "*": "GET /v1/Invoices" }))).toEqual([
      `acme.yaml:7: ${ROUTES}["*"]: unknown action '*': use one of read, list, create, update, delete`,
    ]);
  });

  it("a method that is not one of the five", () => {
    const mapping = catalogOf({ list: "GET /v1/Invoices", read: { method: "FETCH", path: "/v1/Invoices/{Sid}" } });
    expect(problemsOf(mapping)).toEqual([
      `acme.yaml:9: ${ROUTES}.read.method: must be one of GET, POST, PUT, PATCH, DELETE`,
    ]);
    expect(problemsOf(catalogOf({ read: "get /v1/Invoices/{Sid}" }))).toEqual([
      `acme.yaml:7: ${ROUTES}.read: method must be one of GET, POST, PUT, PATCH, DELETE`,
    ]);
  });

  it("a path that does not start with /", () => {
    expect(problemsOf(catalogOf({ read: { method: "GET", path: "v1/Invoices/{Sid}" } }))).toEqual([
      `acme.yaml:9: ${ROUTES}.read.path: must start with /`,
    ]);
    expect(problemsOf(catalogOf({ list: ["GET /v1/Invoices", "GET v1/Invoices.json"] }))).toEqual([
      `acme.yaml:9: ${ROUTES}.list[1]: path must start with /`,
    ]);
  });

  it("a param that does not fill its segment or is misspelt", () => {
    const fillsNothing = "segment 'inv-{Sid}' is not a valid param";
    const hint =
      "write {Name} (letters, digits and _) filling the segment, optionally followed by a suffix such as .json";
    expect(
      problemsOf(
        catalogOf({
          read: "GET /v1/Invoices/inv-{Sid}",
          update: "POST /v1/Invoices/{Sid",
          delete: "DELETE /v1/Invoices/{invoice-sid}",
          list: "GET /v1/{Sid}/Invoices/{Sid}",
        }),
      ),
    ).toEqual([
      `acme.yaml:7: ${ROUTES}.read: path ${fillsNothing}: ${hint}`,
      `acme.yaml:8: ${ROUTES}.update: path segment '{Sid' is not a valid param: ${hint}`,
      `acme.yaml:9: ${ROUTES}.delete: path segment '{invoice-sid}' is not a valid param: ${hint}`,
      `acme.yaml:10: ${ROUTES}.list: path param {Sid} appears twice`,
    ]);
  });

  it("a route written neither as text nor as a mapping of method and path", () => {
    expect(problemsOf(catalogOf({ read: "/v1/Invoices/{Sid}", list: 3 }))).toEqual([
      `acme.yaml:7: ${ROUTES}.read: must be "METHOD /path" such as "GET /v1/Invoices/{Sid}", or a mapping with method and path`,
      `acme.yaml:8: ${ROUTES}.list: must be "METHOD /path" such as "GET /v1/Invoices/{Sid}", or a mapping with method and path`,
    ]);
    expect(problemsOf(catalogOf({ read: { method: "GET", url: "/v1/Invoices/{Sid}" } }))).toEqual([
      `acme.yaml:7: ${ROUTES}.read.path: is required`,
      `acme.yaml:9: ${ROUTES}.read.url: unknown field; expected method or path`,
    ]);
  });

  it("the same route declared twice in the file, whatever its param names", () => {
    const document = catalogOf({
      read: "GET /v1/Invoices/{Sid}",
      update: ["POST /v1/Invoices/{Sid}", "GET /v1/Invoices/{InvoiceSid}"],
    });
    expect(problemsOf(document)).toEqual([
      `acme.yaml:10: ${ROUTES}.update[1]: GET /v1/Invoices/{InvoiceSid} on host billing duplicates the route at line 7 (${ROUTES}.read)`,
    ]);
  });

  it("the same route declared by two products served on one host", () => {
    const document = {
      namespace: "acme", // 1
      products: {
        billing: { resources: { invoices: { routes: { read: "GET /v1/Invoices/{Sid}" } } } }, // 3..7
        invoicing: { host: "billing", resources: { bills: { routes: { read: "GET /v1/Invoices/{Id}" } } } }, // 8..13
      },
    };
    expect(problemsOf(document)).toEqual([
      `acme.yaml:13: products.invoicing.resources.bills.routes.read: GET /v1/Invoices/{Id} on host billing duplicates the route at line 7 (${ROUTES}.read)`,
    ]);
  });

  it("a catalog that declares nothing", () => {
    expect(problemsOf({ namespace: "acme", products: {} })).toEqual([
      "acme.yaml:2: products: must declare at least one product",
    ]);
    expect(problemsOf({ namespace: "acme", products: { billing: { resources: {} } } })).toEqual([
      "acme.yaml:4: products.billing.resources: must declare at least one resource",
    ]);
    expect(problemsOf(catalogOf({}))).toEqual([`acme.yaml:6: ${ROUTES}: must declare at least one action`]);
    expect(problemsOf(catalogOf({ read: [] }))).toEqual([`acme.yaml:7: ${ROUTES}.read: must list at least one route`]);
    expect(problemsOf({ namespace: "acme", products: { billing: { resources: { invoices: {} } } } })).toEqual([
      "acme.yaml:5: products.billing.resources.invoices.routes: is required",
    ]);
  });

  it("reports every problem, top to bottom", () => {
    const document = catalogOf({ read: "GET v1", list: "LIST /v1/Invoices" }, { namespace: "twilio", extra: true });
    expect(problemsOf(document)).toEqual([
      "acme.yaml:1: namespace: 'twilio' is reserved for Twilio's own permissions; choose your own namespace",
      `acme.yaml:7: ${ROUTES}.read: path must start with /`,
      `acme.yaml:8: ${ROUTES}.list: method must be one of GET, POST, PUT, PATCH, DELETE`,
      "acme.yaml:9: extra: unknown field; expected namespace or products",
    ]);
  });
});
