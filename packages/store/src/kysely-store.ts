import {
  type AccountListQuery,
  InvalidatingCache,
  type KeyChanges,
  type KeyListQuery,
  type KeyType,
  type Store,
  type StoredKey,
  type StoreRepositories,
} from "@latchkey/core";
import type { Kysely, Transaction } from "kysely";
import { keySearchCondition } from "./key-search.js";
import { keysetPlan } from "./keyset.js";
import { accountChangesToRow, accountToRow, keyToRow, rowToAccount, rowToAuditEntry, rowToKey } from "./rows.js";
import type { Database } from "./schema.js";
import { settingsOn } from "./settings.js";

export interface KyselyStoreOptions {
  /** Key records kept in memory for reads outside transactions (0 turns the cache off). */
  readonly keyCacheSize?: number;
}

/**
 * The Store port over any Kysely dialect: the same queries serve SQLite and PostgreSQL.
 *
 * Reads of a key by SID outside a transaction go through an in-process cache, so fetching a key on
 * the hot path costs no database round trip once warm. Every key write invalidates its entry, once
 * when written and again after its transaction commits (so no reader can cache the pre-commit row).
 * The cache is per process: a deployment where several processes write one database must turn it
 * off or invalidate across processes.
 */
export function createKyselyStore(db: Kysely<Database>, options: KyselyStoreOptions = {}): Store {
  const keyCacheSize = options.keyCacheSize ?? 10_000;
  const keyCache = new InvalidatingCache<StoredKey>(keyCacheSize);
  const direct = repositoriesOn(db, (sid) => keyCache.invalidate(sid));
  return {
    ...direct,
    keys:
      keyCacheSize > 0
        ? { ...direct.keys, findBySid: (sid) => keyCache.getOrLoad(sid, () => direct.keys.findBySid(sid)) }
        : direct.keys,
    async transaction(work) {
      const written = new Set<string>();
      const result = await db.transaction().execute((tx) =>
        work(
          repositoriesOn(tx, (sid) => {
            written.add(sid);
            keyCache.invalidate(sid);
          }),
        ),
      );
      for (const sid of written) keyCache.invalidate(sid);
      return result;
    },
    async ping() {
      await db.selectFrom("settings").select("name").limit(1).execute();
    },
    close: () => db.destroy(),
  };
}

/** `onKeyWrite` hears of every key this set of repositories changes, for cache invalidation. */
function repositoriesOn(
  db: Kysely<Database> | Transaction<Database>,
  onKeyWrite: (sid: string) => void,
): StoreRepositories {
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
        onKeyWrite(sid);
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
        onKeyWrite(sid);
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
    settings: settingsOn(db),
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
  // Filters narrow the same range scan, so the keyset order and its cursors stay valid for filtered pages.
  const search = keySearchCondition(query.search ?? null);
  if (search !== null) select = select.where(search);
  const type: KeyType | null = query.type ?? null;
  if (type !== null) select = select.where("key_type", "=", type);
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
