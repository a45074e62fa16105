import type { SettingsRepository } from "@latchkey/core";
import type { Kysely, Transaction } from "kysely";

export interface SettingsTable {
  name: string;
  value: string;
}

type WithSettings = { settings: SettingsTable };

/** The settings table, which the regional stores and the account directory both have, as the port's repository. */
export function settingsOn<DB extends WithSettings>(database: Kysely<DB> | Transaction<DB>): SettingsRepository {
  // Narrowed to the one table read here: Kysely's builders cannot see that a generic DB has it.
  const db = database as unknown as Kysely<WithSettings>;
  return {
    async get(name) {
      const row = await db.selectFrom("settings").select("value").where("name", "=", name).executeTakeFirst();
      return row?.value;
    },
    async set(name, value) {
      await db
        .insertInto("settings")
        .values({ name, value })
        .onConflict((c) => c.column("name").doUpdateSet({ value }))
        .execute();
    },
  };
}
