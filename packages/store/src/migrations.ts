import { type Kysely, type Migration, type MigrationProvider, sql } from "kysely";

export type Engine = "sqlite" | "postgres";

/**
 * Versioned, append-only migrations. Names sort in the order they apply; a released migration is
 * never edited, only followed by a new one. The few engine differences are spelled out here.
 */
export function migrationsFor(engine: Engine): MigrationProvider {
  const migrations: Record<string, Migration> = {
    "0001_initial": {
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
          .addColumn("auth_token_verifier", "text", (c) => c.notNull())
          .addColumn("sealed_auth_token", "text", (c) => c.notNull())
          .addColumn("auth_token_date_created", "bigint", (c) => c.notNull())
          .addColumn("secondary_auth_token_verifier", "text")
          .addColumn("sealed_secondary_auth_token", "text")
          .addColumn("secondary_auth_token_date_created", "bigint")
          .execute();
        // Serves subaccount counting and the keyset paging of account lists.
        await sql`CREATE INDEX accounts_by_owner_updated ON accounts (owner_account_sid, date_updated DESC, sid DESC)`.execute(
          db,
        );

        await db.schema
          .createTable("api_keys")
          .addColumn("sid", "varchar(34)", (c) => c.primaryKey())
          .addColumn("account_sid", "varchar(34)", (c) => c.notNull().references("accounts.sid"))
          .addColumn("friendly_name", "varchar(64)")
          .addColumn("key_type", "varchar(16)", (c) => c.notNull())
          .addColumn("policy", "text")
          .addColumn("region", "varchar(32)", (c) => c.notNull())
          .addColumn("date_created", "bigint", (c) => c.notNull())
          .addColumn("date_updated", "bigint", (c) => c.notNull())
          .addColumn("secret_verifier", "text", (c) => c.notNull())
          .addColumn("sealed_secret", "text", (c) => c.notNull())
          .execute();
        // Serves the keyset paging of lists: one range scan whatever the page number.
        await sql`CREATE INDEX api_keys_by_account_updated ON api_keys (account_sid, date_updated DESC, sid DESC)`.execute(
          db,
        );

        await db.schema
          .createTable("audit_log")
          .addColumn("id", engine === "sqlite" ? "integer" : "bigserial", (c) =>
            engine === "sqlite" ? c.primaryKey().autoIncrement() : c.primaryKey(),
          )
          .addColumn("at", "bigint", (c) => c.notNull())
          .addColumn("action", "varchar(64)", (c) => c.notNull())
          .addColumn("actor_sid", "varchar(64)", (c) => c.notNull())
          .addColumn("address", "varchar(64)", (c) => c.notNull())
          .addColumn("region", "varchar(32)", (c) => c.notNull())
          .addColumn("account_sid", "varchar(34)", (c) => c.notNull())
          .addColumn("target_sid", "varchar(34)", (c) => c.notNull())
          .addColumn("changes", "text", (c) => c.notNull())
          .execute();
        await db.schema.createIndex("audit_log_by_account").on("audit_log").columns(["account_sid", "at"]).execute();

        await db.schema
          .createTable("settings")
          .addColumn("name", "varchar(64)", (c) => c.primaryKey())
          .addColumn("value", "text", (c) => c.notNull())
          .execute();
      },
    },
    // Regions copy accounts from the deployment's directory; `version` is the directory version a copy
    // reflects, so copies apply in order. Rows made before regions were one deployment start at 1.
    "0002_account_version": {
      async up(db: Kysely<unknown>) {
        await db.schema
          .alterTable("accounts")
          .addColumn("version", "bigint", (c) => c.notNull().defaultTo(1))
          .execute();
      },
    },
  };
  return { getMigrations: async () => migrations };
}
