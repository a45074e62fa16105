import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { describeStoreContract } from "../contract/store-contract.js";
import { openSqliteStore } from "./sqlite.js";

const directory = mkdtempSync(join(tmpdir(), "latchkey-store-"));
let counter = 0;

afterAll(() => rmSync(directory, { recursive: true, force: true }));

// A real file per test, in WAL mode, exactly as the server opens it.
describeStoreContract("SQLite", () => openSqliteStore(join(directory, `store-${++counter}.sqlite`)));
