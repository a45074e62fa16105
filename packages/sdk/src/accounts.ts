import { type Account, type AccountStatus, accountFromJson } from "./account.js";
import { LatchkeyError } from "./errors.js";
import type { HttpClient, Params } from "./http.js";

const ACCOUNTS_PATH = "/2010-04-01/Accounts.json";

export interface CreateAccountOptions {
  /** 1 to 64 characters; the server names the subaccount when it is left out. */
  readonly friendlyName?: string;
}

export interface ListAccountsOptions {
  /** Only accounts with exactly this name. */
  readonly friendlyName?: string;
  readonly status?: AccountStatus;
  /** Accounts per request, 1 to 1000 (server default 50); every page is read either way. */
  readonly pageSize?: number;
}

export interface UpdateAccountOptions {
  readonly friendlyName?: string;
  readonly status?: AccountStatus;
}

/**
 * The 2010-04-01 Accounts API: the caller's own account and its subaccounts.
 *
 * @example
 * ```ts
 * const sub = await client.accounts.create({ friendlyName: "Acme staging" });
 * await client.accounts.update(sub.sid, { status: "suspended" });
 * for await (const account of client.accounts.iterate({ status: "active" })) console.log(account.sid);
 * ```
 */
export class AccountsResource {
  readonly #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  /**
   * Creates a subaccount of the calling account (Twilio's CreateAccount).
   *
   * @example
   * ```ts
   * const sub = await client.accounts.create({ friendlyName: "Acme staging" });
   * console.log(sub.sid, sub.authToken);
   * ```
   */
  async create(options: CreateAccountOptions = {}): Promise<Account> {
    const body = await this.#http.request({
      method: "POST",
      path: ACCOUNTS_PATH,
      form: { FriendlyName: options.friendlyName },
    });
    return accountFromJson(body);
  }

  /**
   * Fetches one account (Twilio's FetchAccount); another account's SID answers 404 (code 20404).
   *
   * @example
   * ```ts
   * const account = await client.accounts.fetch("AC0123456789abcdef0123456789abcdef");
   * ```
   */
  async fetch(sid: string): Promise<Account> {
    const body = await this.#http.request({ method: "GET", path: accountPath(sid) });
    return accountFromJson(body);
  }

  /**
   * Renames an account or changes its status (Twilio's UpdateAccount); fields left out are kept.
   *
   * @example
   * ```ts
   * await client.accounts.update(sub.sid, { friendlyName: "Acme (closed)", status: "closed" });
   * ```
   */
  async update(sid: string, options: UpdateAccountOptions): Promise<Account> {
    const body = await this.#http.request({
      method: "POST",
      path: accountPath(sid),
      form: { FriendlyName: options.friendlyName, Status: options.status },
    });
    return accountFromJson(body);
  }

  /**
   * Every matching account, reading page after page (following `next_page_uri`) until the last.
   *
   * @example
   * ```ts
   * const suspended = await client.accounts.list({ status: "suspended" });
   * ```
   */
  async list(options: ListAccountsOptions = {}): Promise<Account[]> {
    const accounts: Account[] = [];
    for await (const account of this.iterate(options)) accounts.push(account);
    return accounts;
  }

  /**
   * Like `list`, one account at a time: the next page is requested only when the loop gets there, so a
   * loop that stops early reads no further pages.
   *
   * @example
   * ```ts
   * for await (const account of client.accounts.iterate({ pageSize: 100 })) {
   *   if (account.friendlyName === "Acme") break;
   * }
   * ```
   */
  async *iterate(options: ListAccountsOptions = {}): AsyncGenerator<Account, void, undefined> {
    let path: string | null = ACCOUNTS_PATH;
    let query: Params = {
      FriendlyName: options.friendlyName,
      Status: options.status,
      PageSize: options.pageSize === undefined ? undefined : String(options.pageSize),
    };
    while (path !== null) {
      const page = readPage(await this.#http.request({ method: "GET", path, query }));
      for (const account of page.accounts) yield accountFromJson(account);
      // A link back to the page just read would loop forever; no honest server sends one.
      if (page.nextPageUri === path) throw new LatchkeyError(`The next page of accounts is this page again: ${path}`);
      // The next page's URI already carries the filters, the page size and the keyset token.
      path = page.nextPageUri;
      query = {};
    }
  }
}

function accountPath(sid: string): string {
  return `/2010-04-01/Accounts/${encodeURIComponent(sid)}.json`;
}

function readPage(body: unknown): { accounts: readonly unknown[]; nextPageUri: string | null } {
  const page = body as { accounts?: unknown; next_page_uri?: unknown } | null;
  const accounts = page?.accounts;
  const next = page?.next_page_uri;
  if (!Array.isArray(accounts) || !(typeof next === "string" || next === null || next === undefined)) {
    throw new LatchkeyError("Expected a page of accounts in the response body");
  }
  return { accounts, nextPageUri: typeof next === "string" && next !== "" ? next : null };
}
