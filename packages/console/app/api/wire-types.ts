/**
 * The JSON shapes of the console API (spec section 2), as the browser receives them. The console only reads
 * these; every rule about what they mean lives on the server.
 */

export type KeyType = "standard" | "restricted" | "main";
export const KEY_TYPES: readonly KeyType[] = ["standard", "restricted", "main"];

export interface SessionUser {
  readonly sid: string;
  readonly email: string;
  readonly role: string;
  readonly account_sid: string;
  readonly account_friendly_name: string;
  readonly region: string | null;
}

export interface Session {
  readonly user: SessionUser;
  readonly csrf_token: string;
  readonly must_change_password: boolean;
  readonly regions: readonly string[];
  readonly default_region: string;
  /** The role table's verdicts for this user: the console hides what is false, the server enforces it. */
  readonly actions: Readonly<Record<string, boolean>>;
}

export interface ApiKey {
  readonly sid: string;
  readonly friendly_name: string;
  readonly type: KeyType;
  readonly region: string;
  readonly permissions: readonly string[] | null;
  readonly date_created: string;
  readonly date_updated: string;
}

export interface KeyPage {
  readonly keys: readonly ApiKey[];
  readonly next_page_token: string | null;
}

export interface CreatedKey {
  readonly key: ApiKey;
  readonly secret: string;
}

export interface CatalogPermission {
  readonly permission: string;
  readonly opens: readonly string[];
}

export interface PermissionCatalog {
  readonly max_permissions: number;
  readonly products: readonly { readonly product: string; readonly permissions: readonly CatalogPermission[] }[];
}

export interface AuthTokens {
  readonly primary: { readonly date_created: string };
  readonly secondary: { readonly date_created: string } | null;
}

export interface CreatedSecondaryToken {
  readonly secondary_auth_token: string;
  readonly date_created: string;
}

export type SubaccountStatus = "active" | "suspended" | "closed";

export interface Subaccount {
  readonly sid: string;
  readonly friendly_name: string;
  readonly status: SubaccountStatus;
  readonly date_created: string;
  readonly date_updated: string;
}

export interface SubaccountPage {
  readonly subaccounts: readonly Subaccount[];
  readonly next_page_token: string | null;
}

/** Twilio's error body: the console shows `message` and nothing else. */
export interface TwilioErrorBody {
  readonly code: number;
  readonly message: string;
  readonly more_info?: string;
  readonly status: number;
}
