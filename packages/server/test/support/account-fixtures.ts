/**
 * Helpers for the Accounts and AuthTokens tests: subaccounts and keys made through the real API,
 * the exact account JSON Twilio documents, status changes made behind the API (as an operator
 * would), and snapshots proving that a rejected request wrote nothing.
 */
import {
  type AccountStatus,
  copyToOtherRegions,
  createMainKey,
  type DirectoryAccountChanges,
  type StoredAccount,
  type StoredAuditEntry,
  type StoredKey,
} from "@latchkey/core";
import { expect } from "vitest";
import { auditRows, type CreatedKey, type Credentials, ownerCredentials, storedKeys } from "./route-fixtures.js";
import type { TestResponse, TestServer } from "./test-server.js";

export const ACCOUNT_SID = /^AC[0-9a-f]{32}$/;
export const AUTH_TOKEN = /^[0-9a-f]{32}$/;
/** Accounts v1 dates: ISO-8601 UTC without milliseconds, e.g. 2015-07-31T04:00:00Z. */
export const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** The `subresource_uris` names Twilio documents for an account, and the path segment of each. */
const SUBRESOURCE_SEGMENTS: Readonly<Record<string, string>> = {
  available_phone_numbers: "AvailablePhoneNumbers",
  calls: "Calls",
  conferences: "Conferences",
  incoming_phone_numbers: "IncomingPhoneNumbers",
  notifications: "Notifications",
  outgoing_caller_ids: "OutgoingCallerIds",
  recordings: "Recordings",
  transcriptions: "Transcriptions",
  addresses: "Addresses",
  signing_keys: "SigningKeys",
  connect_apps: "ConnectApps",
  sip: "SIP",
  authorized_connect_apps: "AuthorizedConnectApps",
  usage: "Usage",
  keys: "Keys",
  applications: "Applications",
  short_codes: "SMS/ShortCodes",
  queues: "Queues",
  messages: "Messages",
  balance: "Balance",
};

export const accountPath = (sid: string) => `/2010-04-01/Accounts/${sid}.json`;
export const ACCOUNTS_PATH = "/2010-04-01/Accounts.json";
export const SECONDARY_PATH = "/v1/AuthTokens/Secondary";
export const PROMOTE_PATH = "/v1/AuthTokens/Promote";

export interface ExpectedAccount {
  readonly sid: string;
  readonly ownerAccountSid: string;
  readonly friendlyName: string;
  readonly status: AccountStatus;
  /** The token the caller must see, or null when the caller may not see it. */
  readonly authToken: string | null;
  readonly dateCreated: string;
  readonly dateUpdated: string;
}

/** The full 2010 account JSON, field for field. */
export function accountJson(expected: ExpectedAccount): Record<string, unknown> {
  const base = `/2010-04-01/Accounts/${expected.sid}`;
  return {
    auth_token: expected.authToken,
    date_created: expected.dateCreated,
    date_updated: expected.dateUpdated,
    friendly_name: expected.friendlyName,
    owner_account_sid: expected.ownerAccountSid,
    sid: expected.sid,
    status: expected.status,
    subresource_uris: Object.fromEntries(
      Object.entries(SUBRESOURCE_SEGMENTS).map(([name, segment]) => [name, `${base}/${segment}.json`]),
    ),
    type: "Full",
    uri: `${base}.json`,
  };
}

export interface Subaccount extends Credentials {
  readonly sid: string;
  readonly authToken: string;
  /** The full 201 body of the create response. */
  readonly body: Record<string, any>;
}

/** Creates a subaccount through POST /2010-04-01/Accounts.json; throws unless the answer is 201. */
export async function createSubaccount(
  server: TestServer,
  options: { readonly auth?: Credentials; readonly friendlyName?: string } = {},
): Promise<Subaccount> {
  const response = await server.request("POST", ACCOUNTS_PATH, {
    auth: options.auth ?? ownerCredentials(server),
    ...(options.friendlyName !== undefined && { form: { FriendlyName: options.friendlyName } }),
  });
  if (response.status !== 201) throw new Error(`create subaccount failed: ${response.status} ${response.text}`);
  const body = response.json as Record<string, any>;
  return { sid: body.sid, authToken: body.auth_token, user: body.sid, password: body.auth_token, body };
}

/** Moves an account's status through the API as `auth` (the parent); throws unless the answer is 200. */
export async function setStatusThroughApi(
  server: TestServer,
  sid: string,
  status: AccountStatus,
  auth: Credentials = ownerCredentials(server),
): Promise<void> {
  const response = await server.request("POST", accountPath(sid), { auth, form: { Status: status } });
  if (response.status !== 200) throw new Error(`status change failed: ${response.status} ${response.text}`);
}

/**
 * Changes an account's status in the directory and every region's copy, which drops their cached
 * credentials: what an operator's status change does, and the only way to suspend a top-level account.
 */
export async function setStatusInStore(server: TestServer, sid: string, status: AccountStatus): Promise<void> {
  await changeAccountEverywhere(server, sid, { status, dateUpdated: server.region.clock.now() });
}

/** An account change as the directory makes it (a new version), copied into every region. */
export async function changeAccountEverywhere(
  server: TestServer,
  sid: string,
  changes: DirectoryAccountChanges,
): Promise<void> {
  const updated = await server.deployment.directory.transaction((tx) => tx.accounts.update(sid, changes));
  if (updated === undefined) throw new Error(`no account ${sid}`);
  await copyToOtherRegions(server.deployment, updated, null);
}

/** A key of any account made through POST /v1/Keys as `auth` (the account or its parent's token). */
export async function createKeyIn(
  server: TestServer,
  auth: Credentials,
  accountSid: string,
  form: Record<string, string> = {},
): Promise<CreatedKey> {
  const response = await server.request("POST", "/v1/Keys", { auth, form: { AccountSid: accountSid, ...form } });
  if (response.status !== 201) throw new Error(`create key failed: ${response.status} ${response.text}`);
  const body = response.json as Record<string, unknown> & { sid: string; secret: string };
  return { sid: body.sid, user: body.sid, password: body.secret, body };
}

/** A restricted key of `accountSid` allowed exactly `allow`, made with `auth`. */
export function createRestrictedKeyIn(
  server: TestServer,
  auth: Credentials,
  accountSid: string,
  allow: readonly string[],
): Promise<CreatedKey> {
  return createKeyIn(server, auth, accountSid, {
    FriendlyName: "restricted",
    KeyType: "restricted",
    Policy: JSON.stringify({ allow }),
  });
}

/** A Main key of any account, made through the operator path as the CLI does. */
export async function createMainKeyIn(server: TestServer, accountSid: string): Promise<Credentials & { sid: string }> {
  const { key, secret } = await createMainKey(
    server.region,
    { sid: "operator", address: "test" },
    { accountSid, friendlyName: "main" },
  );
  return { sid: key.sid, user: key.sid, password: secret };
}

/** Every account the owner account reaches (itself and its subaccounts), read from the store. */
export function storedAccounts(server: TestServer): Promise<StoredAccount[]> {
  return server.region.store.accounts.listPage({
    accountSid: server.accountSid,
    includeSubaccounts: true,
    friendlyName: null,
    status: null,
    limit: 100_000,
    cursor: null,
    offset: 0,
  });
}

export interface WorldSnapshot {
  readonly accounts: readonly StoredAccount[];
  readonly keys: readonly StoredKey[];
  readonly audit: readonly StoredAuditEntry[];
}

/** Every account of the owner's tree, every key of each, and the whole audit log. */
export async function worldSnapshot(server: TestServer): Promise<WorldSnapshot> {
  const accounts = await storedAccounts(server);
  const keys: StoredKey[] = [];
  for (const account of accounts) keys.push(...(await storedKeys(server, account.sid)));
  return { accounts, keys, audit: await auditRows(server) };
}

/** Runs `request` and asserts that nothing in the store or the audit log changed. */
export async function expectNothingWritten(server: TestServer, request: () => Promise<unknown>): Promise<void> {
  const before = await worldSnapshot(server);
  await request();
  expect(await worldSnapshot(server)).toEqual(before);
}

/** Runs `mutation` and returns the audit rows it added, oldest first. */
export async function auditRowsWrittenBy(
  server: TestServer,
  mutation: () => Promise<unknown>,
): Promise<StoredAuditEntry[]> {
  const before = await auditRows(server);
  await mutation();
  const after = await auditRows(server);
  return after.slice(0, after.length - before.length).reverse();
}

/** Sends an authenticated GET of the account itself: a cheap probe of whether a credential works. */
export function probe(server: TestServer, auth: Credentials, accountSid: string): Promise<TestResponse> {
  return server.request("GET", accountPath(accountSid), { auth });
}
