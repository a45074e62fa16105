import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { describeDirectoryContract } from "../../contract/directory-contract.js";
import { openSqliteDirectory } from "./sqlite-directory.js";

const directory = mkdtempSync(join(tmpdir(), "latchkey-directory-"));
let counter = 0;

afterAll(() => rmSync(directory, { recursive: true, force: true }));

// A real file per test, in WAL mode, exactly as the server opens it.
describeDirectoryContract("SQLite", () => openSqliteDirectory(join(directory, `directory-${++counter}.sqlite`)));
