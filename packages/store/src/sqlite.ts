import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { Store } from "@latchkey/core";
import SqliteDatabase from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect } from "kysely";
import { createKyselyStore } from "./kysely-store.js";
import { migrationsFor } from "./migrations.js";
import type { Database } from "./schema.js";
import { withStatementCache } from "./statement-cache.js";

/** Opens (creating if needed) a SQLite store file and applies pending migrations. */
export async function openSqliteStore(file: string): Promise<Store> {
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  // WAL lets readers run beside the writer; NORMAL sync is durable across process crashes in WAL mode.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  await migrateToLatest(db, "sqlite");
  return createKyselyStore(db);
}

export async function migrateToLatest(db: Kysely<Database>, engine: "sqlite" | "postgres"): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationsFor(engine) });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) throw new Error("Database migration failed", { cause: error });
}
