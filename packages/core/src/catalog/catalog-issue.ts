/** A step into a parsed catalog document: a mapping key or a sequence index. */
export type CatalogPath = readonly (string | number)[];

/** Where a parsed document came from, so every problem can point at a line of it. */
export interface CatalogSource {
  /** The file as the operator named it (in LATCHKEY_CATALOG_FILES); it starts every message. */
  readonly file: string;
  /**
   * The 1-based line of the key or of the value at `path`; for a path that does not exist, the line of
   * the deepest part of it that does.
   */
  lineOf(path: CatalogPath, part: "key" | "value"): number;
}

/** One problem in an operator's catalog file, printed as `file:line: field: message`. */
export interface CatalogIssue {
  readonly file: string;
  readonly line: number;
  /** `products.billing.resources.invoices.routes.read.method`; `(syntax)` or `(root)` for the file as a whole. */
  readonly field: string;
  readonly message: string;
}

/** A bad catalog is an expected outcome of reading an operator's file, so it is a value, not an exception. */
export type CatalogResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly CatalogIssue[] };

const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

/**
 * Names a place in the document the way an operator would look for it: `products.billing.resources`,
 * `["invoices.lines"]` for a key with a dot in it, `[1]` for the second item of a list.
 *
 * @example
 * ```ts
 * fieldOf(["products", "billing", "resources", "invoices.lines", "routes", "list", 1]);
 * // → 'products.billing.resources["invoices.lines"].routes.list[1]'
 * ```
 */
export function fieldOf(path: CatalogPath): string {
  if (path.length === 0) return "(root)";
  let field = "";
  for (const step of path) {
    if (typeof step === "number") field += `[${step}]`;
    else if (PLAIN_KEY.test(step)) field += field === "" ? step : `.${step}`;
    else field += `[${JSON.stringify(clip(step))}]`;
  }
  return field;
}

/** `acme.yaml:14: products.billing.resources.invoices.routes.read.method: must be one of …`. */
export function formatCatalogIssue(issue: CatalogIssue): string {
  return `${issue.file}:${issue.line}: ${issue.field}: ${issue.message}`;
}

/** One issue a line, at most `limit` of them, so a badly broken file does not flood the terminal. */
export function formatCatalogIssues(issues: readonly CatalogIssue[], limit = 20): string {
  const lines = issues.slice(0, limit).map(formatCatalogIssue);
  if (issues.length > limit) lines.push(`… and ${issues.length - limit} more problems`);
  return lines.join("\n");
}

/** Names from a file are echoed in messages; a pasted blob should not be echoed whole. */
export function clip(text: string, length = 64): string {
  return text.length > length ? `${text.slice(0, length)}…` : text;
}
