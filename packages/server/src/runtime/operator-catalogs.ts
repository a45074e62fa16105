import { readFile, stat } from "node:fs/promises";
import { extname } from "node:path";
import {
  type CatalogIssue,
  type CatalogPath,
  type CatalogResult,
  combineOperatorCatalogs,
  formatCatalogIssues,
  type OperatorCatalog,
  type RegionCatalogs,
  validateOperatorCatalog,
} from "@latchkey/core";
import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import { ConfigError } from "../config.js";

/** A catalog is a few hundred lines; a file far larger is a wrong path, not a catalog. */
export const MAX_CATALOG_FILE_BYTES = 1024 * 1024;

const FORMATS: Readonly<Record<string, "json" | "yaml">> = { ".json": "json", ".yaml": "yaml", ".yml": "yaml" };

/**
 * Reads and validates the operators' catalog files (LATCHKEY_CATALOG_FILES) into the region's permission
 * catalog and route tree; undefined when there are none, so the region keeps Twilio's prebuilt ones.
 * Throws a ConfigError listing every problem as `file:line: field: message`.
 */
export async function loadOperatorCatalogs(files: readonly string[]): Promise<RegionCatalogs | undefined> {
  if (files.length === 0) return undefined;
  const catalogs: OperatorCatalog[] = [];
  const issues: CatalogIssue[] = [];
  for (const file of files) {
    const result = parseOperatorCatalog(file, await readCatalogFile(file));
    if (result.ok) catalogs.push(result.value);
    else issues.push(...result.issues);
  }
  if (issues.length > 0) throw new ConfigError(formatCatalogIssues(issues));
  const combined = combineOperatorCatalogs(catalogs);
  if (!combined.ok) throw new ConfigError(formatCatalogIssues(combined.issues));
  return combined.value;
}

/** Parses one file's text by its extension, then validates it; `file` names it in every problem. */
export function parseOperatorCatalog(file: string, text: string): CatalogResult<OperatorCatalog> {
  const format = formatOf(file);
  const lines = new LineCounter();
  // YAML 1.2 is a superset of JSON, so one parser gives positions for both; uniqueKeys also catches the
  // repeated key that JSON.parse would silently let win.
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  let value: unknown;
  if (format === "json") {
    try {
      value = JSON.parse(text);
    } catch (error) {
      return syntaxProblem(file, lines, jsonErrorOffset(error), `not valid JSON: ${jsonErrorMessage(error)}`);
    }
    // JSON.parse is the judge of JSON; the YAML reading only adds positions and the duplicate-key check.
    const duplicate = document.errors.find((error) => error.code === "DUPLICATE_KEY");
    if (duplicate !== undefined) return syntaxProblem(file, lines, duplicate.pos[0], duplicate.message);
  } else {
    const [error] = document.errors;
    if (error !== undefined) {
      return syntaxProblem(file, lines, error.pos[0], `${error.message}${flowHint(text, lines, error.pos[0])}`);
    }
    try {
      value = document.toJS();
    } catch (error) {
      return syntaxProblem(file, lines, 0, error instanceof Error ? error.message : String(error));
    }
  }
  return validateOperatorCatalog(value, { file, lineOf: lineFinder(document, lines) });
}

async function readCatalogFile(file: string): Promise<string> {
  formatOf(file);
  try {
    if ((await stat(file)).size > MAX_CATALOG_FILE_BYTES) {
      throw new ConfigError(`${file}: an operator catalog may be at most ${MAX_CATALOG_FILE_BYTES} bytes`);
    }
    return await readFile(file, "utf8");
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
    throw new ConfigError(`${file}: cannot read this operator catalog (${code}); check LATCHKEY_CATALOG_FILES`);
  }
}

function formatOf(file: string): "json" | "yaml" {
  const format = FORMATS[extname(file).toLowerCase()];
  if (format === undefined) {
    throw new ConfigError(`${file}: an operator catalog file must end in .json, .yaml or .yml`);
  }
  return format;
}

function lineFinder(document: Document, lines: LineCounter): (path: CatalogPath, part: "key" | "value") => number {
  const lineOf = (path: CatalogPath, part: "key" | "value"): number => {
    const offset = offsetOf(document, path, part);
    if (offset !== undefined) return lines.linePos(offset).line;
    return path.length === 0 ? 1 : lineOf(path.slice(0, -1), part);
  };
  return lineOf;
}

/** Where the key or the value at `path` starts in the text; undefined when the path is not in the document. */
function offsetOf(document: Document, path: CatalogPath, part: "key" | "value"): number | undefined {
  let node: unknown = document.contents;
  let key: unknown = node;
  for (const step of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(step));
      if (pair === undefined) return undefined;
      key = pair.key;
      // `read:` with nothing after it has no value node; point at its key.
      node = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof step === "number") {
      node = node.items[step];
      key = node;
    } else {
      return undefined;
    }
  }
  return (part === "key" ? rangeOf(key) : rangeOf(node))?.[0];
}

function rangeOf(node: unknown): readonly [number, number, number] | undefined {
  return (node as Node | null | undefined)?.range ?? undefined;
}

function syntaxProblem(file: string, lines: LineCounter, offset: number, message: string): CatalogResult<never> {
  return { ok: false, issues: [{ file, line: lines.linePos(offset).line, field: "(syntax)", message }] };
}

/** Node 20 says `… in JSON at position 42`; newer versions add the line and column. */
function jsonErrorOffset(error: unknown): number {
  const position = /at position (\d+)/.exec(error instanceof Error ? error.message : "");
  return position?.[1] === undefined ? 0 : Number(position[1]);
}

function jsonErrorMessage(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/ in JSON at position \d+.*$/s, "");
}

// A plain `/v1/Invoices/{Sid}` is fine on its own line, but inside `{ … }` or `[ … ]` its braces end the
// mapping early; the parser's own message says nothing of that.
function flowHint(text: string, lines: LineCounter, offset: number): string {
  const { line } = lines.linePos(offset);
  const source = text.split(/\r?\n/)[line - 1] ?? "";
  return /[{[][^"']*\/\{/.test(source)
    ? ' (inside { … } or [ … ] a path with {Param} must be quoted: "/v1/Invoices/{Sid}")'
    : "";
}
