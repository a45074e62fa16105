import type { AccountStatus, StoredAccount } from "./accounts/account.js";
import type { AuditEntry, StoredAuditEntry } from "./audit.js";
import type { KeyType, StoredKey } from "./keys/api-key.js";
import type { PageCursor } from "./paging/page-cursor.js";
import type { Policy } from "./policy/policy.js";

/**
 * The storage port, named by intent. Every engine (SQLite, PostgreSQL) implements it with the same
 * queries and must pass the contract suite in @latchkey/store. One Store serves one region; the accounts in it
 * are that region's copies of the account directory's (directory/directory-port.ts), with its own Auth Tokens.
 */
export interface Store extends StoreRepositories {
  /** Runs `work` in one transaction: a mutation and its audit row commit together or not at all. */
  transaction<T>(work: (tx: StoreRepositories) => Promise<T>): Promise<T>;
  /** Resolves when the engine answers a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface StoreRepositories {
  readonly accounts: AccountRepository;
  readonly keys: KeyRepository;
  readonly audit: AuditLog;
  readonly settings: SettingsRepository;
}

export interface AccountRepository {
  create(account: StoredAccount): Promise<void>;
  findBySid(sid: string): Promise<StoredAccount | undefined>;
  update(sid: string, changes: AccountChanges): Promise<StoredAccount | undefined>;
  /**
   * An account and its subaccounts (those whose owner it is), newest `dateUpdated` first, filtered
   * by exact FriendlyName and Status when given.
   */
  listPage(query: AccountListQuery): Promise<StoredAccount[]>;
}

export interface AccountListQuery {
  readonly accountSid: string;
  /** False lists the account alone. */
  readonly includeSubaccounts: boolean;
  readonly friendlyName: string | null;
  readonly status: AccountStatus | null;
  readonly limit: number;
  readonly cursor: PageCursor | null;
  readonly offset: number;
}

export interface AccountChanges {
  readonly friendlyName?: string;
  readonly status?: AccountStatus;
  readonly authTokenVerifier?: string;
  readonly sealedAuthToken?: string;
  readonly authTokenDateCreated?: number;
  readonly secondaryAuthTokenVerifier?: string | null;
  readonly sealedSecondaryAuthToken?: string | null;
  readonly secondaryAuthTokenDateCreated?: number | null;
  /** The directory version a copied account change brings (accounts/replicate-account.ts). */
  readonly version?: number;
  readonly dateUpdated: number;
}

export interface KeyListQuery {
  readonly accountSid: string;
  /** Rows to return; callers ask for one more than the page size to learn whether another page exists. */
  readonly limit: number;
  readonly cursor: PageCursor | null;
  /** Legacy `Page=N` without a token: skip this many rows. Ignored when a cursor is given. */
  readonly offset: number;
  /**
   * Only keys whose SID is exactly this (any case), or whose friendly name contains it, case-insensitively
   * (`%` and `_` are literal). Null or absent: no filter.
   */
  readonly search?: string | null;
  /** Only keys of this type. Null or absent: every type. */
  readonly type?: KeyType | null;
}

export interface KeyChanges {
  readonly friendlyName?: string | null;
  readonly policy?: Policy | null;
  readonly dateUpdated: number;
}

export interface KeyRepository {
  create(key: StoredKey): Promise<void>;
  findBySid(sid: string): Promise<StoredKey | undefined>;
  /** Keys of one account, newest `dateUpdated` first (ties broken by SID, descending). */
  listPage(query: KeyListQuery): Promise<StoredKey[]>;
  update(sid: string, changes: KeyChanges): Promise<StoredKey | undefined>;
  /** True when a row was deleted. */
  delete(sid: string): Promise<boolean>;
}

export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
  /** Newest first; for operators and tests. */
  listRecent(limit: number): Promise<StoredAuditEntry[]>;
}

/** Small named values about the data dir itself (master-key check, owner account). */
export interface SettingsRepository {
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
}
