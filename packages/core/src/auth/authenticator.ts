/**
 * Owns the hot path: turning an `Authorization: Basic` header into a Principal. A warm credential is
 * answered from memory (one HMAC and a constant-time compare, no database round trip); every mutation
 * of a credential calls `invalidate`, so a deleted key fails on the very next request.
 */
import { createSecretKey, type KeyObject } from "node:crypto";
import type { StoredAccount } from "../accounts/account.js";
import { InvalidatingCache } from "../cache/invalidating-cache.js";
import type { SecretKeeper } from "../credentials/secret-keeper.js";
import { PolicyMatcher } from "../policy/policy.js";
import { isSid, parseSid } from "../sids.js";
import type { Store } from "../store-port.js";
import type { Principal } from "./principal.js";

export type AuthOutcome =
  | { readonly ok: true; readonly principal: Principal }
  /** `sid` is the claimed SID when the header named a well-formed one, for per-SID throttling. */
  | { readonly ok: false; readonly sid: string | null };

interface CachedCredential {
  readonly principal: Principal;
  /** The outcome handed out on every success, built once. */
  readonly success: AuthOutcome;
  /** One verifier, or two while an account has a secondary auth token. */
  readonly verifiers: readonly Buffer[];
  /** An API key's sealed secret; opened on first use to verify the Access Tokens it signed. */
  readonly sealedSecret: string | null;
  signingKey?: KeyObject;
}

/** What an Access Token's signature is checked with: the issuing key's secret and who it belongs to. */
export interface SigningKey {
  readonly principal: Principal;
  readonly key: KeyObject;
}

export interface AuthenticatorOptions {
  readonly store: Store;
  readonly secrets: SecretKeeper;
  readonly maxCachedCredentials?: number;
}

const MAX_HEADER_LENGTH = 512;
const MALFORMED: AuthOutcome = { ok: false, sid: null };

export class Authenticator {
  readonly #store: Store;
  readonly #secrets: SecretKeeper;
  // Unknown SIDs are not cached: a key created by the operator CLI must work at once, and the
  // failure throttle bounds how often a stranger can make us look.
  readonly #cache: InvalidatingCache<CachedCredential>;
  // SECURITY: unknown SIDs are checked against this so they cost the same as wrong secrets.
  readonly #decoyVerifier: Buffer;

  constructor(options: AuthenticatorOptions) {
    this.#store = options.store;
    this.#secrets = options.secrets;
    this.#cache = new InvalidatingCache(options.maxCachedCredentials ?? 100_000);
    this.#decoyVerifier = this.#secrets.verifierOf("latchkey-decoy");
  }

  async authenticateBasic(header: string | undefined): Promise<AuthOutcome> {
    const pair = parseBasic(header);
    if (pair === null) return MALFORMED;
    const credential =
      this.#cache.get(pair.username) ?? (await this.#cache.getOrLoad(pair.username, () => this.#fetch(pair.username)));
    return this.#check(pair, credential);
  }

  /**
   * The same check answered from memory alone, for the hot path: undefined when the credential is
   * not warm, and the caller then awaits `authenticateBasic`. Saves a promise per warm request.
   */
  authenticateWarm(header: string | undefined): AuthOutcome | undefined {
    const pair = parseBasic(header);
    if (pair === null) return MALFORMED;
    const credential = this.#cache.get(pair.username);
    return credential === undefined ? undefined : this.#check(pair, credential);
  }

  #check(pair: { username: string; password: string }, credential: CachedCredential | null): AuthOutcome {
    if (credential === null) {
      this.#secrets.matches(pair.password, this.#decoyVerifier);
      return { ok: false, sid: pair.username };
    }
    for (const verifier of credential.verifiers) {
      if (this.#secrets.matches(pair.password, verifier)) return credential.success;
    }
    return { ok: false, sid: pair.username };
  }

  /**
   * The secret of an active API key as an HMAC key, for Access Token verification. It is opened
   * from its sealed copy once and then held in memory with the warm credential, so verifying a
   * token costs one HMAC; deleting the key (invalidate) drops it at once.
   */
  async signingKeyFor(keySid: string): Promise<SigningKey | null> {
    if (!isSid("key", keySid)) return null;
    const credential = this.#cache.get(keySid) ?? (await this.#cache.getOrLoad(keySid, () => this.#fetch(keySid)));
    if (credential === null || credential.sealedSecret === null) return null;
    credential.signingKey ??= createSecretKey(Buffer.from(this.#secrets.open(credential.sealedSecret, keySid)));
    return { principal: credential.principal, key: credential.signingKey };
  }

  /** Forget a credential; the next request reloads it from the store. */
  invalidate(sid: string): void {
    this.#cache.invalidate(sid);
  }

  /**
   * Forget every credential. Account status changes use this: suspending an account must stop its
   * keys and its subaccounts' credentials too, and such changes are rare enough to pay a cold cache.
   */
  invalidateAll(): void {
    this.#cache.clear();
  }

  async #fetch(sid: string): Promise<CachedCredential | null> {
    if (isSid("key", sid)) {
      const key = await this.#store.keys.findBySid(sid);
      if (key === undefined) return null;
      if (!(await this.#isActive(key.accountSid))) return null;
      return cachedCredential(
        {
          accountSid: key.accountSid,
          credentialSid: key.sid,
          credentialType: key.type,
          policy: key.policy === null ? null : new PolicyMatcher(key.policy),
        },
        [Buffer.from(key.secretVerifier, "base64")],
        key.sealedSecret,
      );
    }
    const account = await this.#store.accounts.findBySid(sid);
    if (account === undefined || !(await this.#isActive(account))) return null;
    const verifiers = [Buffer.from(account.authTokenVerifier, "base64")];
    if (account.secondaryAuthTokenVerifier !== null) {
      verifiers.push(Buffer.from(account.secondaryAuthTokenVerifier, "base64"));
    }
    return cachedCredential(
      { accountSid: sid, credentialSid: sid, credentialType: "auth_token", policy: null },
      verifiers,
      null,
    );
  }

  /** An account's credentials work only while it and its parent (for a subaccount) are active. */
  async #isActive(accountOrSid: StoredAccount | string): Promise<boolean> {
    const account =
      typeof accountOrSid === "string" ? await this.#store.accounts.findBySid(accountOrSid) : accountOrSid;
    if (account === undefined || account.status !== "active") return false;
    if (account.ownerAccountSid === account.sid) return true;
    const owner = await this.#store.accounts.findBySid(account.ownerAccountSid);
    return owner?.status === "active";
  }
}

function cachedCredential(principal: Principal, verifiers: Buffer[], sealedSecret: string | null): CachedCredential {
  return { principal, success: { ok: true, principal }, verifiers, sealedSecret };
}

/**
 * Splits `Basic base64(user:pass)`; null unless the user is a well-formed account or key SID. A SID in
 * upper-case hex becomes its canonical form, so it finds the same credential and (SECURITY) its
 * failures count against the same per-SID throttle as every other spelling. Canonical SIDs, what
 * clients send, pass the first check and pay nothing for that.
 */
function parseBasic(header: string | undefined): { username: string; password: string } | null {
  if (header === undefined || header.length > MAX_HEADER_LENGTH) return null;
  if (header.length < 7 || header.slice(0, 6).toLowerCase() !== "basic ") return null;
  const decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon !== 34) return null;
  const password = decoded.slice(colon + 1);
  const username = decoded.slice(0, colon);
  if (isSid("account", username) || isSid("key", username)) return { username, password };
  const canonical = parseSid("account", username) ?? parseSid("key", username);
  return canonical === undefined ? null : { username: canonical, password };
}
