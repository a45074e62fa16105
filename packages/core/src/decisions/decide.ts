/**
 * The authorization decision for one request of real traffic: who is calling (the credential in the
 * caller's Authorization header), which endpoint it is (the route tree), and whether the credential
 * may use it. Gateways and services ask this on every request, so a warm decision costs a cache hit,
 * a tree walk over the path's segments and at most a few set lookups.
 */
import type { AccessTokenGrants } from "../access-tokens/access-token.js";
import { verifyAccessToken } from "../access-tokens/verify-access-token.js";
import { findReachableAccount } from "../auth/account-reach.js";
import type { Principal } from "../auth/principal.js";
import { AppError } from "../errors/app-error.js";
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

export type DecisionReason =
  | "allowed"
  | "authentication_failed"
  | "management_forbidden"
  | "permission_denied"
  | "no_matching_route"
  | "account_not_reachable";

export interface Decision {
  readonly allowed: boolean;
  readonly reason: DecisionReason;
  readonly principal: Principal | null;
  /** The permission that let the request through (null when none applied, e.g. an unmapped route). */
  readonly permission: string | null;
  readonly missingPermission: string | null;
  /** The Twilio error the caller should get when denied. */
  readonly error: AppError | null;
  /** The SID a failed credential claimed, for brute-force throttling. */
  readonly failedSid: string | null;
  /** For an Access Token: who it was issued to and what it grants, for the service to enforce. */
  readonly accessToken: { readonly identity: string | null; readonly grants: AccessTokenGrants } | null;
}

// Key and account management (api-keys, accounts, ...) is closed to standard keys, as on Twilio.
const MANAGEMENT_PREFIX = "/twilio/iam/";
const MANAGEMENT_HOSTS: ReadonlySet<string> = new Set(["iam", "accounts"]);

export async function decide(context: RegionContext, request: DecisionRequest): Promise<Decision> {
  const token = request.twilioToken ?? bearerTokenOf(request.authorization);
  if (token !== undefined) return decideForAccessToken(context, request, token);
  const { authenticator } = context;
  const outcome =
    authenticator.authenticateWarm(request.authorization) ??
    (await authenticator.authenticateBasic(request.authorization));
  if (!outcome.ok) {
    return denied("authentication_failed", null, new AppError("AUTHENTICATION_FAILED"), { failedSid: outcome.sid });
  }
  const { principal } = outcome;
  const target = resolveTarget(context, request);
  const verdict = judgeRoute(principal, target.route, request);
  if (!verdict.allowed) return verdict;
  return checkAccountReach(context, principal, target.accountSid, verdict);
}

/**
 * For an Access Token, "allowed" means the token is valid for its account: route permissions do not
 * apply to tokens, so its grants go back to the service behind the gateway to enforce.
 */
async function decideForAccessToken(context: RegionContext, request: DecisionRequest, token: string) {
  const verdict = await verifyAccessToken(context, token, { clockSkewSeconds: context.accessTokenClockSkewSeconds });
  if (!verdict.ok) return denied("authentication_failed", null, verdict.error, { failedSid: issuerOf(token) });
  const { claims } = verdict;
  const principal: Principal = { ...verdict.principal, credentialType: "access_token", policy: null };
  const allowedDecision: Decision = {
    ...allowed(principal, null),
    accessToken: {
      identity: typeof claims.grants.identity === "string" ? claims.grants.identity : null,
      grants: claims.grants,
    },
  };
  return checkAccountReach(context, principal, resolveTarget(context, request).accountSid, allowedDecision);
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

/** The path's AccountSid must be the credential's account, or a subaccount for a parent's Auth Token. */
async function checkAccountReach(
  context: RegionContext,
  principal: Principal,
  accountSid: string | undefined,
  verdict: Decision,
): Promise<Decision> {
  if (accountSid === undefined || accountSid === principal.accountSid) return verdict;
  try {
    await findReachableAccount(context.store, principal, accountSid);
    return verdict;
  } catch {
    return denied("account_not_reachable", principal, new AppError("NOT_FOUND"));
  }
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

function judgeRoute(principal: Principal, route: RouteMatch | undefined, request: DecisionRequest): Decision {
  const permissions = route?.permissions ?? [];
  const first = permissions[0]?.name ?? null;
  switch (principal.credentialType) {
    case "auth_token":
    case "main":
    case "access_token":
      return allowed(principal, first);
    case "standard":
      // Unknown paths on the iam and accounts hosts are management too: nothing else lives there.
      if (
        first?.startsWith(MANAGEMENT_PREFIX) ||
        (route === undefined && MANAGEMENT_HOSTS.has(productOf(request.host)))
      ) {
        return denied("management_forbidden", principal, new AppError("AUTHENTICATION_FAILED"));
      }
      return allowed(principal, first);
    case "restricted": {
      if (route === undefined) {
        const message = `Authorization Failed: no permission covers ${request.method.toUpperCase()} ${request.path.slice(0, 256)}`;
        return denied("no_matching_route", principal, new AppError("PERMISSION_DENIED", { message }));
      }
      const granted = permissions.find((candidate) => principal.policy?.allows(candidate));
      if (granted !== undefined) return allowed(principal, granted.name);
      const message = `Authorization Failed: the API key lacks the permission '${first}'`;
      return denied("permission_denied", principal, new AppError("PERMISSION_DENIED", { message }), {
        missingPermission: first,
      });
    }
  }
}

/** `api.dublin.ie1.twilio.com` and `api.twilio.com:443` both address the product `api`. */
export function productOf(host: string): string {
  const end = host.search(/[.:]/);
  return (end === -1 ? host : host.slice(0, end)).toLowerCase();
}

function allowed(principal: Principal, permission: string | null): Decision {
  return {
    allowed: true,
    reason: "allowed",
    principal,
    permission,
    missingPermission: null,
    error: null,
    failedSid: null,
    accessToken: null,
  };
}

function denied(
  reason: DecisionReason,
  principal: Principal | null,
  error: AppError,
  extra: { failedSid?: string | null; missingPermission?: string | null } = {},
): Decision {
  return {
    allowed: false,
    reason,
    principal,
    permission: null,
    missingPermission: extra.missingPermission ?? null,
    error,
    failedSid: extra.failedSid ?? null,
    accessToken: null,
  };
}
