import type {
  AccountChanges,
  AccountStatus,
  DirectoryAccount,
  KeyType,
  Policy,
  StoredAccount,
  StoredAuditEntry,
  StoredKey,
} from "@latchkey/core";
import type { Selectable, Updateable } from "kysely";
import type { AccountsTable, ApiKeysTable, AuditLogTable } from "./schema.js";

// Row <-> domain mapping. Dates go through Number(): PostgreSQL returns bigint columns as strings.

export function keyToRow(key: StoredKey): ApiKeysTable {
  return {
    sid: key.sid,
    account_sid: key.accountSid,
    friendly_name: key.friendlyName,
    key_type: key.type,
    policy: key.policy === null ? null : JSON.stringify(key.policy.allow),
    region: key.region,
    date_created: key.dateCreated,
    date_updated: key.dateUpdated,
    secret_verifier: key.secretVerifier,
    sealed_secret: key.sealedSecret,
  };
}

export function rowToKey(row: Selectable<ApiKeysTable>): StoredKey {
  return {
    sid: row.sid,
    accountSid: row.account_sid,
    friendlyName: row.friendly_name,
    type: row.key_type as KeyType,
    policy: row.policy === null ? null : ({ allow: JSON.parse(row.policy) as string[] } satisfies Policy),
    region: row.region,
    dateCreated: Number(row.date_created),
    dateUpdated: Number(row.date_updated),
    secretVerifier: row.secret_verifier,
    sealedSecret: row.sealed_secret,
  };
}

/** The columns of what the account directory decides, which a region's copy of an account repeats. */
export interface AccountIdentityColumns {
  sid: string;
  owner_account_sid: string;
  friendly_name: string;
  status: string;
  type: string;
  region: string;
  date_created: number | string;
  date_updated: number | string;
  version: number | string;
}

export function identityToRow(account: DirectoryAccount): AccountIdentityColumns {
  return {
    sid: account.sid,
    owner_account_sid: account.ownerAccountSid,
    friendly_name: account.friendlyName,
    status: account.status,
    type: account.type,
    region: account.region,
    date_created: account.dateCreated,
    date_updated: account.dateUpdated,
    version: account.version,
  };
}

export function rowToIdentity(row: AccountIdentityColumns): DirectoryAccount {
  return {
    sid: row.sid,
    ownerAccountSid: row.owner_account_sid,
    friendlyName: row.friendly_name,
    status: row.status as AccountStatus,
    type: row.type as DirectoryAccount["type"],
    region: row.region,
    dateCreated: Number(row.date_created),
    dateUpdated: Number(row.date_updated),
    version: Number(row.version),
  };
}

export function accountToRow(account: StoredAccount): AccountsTable {
  return {
    ...identityToRow(account),
    auth_token_verifier: account.authTokenVerifier,
    sealed_auth_token: account.sealedAuthToken,
    auth_token_date_created: account.authTokenDateCreated,
    secondary_auth_token_verifier: account.secondaryAuthTokenVerifier,
    sealed_secondary_auth_token: account.sealedSecondaryAuthToken,
    secondary_auth_token_date_created: account.secondaryAuthTokenDateCreated,
  };
}

export function rowToAccount(row: Selectable<AccountsTable>): StoredAccount {
  return {
    ...rowToIdentity(row),
    authTokenVerifier: row.auth_token_verifier,
    sealedAuthToken: row.sealed_auth_token,
    authTokenDateCreated: Number(row.auth_token_date_created),
    secondaryAuthTokenVerifier: row.secondary_auth_token_verifier,
    sealedSecondaryAuthToken: row.sealed_secondary_auth_token,
    secondaryAuthTokenDateCreated:
      row.secondary_auth_token_date_created === null ? null : Number(row.secondary_auth_token_date_created),
  };
}

export function rowToAuditEntry(row: Selectable<AuditLogTable>): StoredAuditEntry {
  return {
    id: Number(row.id),
    at: Number(row.at),
    action: row.action as StoredAuditEntry["action"],
    actorSid: row.actor_sid,
    address: row.address,
    region: row.region,
    accountSid: row.account_sid,
    targetSid: row.target_sid,
    changes: JSON.parse(row.changes) as Record<string, unknown>,
  };
}

export function accountChangesToRow(changes: AccountChanges): Updateable<AccountsTable> {
  return {
    date_updated: changes.dateUpdated,
    ...(changes.friendlyName !== undefined && { friendly_name: changes.friendlyName }),
    ...(changes.status !== undefined && { status: changes.status }),
    ...(changes.authTokenVerifier !== undefined && { auth_token_verifier: changes.authTokenVerifier }),
    ...(changes.sealedAuthToken !== undefined && { sealed_auth_token: changes.sealedAuthToken }),
    ...(changes.authTokenDateCreated !== undefined && { auth_token_date_created: changes.authTokenDateCreated }),
    ...(changes.secondaryAuthTokenVerifier !== undefined && {
      secondary_auth_token_verifier: changes.secondaryAuthTokenVerifier,
    }),
    ...(changes.sealedSecondaryAuthToken !== undefined && {
      sealed_secondary_auth_token: changes.sealedSecondaryAuthToken,
    }),
    ...(changes.secondaryAuthTokenDateCreated !== undefined && {
      secondary_auth_token_date_created: changes.secondaryAuthTokenDateCreated,
    }),
    ...(changes.version !== undefined && { version: changes.version }),
  };
}
