import type { DirectoryRepositories, DirectoryStore } from "@latchkey/core";
import type { Kysely, Transaction } from "kysely";
import { identityToRow, rowToIdentity } from "../rows.js";
import { settingsOn } from "../settings.js";
import { consoleSessionsOn, consoleUsersOn } from "./console-repositories.js";
import type { DirectoryDatabase } from "./schema.js";

/** The DirectoryStore port over any Kysely dialect. It is read only by account changes, never on a request's hot path. */
export function createKyselyDirectory(db: Kysely<DirectoryDatabase>): DirectoryStore {
  return {
    ...repositoriesOn(db),
    transaction: (work) => db.transaction().execute((tx) => work(repositoriesOn(tx))),
    async ping() {
      await db.selectFrom("settings").select("name").limit(1).execute();
    },
    close: () => db.destroy(),
  };
}

function repositoriesOn(db: Kysely<DirectoryDatabase> | Transaction<DirectoryDatabase>): DirectoryRepositories {
  const find = async (sid: string) => {
    const row = await db.selectFrom("accounts").selectAll().where("sid", "=", sid).executeTakeFirst();
    return row === undefined ? undefined : rowToIdentity(row);
  };
  return {
    accounts: {
      async create(account) {
        await db.insertInto("accounts").values(identityToRow(account)).execute();
      },
      findBySid: find,
      async update(sid, changes) {
        await db
          .updateTable("accounts")
          .set((eb) => ({
            date_updated: changes.dateUpdated,
            version: eb("version", "+", 1),
            ...(changes.friendlyName !== undefined && { friendly_name: changes.friendlyName }),
            ...(changes.status !== undefined && { status: changes.status }),
          }))
          .where("sid", "=", sid)
          .execute();
        return find(sid);
      },
      async countSubaccounts(ownerSid) {
        const row = await db
          .selectFrom("accounts")
          .select((eb) => eb.fn.countAll<number | string>().as("count"))
          .where("owner_account_sid", "=", ownerSid)
          .where("sid", "!=", ownerSid)
          .where("status", "!=", "closed")
          .executeTakeFirstOrThrow();
        return Number(row.count);
      },
      async listAfter(afterSid, limit) {
        let select = db.selectFrom("accounts").selectAll().orderBy("sid").limit(limit);
        if (afterSid !== null) select = select.where("sid", ">", afterSid);
        return (await select.execute()).map(rowToIdentity);
      },
    },
    settings: settingsOn(db),
    users: consoleUsersOn(db),
    sessions: consoleSessionsOn(db),
  };
}
