/** The account directory's tables as the query builder sees them. Dates are epoch milliseconds. */
export interface DirectoryDatabase {
  accounts: DirectoryAccountsTable;
  settings: { name: string; value: string };
}

export interface DirectoryAccountsTable {
  sid: string;
  owner_account_sid: string;
  friendly_name: string;
  status: string;
  type: string;
  /** Where the account was created; it exists in every region. */
  region: string;
  date_created: number | string;
  date_updated: number | string;
  version: number | string;
}
