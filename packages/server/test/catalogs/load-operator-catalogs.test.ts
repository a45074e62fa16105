import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";
import { loadOperatorCatalogs, MAX_CATALOG_FILE_BYTES } from "../../src/runtime/operator-catalogs.js";
import { ACME_CATALOG_YAML, type CatalogDir, makeCatalogDir } from "./catalog-files.js";

const ROUTES = "products.billing.resources.invoices.routes";
const METHODS = "must be one of GET, POST, PUT, PATCH, DELETE";

/** The ConfigError message a failed load throws. */
async function problemOf(files: readonly string[]): Promise<string> {
  const error = await loadOperatorCatalogs(files).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${String(error)}`);
  return error.message;
}

describe("loadOperatorCatalogs", () => {
  let dir: CatalogDir;
  beforeEach(() => {
    dir = makeCatalogDir();
  });
  afterEach(() => dir.remove());

  describe("succeeds", () => {
    it("keeps Twilio's prebuilt catalogs when no file is configured", async () => {
      expect(await loadOperatorCatalogs([])).toBeUndefined();
    });

    it("loads a YAML catalog into grantable permissions and routes", async () => {
      const loaded = await loadOperatorCatalogs([dir.write("acme-catalog.yaml", ACME_CATALOG_YAML)]);
      if (loaded === undefined) throw new Error("expected catalogs");
      for (const permission of [
        "/acme/billing/invoices/read",
        "/acme/billing/invoices/*",
        "/acme/billing/invoices.lines/list",
        "/acme/ledger/entries/read",
        "/twilio/messaging/messages/read",
      ]) {
        expect(loaded.catalog.isGrantable(permission)).toBe(true);
      }
      const patch = loaded.routes.match({ host: "billing", method: "PATCH", path: "/v1/Invoices/IN1" });
      expect(patch?.permissions.map((permission) => permission.name)).toEqual(["/acme/billing/invoices/update"]);
      const entry = loaded.routes.match({ host: "ledger-api", method: "GET", path: "/v2/Accounts/AC1/Entries/LE1" });
      expect(entry?.params).toEqual({ AccountSid: "AC1", Sid: "LE1" });
    });

    it("loads a JSON catalog and combines it with a YAML one", async () => {
      const json = dir.write(
        "shipping.json",
        JSON.stringify(
          {
            namespace: "acme",
            products: { shipping: { resources: { parcels: { routes: { list: "GET /v1/Parcels" } } } } },
          },
          null,
          2,
        ),
      );
      const loaded = await loadOperatorCatalogs([dir.write("acme.yml", ACME_CATALOG_YAML), json]);
      expect(loaded?.catalog.isGrantable("/acme/shipping/parcels/list")).toBe(true);
      expect(loaded?.catalog.isGrantable("/acme/billing/invoices/create")).toBe(true);
      const match = loaded?.routes.match({ host: "shipping", method: "GET", path: "/v1/Parcels" });
      expect(match?.permissions[0]?.name).toBe("/acme/shipping/parcels/list");
    });
  });

  describe("rejects with file:line: field", () => {
    it("a bad method in YAML, at the line of the method", async () => {
      const file = dir.write(
        "acme-catalog.yaml",
        `namespace: acme
products:
  billing:
    resources:
      invoices:
        routes:
          list: GET /v1/Invoices
          create: POST /v1/Invoices
          update: POST /v1/Invoices/{Sid}
          delete: DELETE /v1/Invoices/{Sid}
          # a mapping works as well as "METHOD /path"
          read:
            path: /v1/Invoices/{Sid}
            method: FETCH
`,
      );
      expect(await problemOf([file])).toBe(`${file}:14: ${ROUTES}.read.method: ${METHODS}`);
    });

    it("every problem of a YAML file, top to bottom, sub-resources named in brackets", async () => {
      const file = dir.write(
        "acme.yaml",
        `namespace: twilio
products:
  billing:
    colour: blue
    resources:
      invoices.lines:
        routes:
          fetch: GET /v1/Lines
          list:
            - GET /v1/Lines
            - GET /v1/Lines/{Sid
            - GET /v1/Lines
`,
      );
      expect((await problemOf([file])).split("\n")).toEqual([
        `${file}:1: namespace: 'twilio' is reserved for Twilio's own permissions; choose your own namespace`,
        `${file}:4: products.billing.colour: unknown field; expected host or resources`,
        `${file}:8: products.billing.resources["invoices.lines"].routes.fetch: unknown action 'fetch': use one of read, list, create, update, delete`,
        `${file}:11: products.billing.resources["invoices.lines"].routes.list[1]: path segment '{Sid' is not a valid param: write {Name} (letters, digits and _) filling the segment, optionally followed by a suffix such as .json`,
      ]);
    });

    it("a duplicate route in YAML, naming the line of the first", async () => {
      const file = dir.write(
        "acme.yaml",
        `namespace: acme
products:
  billing:
    resources:
      invoices:
        routes:
          read: GET /v1/Invoices/{Sid}
      bills:
        routes:
          read: GET /v1/Invoices/{BillSid}
`,
      );
      expect(await problemOf([file])).toBe(
        `${file}:10: products.billing.resources.bills.routes.read: GET /v1/Invoices/{BillSid} on host billing duplicates the route at line 7 (${ROUTES}.read)`,
      );
    });

    it("YAML that does not parse, with a hint for an unquoted {Param} in a flow mapping", async () => {
      const file = dir.write(
        "acme.yaml",
        `namespace: acme
products:
  billing:
    resources:
      invoices:
        routes:
          read: { method: GET, path: /v1/Invoices/{Sid} }
`,
      );
      expect(await problemOf([file])).toMatch(
        new RegExp(
          `^${escapeRegExp(file)}:7: \\(syntax\\): .+ \\(inside \\{ … \\} or \\[ … \\] a path with \\{Param\\} must be quoted: "/v1/Invoices/\\{Sid\\}"\\)$`,
        ),
      );
    });

    it("a key repeated in YAML", async () => {
      const file = dir.write("acme.yaml", "namespace: acme\nproducts: {}\nnamespace: acme2\n");
      expect(await problemOf([file])).toBe(`${file}:3: (syntax): Map keys must be unique`);
    });

    it("an empty YAML file", async () => {
      const file = dir.write("acme.yaml", "# nothing yet\n");
      expect(await problemOf([file])).toBe(`${file}:1: (root): must be a mapping with namespace and products`);
    });

    it("problems in JSON at the lines they are on", async () => {
      const file = dir.write(
        "acme.json",
        `{
  "namespace": "acme",
  "products": {
    "billing": {
      "resources": {
        "invoices": {
          "routes": {
            "read": { "method": "GET", "path": "v1/Invoices/{Sid}" },
            "list": "GET /v1/Invoices"
          }
        },
        "refunds": { "routes": {} }
      }
    }
  },
  "version": 1
}
`,
      );
      expect((await problemOf([file])).split("\n")).toEqual([
        `${file}:8: ${ROUTES}.read.path: must start with /`,
        `${file}:12: products.billing.resources.refunds.routes: must declare at least one action`,
        `${file}:16: version: unknown field; expected namespace or products`,
      ]);
    });

    it("JSON that does not parse, and a key repeated in JSON", async () => {
      const broken = dir.write("broken.json", '{\n  "namespace": "acme",\n  "products": {,\n}\n');
      expect(await problemOf([broken])).toMatch(
        new RegExp(`^${escapeRegExp(broken)}:3: \\(syntax\\): not valid JSON: \\S`),
      );
      const repeated = dir.write(
        "repeated.json",
        '{\n  "namespace": "acme",\n  "namespace": "other",\n  "products": {}\n}',
      );
      expect(await problemOf([repeated])).toBe(`${repeated}:3: (syntax): Map keys must be unique`);
    });

    it("a route two files both declare, naming both", async () => {
      const first = dir.write("acme.yaml", ACME_CATALOG_YAML);
      const second = dir.write(
        "payments.json",
        '{\n  "namespace": "payments",\n  "products": {\n    "billing": {\n      "resources": {\n        "charges": { "routes": { "list": "GET /v1/Invoices" } }\n      }\n    }\n  }\n}\n',
      );
      expect(await problemOf([first, second])).toBe(
        `${second}:6: products.billing.resources.charges.routes.list: GET /v1/Invoices on host billing duplicates the route at ${first}:8 (${ROUTES}.list)`,
      );
    });

    it("problems of several files together", async () => {
      const first = dir.write("a.yaml", "namespace: a\nproducts: {}\n");
      const second = dir.write(
        "b.json",
        '{ "namespace": "B" ,\n "products": { "x": { "resources": { "y": { "routes": { "read": "GET /y/{Sid}" } } } } } }',
      );
      expect((await problemOf([first, second])).split("\n")).toEqual([
        `${first}:2: products: must declare at least one product`,
        `${second}:1: namespace: 'B' is not a valid namespace: use lowercase letters, digits and -`,
      ]);
    });

    it("a file that is missing, too large or of another format", async () => {
      const missing = `${dir.write("here.yaml", "")}.gone.yaml`;
      expect(await problemOf([missing])).toBe(
        `${missing}: cannot read this operator catalog (ENOENT); check LATCHKEY_CATALOG_FILES`,
      );
      const large = dir.write("large.yaml", `# ${"x".repeat(MAX_CATALOG_FILE_BYTES)}\n`);
      expect(await problemOf([large])).toBe(`${large}: an operator catalog may be at most 1048576 bytes`);
      const toml = dir.write("acme.toml", 'namespace = "acme"\n');
      expect(await problemOf([toml])).toBe(`${toml}: an operator catalog file must end in .json, .yaml or .yml`);
    });
  });
});

describe("LATCHKEY_CATALOG_FILES", () => {
  it("is a comma-separated list of paths, empty by default", () => {
    expect(loadConfig({}).catalogFiles).toEqual([]);
    expect(loadConfig({ LATCHKEY_CATALOG_FILES: " ./acme.yaml, /etc/latchkey/b.json ,," }).catalogFiles).toEqual([
      "./acme.yaml",
      "/etc/latchkey/b.json",
    ]);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
