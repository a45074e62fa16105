import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Store } from "@latchkey/core";
import SqliteDatabase from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect } from "kysely";
import { createKyselyStore } from "./kysely-store.js";
import { migrationsFor } from "./migrations.js";
import type { Database } from "./schema.js";
import { withStatementCache } from "./statement-cache.js";

/** Opens (creating if needed) a SQLite store file and applies pending migrations. */
export async function openSqliteStore(file: string): Promise<Store> {
  const sqlite = openSqliteDatabase(file);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  await migrateToLatest(db, "sqlite");
  if (file !== ":memory:") restrictSidecarFiles(file);
  return createKyselyStore(db);
}

/** The connection every SQLite store runs on: owner-only files, WAL, and commits that survive power loss. */
export function openSqliteDatabase(file: string): SqliteDatabase.Database {
  if (file !== ":memory:") createPrivateFile(file);
  const sqlite = new SqliteDatabase(file);
  // WAL lets readers run beside the writer.
  sqlite.pragma("journal_mode = WAL");
  // FULL, not NORMAL: in WAL mode NORMAL skips the fsync at each commit, so a power loss (not a process
  // crash) can forget transactions already acknowledged. A credential authority must not forget a
  // revocation or a rotation it confirmed: a deleted key would come back to life. FULL costs one fsync per
  // commit (measured on POST /v1/Keys in docs/performance.md); reads pay nothing.
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  return sqlite;
}

const OWNER_ONLY_DIR = 0o700;
const OWNER_ONLY_FILE = 0o600;

/**
 * SECURITY: the database holds sealed secrets and verifiers; only its owner may read it. SQLite would
 * create the file 0644 (less the umask); we create it first, and chmod after, so the mode does not depend
 * on the umask. SQLite gives the -wal and -shm files the database file's mode.
 */
function createPrivateFile(file: string): void {
  const created = mkdirSync(dirname(file), { recursive: true, mode: OWNER_ONLY_DIR });
  // Only the directories made here: one the caller chose (a data dir, the working dir) keeps its mode.
  if (created !== undefined) {
    const first = resolve(created);
    for (let dir = resolve(dirname(file)); dir.startsWith(first); dir = dirname(dir)) chmodSync(dir, OWNER_ONLY_DIR);
  }
  closeSync(openSync(file, "a", OWNER_ONLY_FILE));
  // Also tightens a file an older version left 0644.
  chmodSync(file, OWNER_ONLY_FILE);
}

/** The -wal and -shm files exist once the store is open; an older version may have left them 0644. */
export function restrictSidecarFiles(file: string): void {
  for (const suffix of ["-wal", "-shm"]) {
    const sidecar = `${file}${suffix}`;
    if (existsSync(sidecar)) chmodSync(sidecar, OWNER_ONLY_FILE);
  }
}

export async function migrateToLatest(db: Kysely<Database>, engine: "sqlite" | "postgres"): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationsFor(engine) });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) throw new Error("Database migration failed", { cause: error });
}
