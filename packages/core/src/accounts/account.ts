export type AccountStatus = "active" | "suspended" | "closed";

export interface Account {
  readonly sid: string;
  /** The parent account's SID; an owner (top-level) account names itself. */
  readonly ownerAccountSid: string;
  readonly friendlyName: string;
  readonly status: AccountStatus;
  readonly type: "Full" | "Trial";
  readonly region: string;
  readonly dateCreated: number;
  readonly dateUpdated: number;
}

/**
 * An account as a region stores it: the directory's facts as of `version`, and this region's own Auth
 * Token(s) as verifier and sealed copy only.
 */
export interface StoredAccount extends Account {
  /** The directory version this copy reflects (directory/directory-port.ts). */
  readonly version: number;
  readonly authTokenVerifier: string;
  readonly sealedAuthToken: string;
  readonly authTokenDateCreated: number;
  readonly secondaryAuthTokenVerifier: string | null;
  readonly sealedSecondaryAuthToken: string | null;
  readonly secondaryAuthTokenDateCreated: number | null;
}

/** True for an account that has a parent (a subaccount); owner accounts name themselves as owner. */
export function isSubaccount(account: Account): boolean {
  return account.ownerAccountSid !== account.sid;
}
