import type { KeyChanges, KeyListQuery, Store, StoreRepositories } from "@latchkey/core";
import type { Kysely, Transaction } from "kysely";
import { accountToRow, keyToRow, rowToAccount, rowToAuditEntry, rowToKey } from "./rows.js";
import type { Database } from "./schema.js";

/** The Store port over any Kysely dialect: the same queries serve SQLite and PostgreSQL. */
export function createKyselyStore(db: Kysely<Database>): Store {
  return {
    ...repositoriesOn(db),
    transaction: (work) => db.transaction().execute((tx) => work(repositoriesOn(tx))),
    async ping() {
      await db.selectFrom("settings").select("name").limit(1).execute();
    },
    close: () => db.destroy(),
  };
}

function repositoriesOn(db: Kysely<Database> | Transaction<Database>): StoreRepositories {
  return {
    accounts: {
      async create(account) {
        await db.insertInto("accounts").values(accountToRow(account)).execute();
      },
      async findBySid(sid) {
        const row = await db.selectFrom("accounts").selectAll().where("sid", "=", sid).executeTakeFirst();
        return row === undefined ? undefined : rowToAccount(row);
      },
    },
    keys: {
      async create(key) {
        await db.insertInto("api_keys").values(keyToRow(key)).execute();
      },
      async findBySid(sid) {
        const row = await db.selectFrom("api_keys").selectAll().where("sid", "=", sid).executeTakeFirst();
        return row === undefined ? undefined : rowToKey(row);
      },
      listPage: (query) => listKeyPage(db, query),
      async update(sid, changes: KeyChanges) {
        await db
          .updateTable("api_keys")
          .set({
            date_updated: changes.dateUpdated,
            ...(changes.friendlyName !== undefined && { friendly_name: changes.friendlyName }),
            ...(changes.policy !== undefined && {
              policy: changes.policy === null ? null : JSON.stringify(changes.policy.allow),
            }),
          })
          .where("sid", "=", sid)
          .execute();
        const row = await db.selectFrom("api_keys").selectAll().where("sid", "=", sid).executeTakeFirst();
        return row === undefined ? undefined : rowToKey(row);
      },
      async delete(sid) {
        const result = await db.deleteFrom("api_keys").where("sid", "=", sid).executeTakeFirst();
        return result.numDeletedRows > 0n;
      },
    },
    audit: {
      async append(entry) {
        await db
          .insertInto("audit_log")
          .values({
            at: entry.at,
            action: entry.action,
            actor_sid: entry.actorSid,
            address: entry.address,
            region: entry.region,
            account_sid: entry.accountSid,
            target_sid: entry.targetSid,
            changes: JSON.stringify(entry.changes),
          })
          .execute();
      },
      async listRecent(limit) {
        const rows = await db.selectFrom("audit_log").selectAll().orderBy("id", "desc").limit(limit).execute();
        return rows.map(rowToAuditEntry);
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

/**
 * Keyset paging over (date_updated DESC, sid DESC). Walking back ("before" a cursor) reads the rows
 * just above it in ascending order and flips them, so both directions use the same index.
 */
async function listKeyPage(db: Kysely<Database> | Transaction<Database>, query: KeyListQuery) {
  const base = db.selectFrom("api_keys").selectAll().where("account_sid", "=", query.accountSid);
  const { cursor } = query;
  if (cursor === null) {
    const rows = await base
      .orderBy("date_updated", "desc")
      .orderBy("sid", "desc")
      .limit(query.limit)
      .offset(query.offset)
      .execute();
    return rows.map(rowToKey);
  }
  if (cursor.direction === "after") {
    const rows = await base
      .where((eb) =>
        eb.or([
          eb("date_updated", "<", cursor.dateUpdated),
          eb.and([eb("date_updated", "=", cursor.dateUpdated), eb("sid", "<", cursor.sid)]),
        ]),
      )
      .orderBy("date_updated", "desc")
      .orderBy("sid", "desc")
      .limit(query.limit)
      .execute();
    return rows.map(rowToKey);
  }
  const rows = await base
    .where((eb) =>
      eb.or([
        eb("date_updated", ">", cursor.dateUpdated),
        eb.and([eb("date_updated", "=", cursor.dateUpdated), eb("sid", ">", cursor.sid)]),
      ]),
    )
    .orderBy("date_updated", "asc")
    .orderBy("sid", "asc")
    .limit(query.limit)
    .execute();
  return rows.map(rowToKey).reverse();
}
