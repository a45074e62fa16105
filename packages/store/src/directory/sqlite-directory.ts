import type { DirectoryStore } from "@latchkey/core";
import { Kysely, Migrator, SqliteDialect } from "kysely";
import { openSqliteDatabase, restrictSidecarFiles } from "../sqlite.js";
import { withStatementCache } from "../statement-cache.js";
import { createKyselyDirectory } from "./kysely-directory.js";
import { directoryMigrations } from "./migrations.js";
import type { DirectoryDatabase } from "./schema.js";

/** Opens (creating if needed) the deployment's account directory in a SQLite file, with the regional stores' safeguards. */
export async function openSqliteDirectory(file: string): Promise<DirectoryStore> {
  const sqlite = openSqliteDatabase(file);
  const db = new Kysely<DirectoryDatabase>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  const { error } = await new Migrator({ db, provider: directoryMigrations() }).migrateToLatest();
  if (error !== undefined) {
    await db.destroy();
    throw new Error("Account directory migration failed", { cause: error });
  }
  if (file !== ":memory:") restrictSidecarFiles(file);
  return createKyselyDirectory(db);
}
