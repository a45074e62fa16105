import type { AccountStatus, DirectoryAccount, DirectoryRepositories, DirectoryStore } from "@latchkey/core";
import type { Kysely, Selectable, Transaction } from "kysely";
import type { DirectoryAccountsTable, DirectoryDatabase } from "./schema.js";

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
    return row === undefined ? undefined : rowToAccount(row);
  };
  return {
    accounts: {
      async create(account) {
        await db.insertInto("accounts").values(accountToRow(account)).execute();
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
        return (await select.execute()).map(rowToAccount);
      },
    },
    settings: {
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
    },
  };
}

function accountToRow(account: DirectoryAccount): DirectoryAccountsTable {
  return {
    sid: account.sid,
    owner_account_sid: account.ownerAccountSid,
    friendly_name: account.friendlyName,
    status: account.status,
    type: account.type,
    region: account.region,
    date_created: account.dateCreated,
    date_updated: account.dateUpdated,
    version: account.version,
  };
}

// Dates and versions go through Number(): PostgreSQL returns bigint columns as strings.
function rowToAccount(row: Selectable<DirectoryAccountsTable>): DirectoryAccount {
  return {
    sid: row.sid,
    ownerAccountSid: row.owner_account_sid,
    friendlyName: row.friendly_name,
    status: row.status as AccountStatus,
    type: row.type as DirectoryAccount["type"],
    region: row.region,
    dateCreated: Number(row.date_created),
    dateUpdated: Number(row.date_updated),
    version: Number(row.version),
  };
}
