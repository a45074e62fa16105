/**
 * The built console, read into memory once at start. SECURITY: a request path is only ever a key into these
 * maps; no path is joined onto a directory, so no `..` or encoded separator can reach another file.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join } from "node:path";

export interface ConsoleFile {
  readonly body: Buffer;
  readonly contentType: string;
}

export interface ConsoleFiles {
  /** index.html, or null when the console was not built. */
  readonly index: Buffer | null;
  /** Hashed build output by path under assets/ (`app-abc123.js`, `fonts/x.woff2`). */
  readonly assets: ReadonlyMap<string, ConsoleFile>;
  /** Other top-level files of the build (a favicon), by name. */
  readonly rootFiles: ReadonlyMap<string, ConsoleFile>;
}

// A console build is a few dozen files and a few MB; a directory far larger is the wrong one.
const MAX_FILES = 2_000;
const MAX_TOTAL_BYTES = 64 * 1024 * 1024;
const MAX_DEPTH = 4;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".html": "text/html; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".eot": "application/vnd.ms-fontobject",
  ".txt": "text/plain; charset=utf-8",
};

export function contentTypeOf(name: string): string {
  return CONTENT_TYPES[extname(name).toLowerCase()] ?? "application/octet-stream";
}

/** Reads `distDir`; a missing or empty directory gives a console that answers 503 until it is built. */
export function loadConsoleFiles(distDir: string): ConsoleFiles {
  const budget = { files: 0, bytes: 0 };
  const assets = new Map<string, ConsoleFile>();
  const rootFiles = new Map<string, ConsoleFile>();
  let index: Buffer | null = null;
  for (const entry of entriesOf(distDir)) {
    const path = join(distDir, entry);
    if (entry === "assets" && isDirectory(path)) {
      readTree(path, "", 1, assets, budget);
    } else if (isFile(path)) {
      const body = readCounted(path, budget);
      if (entry === "index.html") index = body;
      else rootFiles.set(entry, { body, contentType: contentTypeOf(entry) });
    }
  }
  return { index, assets, rootFiles };
}

function readTree(
  dir: string,
  prefix: string,
  depth: number,
  into: Map<string, ConsoleFile>,
  budget: { files: number; bytes: number },
): void {
  for (const entry of entriesOf(dir)) {
    const path = join(dir, entry);
    const name = `${prefix}${entry}`;
    if (isFile(path)) into.set(name, { body: readCounted(path, budget), contentType: contentTypeOf(entry) });
    else if (depth < MAX_DEPTH && isDirectory(path)) readTree(path, `${name}/`, depth + 1, into, budget);
  }
}

function readCounted(path: string, budget: { files: number; bytes: number }): Buffer {
  const body = readFileSync(path);
  budget.files += 1;
  budget.bytes += body.length;
  if (budget.files > MAX_FILES || budget.bytes > MAX_TOTAL_BYTES) {
    throw new Error(`The console build at ${path} is larger than ${MAX_FILES} files or ${MAX_TOTAL_BYTES} bytes`);
  }
  return body;
}

function entriesOf(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() === true;
}

function isDirectory(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
}
