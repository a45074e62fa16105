import { type ConsoleSession, parseConsoleRole, type StoredConsoleUser } from "@latchkey/core";
import type { Selectable } from "kysely";
import type { ConsoleSessionsTable, ConsoleUsersTable } from "./schema.js";

export function consoleUserToRow(user: StoredConsoleUser): ConsoleUsersTable {
  return {
    sid: user.sid,
    email: user.email,
    role: user.role,
    account_sid: user.accountSid,
    password_hash: user.passwordHash,
    must_change_password: user.mustChangePassword ? 1 : 0,
    region: user.region,
    date_created: user.dateCreated,
    date_updated: user.dateUpdated,
  };
}

export function rowToConsoleUser(row: Selectable<ConsoleUsersTable>): StoredConsoleUser {
  const role = parseConsoleRole(row.role);
  // SECURITY: a role this code does not know grants nothing anywhere, so a corrupted row fails loudly
  // instead of being read as some other role.
  if (role === undefined || role !== row.role) throw new Error(`console user ${row.sid} has an unknown role`);
  return {
    sid: row.sid,
    email: row.email,
    role,
    accountSid: row.account_sid,
    passwordHash: row.password_hash,
    mustChangePassword: Number(row.must_change_password) === 1,
    region: row.region,
    dateCreated: Number(row.date_created),
    dateUpdated: Number(row.date_updated),
  };
}

export function consoleSessionToRow(session: ConsoleSession): ConsoleSessionsTable {
  return {
    id_hash: session.idHash,
    user_sid: session.userSid,
    created_at: session.createdAt,
    last_seen_at: session.lastSeenAt,
  };
}

export function rowToConsoleSession(row: Selectable<ConsoleSessionsTable>): ConsoleSession {
  return {
    idHash: row.id_hash,
    userSid: row.user_sid,
    createdAt: Number(row.created_at),
    lastSeenAt: Number(row.last_seen_at),
  };
}
