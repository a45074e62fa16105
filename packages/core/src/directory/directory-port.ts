import type { Account, AccountStatus } from "../accounts/account.js";
import type { ConsoleSession, StoredConsoleUser } from "../console/console-user.js";
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
  /** Console users: people, deployment-wide (a person works in every region). */
  readonly users: ConsoleUserRepository;
  /** Console sessions, kept here so they survive restarts and are shared by every instance. */
  readonly sessions: ConsoleSessionRepository;
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

export interface ConsoleUserRepository {
  create(user: StoredConsoleUser): Promise<void>;
  findBySid(sid: string): Promise<StoredConsoleUser | undefined>;
  /** Exact match on the normalized email (console/console-email.ts). */
  findByEmail(email: string): Promise<StoredConsoleUser | undefined>;
  /** Users in email order after `afterEmail` (null: from the start). */
  listAfter(afterEmail: string | null, limit: number): Promise<StoredConsoleUser[]>;
  /** How many users with the owner role belong to `accountSid`. */
  countOwners(accountSid: string): Promise<number>;
  update(sid: string, changes: ConsoleUserChanges): Promise<StoredConsoleUser | undefined>;
  /** Deletes the user and every session of theirs; true when a user was deleted. */
  delete(sid: string): Promise<boolean>;
}

export interface ConsoleUserChanges {
  readonly passwordHash?: string;
  readonly mustChangePassword?: boolean;
  readonly region?: string | null;
  readonly dateUpdated: number;
}

export interface ConsoleSessionRepository {
  create(session: ConsoleSession): Promise<void>;
  findByIdHash(idHash: string): Promise<ConsoleSession | undefined>;
  touch(idHash: string, lastSeenAt: number): Promise<void>;
  delete(idHash: string): Promise<void>;
  /** Every session of a user except `keepIdHash` (null: all): after a password change. */
  deleteForUser(userSid: string, keepIdHash: string | null): Promise<void>;
  /** Sessions idle since before `cutoff` or created before `createdBefore`; returns how many. */
  deleteExpired(cutoff: number, createdBefore: number): Promise<number>;
}
