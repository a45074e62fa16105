import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The catalog of docs/operator-catalogs.md: both route forms, a sub-resource and a product with its own host. */
export const ACME_CATALOG_YAML = `# acme-catalog.yaml
namespace: acme
products:
  billing:
    resources:
      invoices:
        routes:
          list: GET /v1/Invoices
          read: GET /v1/Invoices/{Sid}
          create: POST /v1/Invoices
          update:
            - POST /v1/Invoices/{Sid}
            - PATCH /v1/Invoices/{Sid}
          delete: DELETE /v1/Invoices/{Sid}
      invoices.lines:
        routes:
          list: GET /v1/Invoices/{InvoiceSid}/Lines
  ledger:
    host: ledger-api
    resources:
      entries:
        routes:
          read:
            method: GET
            path: /v2/Accounts/{AccountSid}/Entries/{Sid}
`;

/** A folder of catalog files for one test; `remove()` deletes it. */
export interface CatalogDir {
  /** Writes `text` to `name` in the folder and returns its path. */
  write(name: string, text: string): string;
  remove(): void;
}

export function makeCatalogDir(): CatalogDir {
  const dir = mkdtempSync(join(tmpdir(), "latchkey-catalogs-"));
  return {
    write(name, text) {
      const file = join(dir, name);
      writeFileSync(file, text);
      return file;
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
