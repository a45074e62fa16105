import type { Generated } from "kysely";
import type { AccountIdentityColumns } from "./rows.js";
import type { SettingsTable } from "./settings.js";

/** Table shapes as the query builder sees them. Dates are epoch milliseconds in a 64-bit integer. */
export interface Database {
  accounts: AccountsTable;
  api_keys: ApiKeysTable;
  audit_log: AuditLogTable;
  settings: SettingsTable;
}

/** A region's copy of an account: the directory's columns (rows.ts), and this region's Auth Tokens. */
export interface AccountsTable extends AccountIdentityColumns {
  auth_token_verifier: string;
  sealed_auth_token: string;
  auth_token_date_created: number | string;
  secondary_auth_token_verifier: string | null;
  sealed_secondary_auth_token: string | null;
  secondary_auth_token_date_created: number | string | null;
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
