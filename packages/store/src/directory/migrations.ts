import type { Kysely, Migration, MigrationProvider } from "kysely";
import { sql } from "kysely";

/** The account directory's migrations: versioned and append-only, like the regional store's (../migrations.ts). */
export function directoryMigrations(): MigrationProvider {
  const migrations: Record<string, Migration> = {
    "0001_directory": {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable("accounts")
          .addColumn("sid", "varchar(34)", (c) => c.primaryKey())
          .addColumn("owner_account_sid", "varchar(34)", (c) => c.notNull())
          .addColumn("friendly_name", "varchar(64)", (c) => c.notNull())
          .addColumn("status", "varchar(16)", (c) => c.notNull())
          .addColumn("type", "varchar(16)", (c) => c.notNull())
          .addColumn("region", "varchar(32)", (c) => c.notNull())
          .addColumn("date_created", "bigint", (c) => c.notNull())
          .addColumn("date_updated", "bigint", (c) => c.notNull())
          .addColumn("version", "bigint", (c) => c.notNull())
          .execute();
        // Serves the subaccount cap's count.
        await sql`CREATE INDEX accounts_by_owner ON accounts (owner_account_sid, status)`.execute(db);
        await db.schema
          .createTable("settings")
          .addColumn("name", "varchar(64)", (c) => c.primaryKey())
          .addColumn("value", "text", (c) => c.notNull())
          .execute();
      },
    },
  };
  return { getMigrations: async () => migrations };
}
