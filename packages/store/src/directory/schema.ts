import type { AccountIdentityColumns } from "../rows.js";
import type { SettingsTable } from "../settings.js";

/** The account directory's tables as the query builder sees them. Dates are epoch milliseconds. */
export interface DirectoryDatabase {
  /** Where an account was created is its `region`; it exists in every region. */
  accounts: AccountIdentityColumns;
  settings: SettingsTable;
  console_users: ConsoleUsersTable;
  console_sessions: ConsoleSessionsTable;
}

export interface ConsoleUsersTable {
  sid: string;
  email: string;
  role: string;
  account_sid: string;
  password_hash: string;
  /** 0 or 1. */
  must_change_password: number;
  region: string | null;
  date_created: number | string;
  date_updated: number | string;
}

export interface ConsoleSessionsTable {
  id_hash: string;
  user_sid: string;
  created_at: number | string;
  last_seen_at: number | string;
}
