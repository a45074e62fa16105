import { LatchkeyError } from "./errors.js";

export const ACCOUNT_STATUSES = ["active", "suspended", "closed"] as const;

export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export type AccountType = "Full" | "Trial";

/** An account of the 2010-04-01 Accounts API, in camelCase with real dates. */
export interface Account {
  readonly sid: string;
  readonly friendlyName: string | null;
  readonly status: AccountStatus;
  /** The parent's SID for a subaccount; a top-level account names itself. */
  readonly ownerAccountSid: string | null;
  readonly type: AccountType;
  /** Shown only to callers with full power over the account (its Auth Token or a Main key); null otherwise. */
  readonly authToken: string | null;
  readonly dateCreated: Date;
  readonly dateUpdated: Date;
  /** The account's own path, e.g. `/2010-04-01/Accounts/AC….json`. */
  readonly uri: string;
  readonly subresourceUris: Readonly<Record<string, string>>;
}

/** The account exactly as the 2010-04-01 API writes it: snake_case, RFC 2822 dates. */
export interface AccountJson {
  readonly auth_token: string | null;
  readonly date_created: string;
  readonly date_updated: string;
  readonly friendly_name: string | null;
  readonly owner_account_sid: string | null;
  readonly sid: string;
  readonly status: AccountStatus;
  readonly subresource_uris: Readonly<Record<string, string>>;
  readonly type: AccountType;
  readonly uri: string;
}

/**
 * Reads one account of the API's JSON.
 *
 * @example
 * ```ts
 * const account = accountFromJson(await response.json());
 * account.dateCreated.getUTCFullYear();
 * ```
 */
export function accountFromJson(value: unknown): Account {
  if (typeof value !== "object" || value === null || typeof (value as { sid?: unknown }).sid !== "string") {
    throw new LatchkeyError("Expected an account in the response body");
  }
  const json = value as AccountJson;
  return {
    sid: json.sid,
    friendlyName: json.friendly_name,
    status: json.status,
    ownerAccountSid: json.owner_account_sid,
    type: json.type,
    authToken: json.auth_token,
    dateCreated: parseRfc2822(json.date_created),
    dateUpdated: parseRfc2822(json.date_updated),
    uri: json.uri,
    subresourceUris: json.subresource_uris,
  };
}

/**
 * Writes an account back in the API's own shape, field for field what the server sent: for printing,
 * logging or passing on to tools that speak Twilio's JSON.
 *
 * @example
 * ```ts
 * console.log(JSON.stringify(accountToJson(await client.accounts.fetch(sid))));
 * ```
 */
export function accountToJson(account: Account): AccountJson {
  return {
    auth_token: account.authToken,
    date_created: formatRfc2822(account.dateCreated),
    date_updated: formatRfc2822(account.dateUpdated),
    friendly_name: account.friendlyName,
    owner_account_sid: account.ownerAccountSid,
    sid: account.sid,
    status: account.status,
    subresource_uris: account.subresourceUris,
    type: account.type,
    uri: account.uri,
  };
}

/** `Mon, 13 Jun 2016 22:50:08 +0000` → the same instant; a date that does not parse is an error, not NaN. */
function parseRfc2822(text: string): Date {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) {
    throw new LatchkeyError(`Expected an RFC 2822 date in the response body, got ${JSON.stringify(text)}`);
  }
  return date;
}

/** The 2010 API's layout: RFC 2822 in GMT with a literal +0000. */
function formatRfc2822(date: Date): string {
  // toUTCString() is "Mon, 13 Jun 2016 22:50:08 GMT": the same layout with a named zone.
  return `${date.toUTCString().slice(0, -3)}+0000`;
}
