import type { Generated } from "kysely";

/** Table shapes as the query builder sees them. Dates are epoch milliseconds in a 64-bit integer. */
export interface Database {
  accounts: AccountsTable;
  api_keys: ApiKeysTable;
  audit_log: AuditLogTable;
  settings: SettingsTable;
}

export interface AccountsTable {
  sid: string;
  owner_account_sid: string;
  friendly_name: string;
  status: string;
  type: string;
  region: string;
  date_created: number | string;
  date_updated: number | string;
  auth_token_verifier: string;
  sealed_auth_token: string;
  auth_token_date_created: number | string;
  secondary_auth_token_verifier: string | null;
  sealed_secondary_auth_token: string | null;
  secondary_auth_token_date_created: number | string | null;
  /** The directory version this copy reflects. */
  version: number | string;
}

export interface ApiKeysTable {
  sid: string;
  account_sid: string;
  friendly_name: string | null;
  key_type: string;
  /** JSON array of permissions, restricted keys only. */
  policy: string | null;
  region: string;
  date_created: number | string;
  date_updated: number | string;
  secret_verifier: string;
  sealed_secret: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: number | string;
  action: string;
  actor_sid: string;
  address: string;
  region: string;
  account_sid: string;
  target_sid: string;
  /** JSON object of what changed; never a secret. */
  changes: string;
}

export interface SettingsTable {
  name: string;
  value: string;
}
