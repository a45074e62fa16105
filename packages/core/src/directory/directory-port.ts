import type { Account, AccountStatus } from "../accounts/account.js";
import type { SettingsRepository } from "../store-port.js";

/**
 * An account as the deployment knows it: the same SID, owner, name and status in every region. Its
 * credentials are not here: each region keeps its own Auth Tokens and keys in its own store.
 */
export interface DirectoryAccount extends Account {
  /** Grows by one with every change, so a region applies changes in order and never goes back to an older one. */
  readonly version: number;
}

export interface DirectoryAccountChanges {
  readonly friendlyName?: string;
  readonly status?: AccountStatus;
  readonly dateUpdated: number;
}

/**
 * The storage port of the account directory: the one deployment-wide store, beside the regional ones. It
 * decides which accounts exist (SIDs, the subaccount cap) and their status; regions copy what it decides
 * and never read it on a request's path. See docs/architecture.md.
 */
export interface DirectoryStore extends DirectoryRepositories {
  /** Serializes account changes across the deployment: a change commits here before any region copies it. */
  transaction<T>(work: (tx: DirectoryRepositories) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DirectoryRepositories {
  readonly accounts: DirectoryAccountRepository;
  readonly settings: SettingsRepository;
}

export interface DirectoryAccountRepository {
  create(account: DirectoryAccount): Promise<void>;
  findBySid(sid: string): Promise<DirectoryAccount | undefined>;
  /** Applies `changes` and moves the version up by one; the account as it now is. */
  update(sid: string, changes: DirectoryAccountChanges): Promise<DirectoryAccount | undefined>;
  /**
   * How many subaccounts an owner account has that are not closed. Closing is final, so a closed
   * subaccount can never count again; a suspended one may become active and still counts.
   */
  countSubaccounts(ownerSid: string): Promise<number>;
  /** Accounts in SID order after `afterSid` (null: from the start), for copying the directory into a region. */
  listAfter(afterSid: string | null, limit: number): Promise<DirectoryAccount[]>;
}
