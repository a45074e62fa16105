import type { AccountIdentityColumns } from "../rows.js";
import type { SettingsTable } from "../settings.js";

/** The account directory's tables as the query builder sees them. Dates are epoch milliseconds. */
export interface DirectoryDatabase {
  /** Where an account was created is its `region`; it exists in every region. */
  accounts: AccountIdentityColumns;
  settings: SettingsTable;
}
