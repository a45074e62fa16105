import type { ConsoleSessionRepository, ConsoleUserRepository } from "@latchkey/core";
import type { Kysely, Transaction } from "kysely";
import { consoleSessionToRow, consoleUserToRow, rowToConsoleSession, rowToConsoleUser } from "./console-user-rows.js";
import type { DirectoryDatabase } from "./schema.js";

type DirectoryDb = Kysely<DirectoryDatabase> | Transaction<DirectoryDatabase>;

export function consoleUsersOn(db: DirectoryDb): ConsoleUserRepository {
  const findBySid = async (sid: string) => {
    const row = await db.selectFrom("console_users").selectAll().where("sid", "=", sid).executeTakeFirst();
    return row === undefined ? undefined : rowToConsoleUser(row);
  };
  return {
    async create(user) {
      await db.insertInto("console_users").values(consoleUserToRow(user)).execute();
    },
    findBySid,
    async findByEmail(email) {
      const row = await db.selectFrom("console_users").selectAll().where("email", "=", email).executeTakeFirst();
      return row === undefined ? undefined : rowToConsoleUser(row);
    },
    async listAfter(afterEmail, limit) {
      let select = db.selectFrom("console_users").selectAll().orderBy("email").limit(limit);
      if (afterEmail !== null) select = select.where("email", ">", afterEmail);
      return (await select.execute()).map(rowToConsoleUser);
    },
    async countOwners(accountSid) {
      const row = await db
        .selectFrom("console_users")
        .select((eb) => eb.fn.countAll<number | string>().as("count"))
        .where("account_sid", "=", accountSid)
        .where("role", "=", "owner")
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },
    async update(sid, changes) {
      await db
        .updateTable("console_users")
        .set({
          date_updated: changes.dateUpdated,
          ...(changes.passwordHash !== undefined && { password_hash: changes.passwordHash }),
          ...(changes.mustChangePassword !== undefined && { must_change_password: changes.mustChangePassword ? 1 : 0 }),
          ...(changes.region !== undefined && { region: changes.region }),
        })
        .where("sid", "=", sid)
        .execute();
      return findBySid(sid);
    },
    async delete(sid) {
      // The sessions go in the same transaction as the user: no session can outlive its user.
      const remove = async (tx: DirectoryDb) => {
        await tx.deleteFrom("console_sessions").where("user_sid", "=", sid).execute();
        const result = await tx.deleteFrom("console_users").where("sid", "=", sid).executeTakeFirst();
        return Number(result.numDeletedRows) > 0;
      };
      return db.isTransaction ? remove(db) : (db as Kysely<DirectoryDatabase>).transaction().execute(remove);
    },
  };
}

export function consoleSessionsOn(db: DirectoryDb): ConsoleSessionRepository {
  return {
    async create(session) {
      await db.insertInto("console_sessions").values(consoleSessionToRow(session)).execute();
    },
    async findByIdHash(idHash) {
      const row = await db.selectFrom("console_sessions").selectAll().where("id_hash", "=", idHash).executeTakeFirst();
      return row === undefined ? undefined : rowToConsoleSession(row);
    },
    async touch(idHash, lastSeenAt) {
      await db
        .updateTable("console_sessions")
        .set({ last_seen_at: lastSeenAt })
        .where("id_hash", "=", idHash)
        .execute();
    },
    async delete(idHash) {
      await db.deleteFrom("console_sessions").where("id_hash", "=", idHash).execute();
    },
    async deleteForUser(userSid, keepIdHash) {
      let remove = db.deleteFrom("console_sessions").where("user_sid", "=", userSid);
      if (keepIdHash !== null) remove = remove.where("id_hash", "!=", keepIdHash);
      await remove.execute();
    },
    async deleteExpired(cutoff, createdBefore) {
      const result = await db
        .deleteFrom("console_sessions")
        .where((eb) => eb.or([eb("last_seen_at", "<", cutoff), eb("created_at", "<", createdBefore)]))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
