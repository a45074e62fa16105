import { type CatalogPath, type CatalogSource, fieldOf } from "../catalog/catalog-issue.js";

/**
 * A {@link CatalogSource} for tests of parsed documents: the lines the document would have written as block
 * YAML, one key a line, a list item a line (a mapping in a list written `- { … }` on its own line):
 *
 * ```yaml
 * namespace: acme                     # 1
 * products:                           # 2
 *   billing:                          # 3
 *     resources:                      # 4
 *       invoices:                     # 5
 *         routes:                     # 6
 *           read: GET /v1/Invoices/{Sid}  # 7
 * ```
 */
export function layoutSource(document: unknown, file = "acme.yaml"): CatalogSource {
  const keyLines = new Map<string, number>();
  const valueLines = new Map<string, number>([["", 1]]);
  let line = 0;
  const visit = (path: CatalogPath, value: unknown): void => {
    const children: [string | number, unknown][] = Array.isArray(value)
      ? value.map((item, index) => [index, item])
      : isMapping(value)
        ? Object.entries(value)
        : [];
    for (const [step, child] of children) {
      line++;
      const childPath = [...path, step];
      keyLines.set(idOf(childPath), line);
      const inline = typeof step === "number" || !isContainer(child);
      valueLines.set(idOf(childPath), inline ? line : line + 1);
      if (!inline) visit(childPath, child);
    }
  };
  if (isContainer(document)) visit([], document);
  const lineOf = (path: CatalogPath, part: "key" | "value"): number => {
    const found = (part === "key" ? keyLines : valueLines).get(idOf(path));
    if (found !== undefined || path.length === 0) return found ?? 1;
    return lineOf(path.slice(0, -1), part);
  };
  return { file, lineOf };
}

function idOf(path: CatalogPath): string {
  return path.length === 0 ? "" : fieldOf(path);
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isContainer(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : isMapping(value) && Object.keys(value).length > 0;
}
