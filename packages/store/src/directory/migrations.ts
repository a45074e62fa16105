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
    // Console users and their sessions (issue 10): people are deployment-wide, so they live here, not in a region.
    "0002_console_users": {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable("console_users")
          .addColumn("sid", "varchar(34)", (c) => c.primaryKey())
          // Normalized (trimmed, lowercased) before it gets here, so UNIQUE is case-insensitive uniqueness.
          .addColumn("email", "varchar(254)", (c) => c.notNull().unique())
          .addColumn("role", "varchar(16)", (c) => c.notNull())
          .addColumn("account_sid", "varchar(34)", (c) => c.notNull().references("accounts.sid"))
          .addColumn("password_hash", "text", (c) => c.notNull())
          // 0 or 1: one integer column reads the same on SQLite and PostgreSQL.
          .addColumn("must_change_password", "integer", (c) => c.notNull())
          .addColumn("region", "varchar(32)")
          .addColumn("date_created", "bigint", (c) => c.notNull())
          .addColumn("date_updated", "bigint", (c) => c.notNull())
          .execute();
        // Serves the last-Owner check.
        await sql`CREATE INDEX console_users_by_account_role ON console_users (account_sid, role)`.execute(db);
        await db.schema
          .createTable("console_sessions")
          // base64url SHA-256 of the cookie token; the token itself is never stored.
          .addColumn("id_hash", "varchar(64)", (c) => c.primaryKey())
          .addColumn("user_sid", "varchar(34)", (c) => c.notNull().references("console_users.sid"))
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addColumn("last_seen_at", "bigint", (c) => c.notNull())
          .execute();
        await sql`CREATE INDEX console_sessions_by_user ON console_sessions (user_sid)`.execute(db);
      },
    },
  };
  return { getMigrations: async () => migrations };
}
