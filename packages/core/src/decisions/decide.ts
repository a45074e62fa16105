/**
 * The authorization decision for one request of real traffic: who is calling (the credential in the
 * caller's Authorization header), which endpoint it is (the route tree), and whether the credential
 * may use it. Gateways and services ask this on every request, so a warm decision costs a cache hit,
 * a tree walk over the path's segments and at most a few set lookups.
 */
import type { AccessTokenGrants } from "../access-tokens/access-token.js";
import { type DenialReason, judgeAccess } from "../auth/access-rules.js";
import { type AccountIntent, reachAccount, reachError } from "../auth/account-reach.js";
import type { Principal } from "../auth/principal.js";
import { AppError, isAppError } from "../errors/app-error.js";
import type { RegionContext } from "../region-context.js";
import type { RouteMatch } from "../routing/route-tree.js";
import { isSid } from "../sids.js";
import { accountSegmentOf, canonicalPath, jsonFormOf } from "./target-path.js";

export interface DecisionRequest {
  readonly method: string;
  /** The host the caller addressed; its first label names the product (`api`, `messaging`, ...). */
  readonly host: string;
  /** The path without the query string. */
  readonly path: string;
  /** The caller's own Authorization header: Basic credentials, or `Bearer <Access Token>`. */
  readonly authorization: string | undefined;
  /** An Access Token sent in X-Twilio-Token instead of the Authorization header. */
  readonly twilioToken?: string | undefined;
}

export type DecisionDenialReason =
  | "authentication_failed"
  | DenialReason
  | "account_not_reachable"
  | "account_not_active";

export type DecisionReason = "allowed" | DecisionDenialReason;

/** For an Access Token: who it was issued to and what it grants, for the service to enforce. */
export interface AccessTokenFacts {
  readonly identity: string | null;
  readonly grants: AccessTokenGrants;
}

export interface AllowedDecision {
  readonly allowed: true;
  readonly reason: "allowed";
  readonly principal: Principal;
  /** The permission that let the request through (null when none applied, e.g. an unmapped route). */
  readonly permission: string | null;
  readonly accessToken: AccessTokenFacts | null;
}

export interface DeniedDecision {
  readonly allowed: false;
  readonly reason: DecisionDenialReason;
  /** Who the credential was, when it authenticated. */
  readonly principal: Principal | null;
  /** The Twilio error the caller should get. */
  readonly error: AppError;
  readonly missingPermission: string | null;
  /** The SID a failed credential claimed, for brute-force throttling. */
  readonly failedSid: string | null;
}

export type Decision = AllowedDecision | DeniedDecision;

/**
 * Judges one request. Expected outcomes (bad credential, denied, unreachable account) are values; a store that
 * fails to answer throws STORE_UNAVAILABLE (503), so an outage never reads like a missing account.
 */
export async function decide(context: RegionContext, request: DecisionRequest): Promise<Decision> {
  try {
    return await decideOrThrow(context, request);
  } catch (error) {
    if (isAppError(error)) throw error;
    throw new AppError("STORE_UNAVAILABLE", { cause: error });
  }
}

async function decideOrThrow(context: RegionContext, request: DecisionRequest): Promise<Decision> {
  const token = request.twilioToken ?? bearerTokenOf(request.authorization);
  if (token !== undefined) return decideForAccessToken(context, request, token);
  const { authenticator } = context;
  const outcome =
    authenticator.authenticateWarm(request.authorization) ??
    (await authenticator.authenticateBasic(request.authorization));
  if (!outcome.ok) {
    return denied("authentication_failed", null, new AppError("AUTHENTICATION_FAILED"), { failedSid: outcome.sid });
  }
  return judge(context, request, outcome.principal, null);
}

/**
 * For an Access Token, "allowed" means the token is valid for its account and the endpoint is one a token may
 * use: route permissions do not apply to tokens, so its grants go back to the service behind the gateway.
 */
async function decideForAccessToken(context: RegionContext, request: DecisionRequest, token: string) {
  const verdict = await context.accessTokens.verify(token);
  if (!verdict.ok) return denied("authentication_failed", null, verdict.error, { failedSid: issuerOf(token) });
  const { claims } = verdict;
  const principal: Principal = { ...verdict.principal, credentialType: "access_token", policy: null };
  const identity = typeof claims.grants.identity === "string" ? claims.grants.identity : null;
  return judge(context, request, principal, { identity, grants: claims.grants });
}

/** The rule table's verdict on the endpoint, then the account the path names. */
async function judge(
  context: RegionContext,
  request: DecisionRequest,
  principal: Principal,
  accessToken: AccessTokenFacts | null,
): Promise<Decision> {
  const target = resolveTarget(context, request);
  const verdict = judgeAccess(principal, target.route, request);
  if (!verdict.allowed) {
    return denied(verdict.reason, principal, verdict.error, { missingPermission: verdict.missingPermission });
  }
  const allowed: AllowedDecision = {
    allowed: true,
    reason: "allowed",
    principal,
    // An Access Token is not judged by route permissions (its grants are), so none is named for it.
    permission: accessToken === null ? verdict.permission : null,
    accessToken,
  };
  if (target.accountSid === undefined || target.accountSid === principal.accountSid) return allowed;
  const reach = await reachAccount(context.store, principal, target.accountSid, intentOf(request, target.route));
  if (reach.ok) return allowed;
  const reason = reach.reason === "not_found" ? "account_not_reachable" : "account_not_active";
  return denied(reason, principal, reachError(reach.reason, target.accountSid));
}

/**
 * What the request means to do with the account it names. A POST to the account resource may be a status
 * change (the body, which says, is not part of a decision), which a suspended subaccount still accepts.
 */
function intentOf(request: DecisionRequest, route: RouteMatch | undefined): AccountIntent {
  const method = request.method.toUpperCase();
  if (method === "GET" || method === "HEAD") return "read";
  return route !== undefined && ACCOUNT_RESOURCE.test(route.template) ? "status" : "write";
}

interface Target {
  readonly route: RouteMatch | undefined;
  /** The account the request acts on, when its path names one. */
  readonly accountSid: string | undefined;
}

/**
 * Finds the endpoint on the canonical path (and, failing that, on its 2010 JSON form), so that a
 * path an upstream would treat as the same endpoint meets the same rules. The account comes from the
 * route, or from an `/Accounts/AC…` segment when no route matches.
 */
function resolveTarget(context: RegionContext, request: DecisionRequest): Target {
  const host = productOf(request.host);
  const path = canonicalPath(request.path);
  const jsonForm = jsonFormOf(path);
  const route =
    context.routes.match({ host, method: request.method, path }) ??
    (jsonForm === undefined ? undefined : context.routes.match({ host, method: request.method, path: jsonForm }));
  return { route, accountSid: route === undefined ? accountSegmentOf(path) : accountSidOf(route) };
}

// The account resource itself names its account `{Sid}`: `/2010-04-01/Accounts/{Sid}.json`.
const ACCOUNT_RESOURCE = /\/Accounts\/\{Sid\}(?:\.json)?$/;

/** The account a route acts on: its AccountSid, or the Sid of the account resource itself. */
function accountSidOf(route: RouteMatch): string | undefined {
  return route.params.AccountSid ?? (ACCOUNT_RESOURCE.test(route.template) ? route.params.Sid : undefined);
}

/** The token of an `Authorization: Bearer <token>` header (any case of the scheme), else undefined. */
export function bearerTokenOf(authorization: string | undefined): string | undefined {
  return authorization !== undefined && /^bearer /i.test(authorization) ? authorization.slice(7).trim() : undefined;
}

/** The issuing key SID of a token, for throttling its failures; null when it does not name one. */
function issuerOf(token: string): string | null {
  try {
    const claims: unknown = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"));
    const iss = typeof claims === "object" && claims !== null ? (claims as { iss?: unknown }).iss : undefined;
    return isSid("key", iss) ? iss : null;
  } catch {
    return null;
  }
}

/** `api.dublin.ie1.twilio.com` and `api.twilio.com:443` both address the product `api`. */
export function productOf(host: string): string {
  const end = host.search(/[.:]/);
  return (end === -1 ? host : host.slice(0, end)).toLowerCase();
}

function denied(
  reason: DecisionDenialReason,
  principal: Principal | null,
  error: AppError,
  extra: { failedSid?: string | null; missingPermission?: string | null } = {},
): DeniedDecision {
  return {
    allowed: false,
    reason,
    principal,
    error,
    missingPermission: extra.missingPermission ?? null,
    failedSid: extra.failedSid ?? null,
  };
}
