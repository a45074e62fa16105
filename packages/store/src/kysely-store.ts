import type { AccountListQuery, KeyChanges, KeyListQuery, Store, StoreRepositories } from "@latchkey/core";
import type { Kysely, Transaction } from "kysely";
import { keysetPlan } from "./keyset.js";
import { accountChangesToRow, accountToRow, keyToRow, rowToAccount, rowToAuditEntry, rowToKey } from "./rows.js";
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
      async update(sid, changes) {
        await db.updateTable("accounts").set(accountChangesToRow(changes)).where("sid", "=", sid).execute();
        const row = await db.selectFrom("accounts").selectAll().where("sid", "=", sid).executeTakeFirst();
        return row === undefined ? undefined : rowToAccount(row);
      },
      async countSubaccounts(ownerSid) {
        const row = await db
          .selectFrom("accounts")
          .select((eb) => eb.fn.countAll<number | string>().as("count"))
          .where("owner_account_sid", "=", ownerSid)
          .where("sid", "!=", ownerSid)
          .executeTakeFirstOrThrow();
        return Number(row.count);
      },
      listPage: (query) => listAccountPage(db, query),
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

async function listKeyPage(db: Kysely<Database> | Transaction<Database>, query: KeyListQuery) {
  const plan = keysetPlan(query.cursor);
  let select = db
    .selectFrom("api_keys")
    .selectAll()
    .where("account_sid", "=", query.accountSid)
    .orderBy("date_updated", plan.order)
    .orderBy("sid", plan.order)
    .limit(query.limit);
  select = plan.where === null ? select.offset(query.offset) : select.where(plan.where);
  const rows = (await select.execute()).map(rowToKey);
  return plan.reverse ? rows.reverse() : rows;
}

async function listAccountPage(db: Kysely<Database> | Transaction<Database>, query: AccountListQuery) {
  const plan = keysetPlan(query.cursor);
  // An account and the accounts it owns; an owner account owns itself, a subaccount owns none.
  let select = db
    .selectFrom("accounts")
    .selectAll()
    .where((eb) =>
      query.includeSubaccounts
        ? eb.or([eb("sid", "=", query.accountSid), eb("owner_account_sid", "=", query.accountSid)])
        : eb("sid", "=", query.accountSid),
    )
    .orderBy("date_updated", plan.order)
    .orderBy("sid", plan.order)
    .limit(query.limit);
  if (query.friendlyName !== null) select = select.where("friendly_name", "=", query.friendlyName);
  if (query.status !== null) select = select.where("status", "=", query.status);
  select = plan.where === null ? select.offset(query.offset) : select.where(plan.where);
  const rows = (await select.execute()).map(rowToAccount);
  return plan.reverse ? rows.reverse() : rows;
}
