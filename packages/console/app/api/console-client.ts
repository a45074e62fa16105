import { apiErrorFrom } from "./api-error.js";
import type {
  ApiKey,
  AuthTokens,
  CreatedKey,
  CreatedSecondaryToken,
  KeyPage,
  KeyType,
  PermissionCatalog,
  Session,
  Subaccount,
  SubaccountPage,
  SubaccountStatus,
} from "./wire-types.js";

const API = "/console/api";

export interface KeyListQuery {
  readonly search: string;
  readonly type: KeyType | null;
  readonly pageToken: string | null;
  readonly pageSize: number;
}

export interface NewKey {
  readonly friendly_name: string;
  readonly type: KeyType;
  readonly permissions?: readonly string[];
}

export interface KeyChanges {
  readonly friendly_name?: string;
  readonly permissions?: readonly string[];
}

export interface SubaccountChanges {
  readonly friendly_name?: string;
  readonly status?: SubaccountStatus;
}

/** Every call the console makes; nothing else in the app touches `fetch`. */
export interface ConsoleClient {
  /** The current session, or null when nobody is signed in. */
  getSession(): Promise<Session | null>;
  signIn(email: string, password: string): Promise<Session>;
  signOut(): Promise<void>;
  changePassword(currentPassword: string, newPassword: string): Promise<Session>;
  selectRegion(region: string): Promise<Session>;
  listKeys(region: string, query: KeyListQuery): Promise<KeyPage>;
  createKey(region: string, key: NewKey): Promise<CreatedKey>;
  getKey(region: string, sid: string): Promise<ApiKey>;
  updateKey(region: string, sid: string, changes: KeyChanges): Promise<ApiKey>;
  deleteKey(region: string, sid: string): Promise<void>;
  permissionCatalog(region: string): Promise<PermissionCatalog>;
  authTokens(region: string): Promise<AuthTokens>;
  revealPrimaryAuthToken(region: string): Promise<{ auth_token: string }>;
  createSecondaryAuthToken(region: string): Promise<CreatedSecondaryToken>;
  deleteSecondaryAuthToken(region: string): Promise<void>;
  promoteSecondaryAuthToken(region: string): Promise<AuthTokens>;
  listSubaccounts(region: string, pageToken: string | null): Promise<SubaccountPage>;
  createSubaccount(region: string, friendlyName: string): Promise<Subaccount>;
  updateSubaccount(region: string, sid: string, changes: SubaccountChanges): Promise<Subaccount>;
}

type Method = "GET" | "POST" | "PUT" | "DELETE";

/**
 * @param onSessionLost called when the server says the session is gone (idle timeout, sign-out elsewhere,
 *   a password change in another tab), so the app can show the sign-in page again.
 */
export function createConsoleClient(onSessionLost: () => void): ConsoleClient {
  // SECURITY: the CSRF token lives only in this closure, in memory: never in a URL, a cookie we write or any
  // browser storage. A reload asks GET /session for it again (the HttpOnly cookie proves who we are).
  let csrfToken: string | null = null;

  async function call<T>(method: Method, path: string, body?: unknown, options: { signIn?: boolean } = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (method !== "GET" && csrfToken !== null) headers["X-CSRF-Token"] = csrfToken;
    const response = await fetch(`${API}${path}`, {
      method,
      headers,
      credentials: "same-origin",
      cache: "no-store",
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    if (response.status === 204) return undefined as T;
    const parsed: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      // A refused sign-in is an answer for the sign-in form, not a lost session.
      if (response.status === 401 && options.signIn !== true) {
        csrfToken = null;
        onSessionLost();
      }
      throw apiErrorFrom(response.status, parsed);
    }
    return parsed as T;
  }

  async function sessionCall(method: Method, path: string, body?: unknown, signIn = false): Promise<Session> {
    const session = await call<Session>(method, path, body, { signIn });
    csrfToken = session.csrf_token;
    return session;
  }

  const region = (name: string) => `/regions/${encodeURIComponent(name)}`;
  const key = (regionName: string, sid: string) => `${region(regionName)}/keys/${encodeURIComponent(sid)}`;

  return {
    async getSession() {
      const response = await fetch(`${API}/session`, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        cache: "no-store",
      });
      if (response.status === 401) {
        csrfToken = null;
        return null;
      }
      const parsed: unknown = await response.json().catch(() => null);
      if (!response.ok) throw apiErrorFrom(response.status, parsed);
      const session = parsed as Session;
      csrfToken = session.csrf_token;
      return session;
    },
    signIn: (email, password) => sessionCall("POST", "/session", { email, password }, true),
    async signOut() {
      try {
        await call<void>("DELETE", "/session");
      } finally {
        csrfToken = null;
      }
    },
    changePassword: (currentPassword, newPassword) =>
      sessionCall("POST", "/password", { current_password: currentPassword, new_password: newPassword }),
    selectRegion: (name) => sessionCall("PUT", "/preferences", { region: name }),
    listKeys(regionName, query) {
      const params = new URLSearchParams({ page_size: String(query.pageSize) });
      if (query.search !== "") params.set("search", query.search);
      if (query.type !== null) params.set("type", query.type);
      if (query.pageToken !== null) params.set("page_token", query.pageToken);
      return call("GET", `${region(regionName)}/keys?${params}`);
    },
    createKey: (regionName, newKey) => call("POST", `${region(regionName)}/keys`, newKey),
    getKey: (regionName, sid) => call("GET", key(regionName, sid)),
    updateKey: (regionName, sid, changes) => call("POST", key(regionName, sid), changes),
    deleteKey: (regionName, sid) => call("DELETE", key(regionName, sid)),
    permissionCatalog: (regionName) => call("GET", `${region(regionName)}/permissions`),
    authTokens: (regionName) => call("GET", `${region(regionName)}/auth-tokens`),
    revealPrimaryAuthToken: (regionName) => call("POST", `${region(regionName)}/auth-tokens/primary/reveal`),
    createSecondaryAuthToken: (regionName) => call("POST", `${region(regionName)}/auth-tokens/secondary`),
    deleteSecondaryAuthToken: (regionName) => call("DELETE", `${region(regionName)}/auth-tokens/secondary`),
    promoteSecondaryAuthToken: (regionName) => call("POST", `${region(regionName)}/auth-tokens/promote`),
    listSubaccounts(regionName, pageToken) {
      const query = pageToken === null ? "" : `?${new URLSearchParams({ page_token: pageToken })}`;
      return call("GET", `${region(regionName)}/subaccounts${query}`);
    },
    createSubaccount: (regionName, friendlyName) =>
      call("POST", `${region(regionName)}/subaccounts`, { friendly_name: friendlyName }),
    updateSubaccount: (regionName, sid, changes) =>
      call("POST", `${region(regionName)}/subaccounts/${encodeURIComponent(sid)}`, changes),
  };
}
