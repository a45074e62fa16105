/**
 * The one table of what each kind of credential may do with each kind of endpoint. The REST routes (through
 * the auth hook) and the decision API both ask {@link judgeAccess}, so a credential gets the same verdict for
 * the same endpoint wherever it is judged; the denial messages live here too.
 *
 * Hot path: a verdict costs two property reads and, for a restricted key, at most two set lookups per
 * permission that opens the endpoint. Allowed verdicts without a permission are shared, never allocated.
 */
import { AppError } from "../errors/app-error.js";
import type { EndpointClass, RoutePermission } from "../routing/route-tree.js";
import type { CredentialType, Principal } from "./principal.js";

/** How a credential meets a class of endpoint: always, only through its policy, or never. */
export type Reach = "granted" | "by-policy" | "refused";

export interface CredentialRule {
  readonly reach: Readonly<Record<EndpointClass, Reach>>;
  /** Endpoints the catalog does not know: there is no permission to ask a policy for. */
  readonly unmapped: "granted" | "refused";
  /**
   * What a refusal answers. Twilio refuses standard keys on management endpoints with 401/20003 rather than
   * 403 (`authenticate`); a restricted key is told which permission it lacks (`forbid`).
   */
  readonly refusal: "authenticate" | "forbid";
}

// SECURITY: this table is the whole authorization model; `Record<CredentialType, …>` makes a new credential
// type fail to compile until it has a row here.
export const CREDENTIAL_RULES: Readonly<Record<CredentialType, CredentialRule>> = {
  auth_token: fullPower(),
  main: fullPower(),
  standard: {
    reach: { product: "granted", management: "refused", "account-admin": "refused" },
    unmapped: "granted",
    refusal: "authenticate",
  },
  restricted: {
    reach: { product: "by-policy", management: "by-policy", "account-admin": "refused" },
    unmapped: "refused",
    refusal: "forbid",
  },
  // Access Tokens carry grants for client SDKs, which the service behind the gateway enforces; they never
  // manage keys or accounts (and the REST APIs do not accept them at all).
  access_token: {
    reach: { product: "granted", management: "refused", "account-admin": "refused" },
    unmapped: "granted",
    refusal: "authenticate",
  },
};

/** The Auth Token and Main keys: everything in their account. */
function fullPower(): CredentialRule {
  return {
    reach: { product: "granted", management: "granted", "account-admin": "granted" },
    unmapped: "granted",
    refusal: "authenticate",
  };
}

/** What an endpoint is, as the catalog says: its class and the permissions that open it. */
export interface EndpointAccess {
  readonly endpointClass: EndpointClass;
  readonly permissions: readonly RoutePermission[];
}

/** The request being judged, named in the denial of an endpoint the catalog does not know. */
export interface JudgedRequest {
  readonly method: string;
  readonly path: string;
}

export type DenialReason = "management_forbidden" | "permission_denied" | "no_matching_route";

export type AccessVerdict =
  | {
      readonly allowed: true /** The permission that let it through; null when none was needed. */;
      readonly permission: string | null;
    }
  | {
      readonly allowed: false;
      readonly reason: DenialReason;
      readonly error: AppError;
      /** The permission a restricted key would need; null when none would do. */
      readonly missingPermission: string | null;
    };

const ALLOWED: AccessVerdict = { allowed: true, permission: null };

/** The denial messages, in one place. */
export const DENIAL_MESSAGES = {
  lacksPermission: (permission: string) => `Authorization Failed: the API key lacks the permission '${permission}'`,
  noPermissionCovers: (request: JudgedRequest) =>
    `Authorization Failed: no permission covers ${request.method.toUpperCase()} ${request.path.slice(0, 256)}`,
  accountAdmin:
    "Authorization Failed: creating or updating accounts and rotating Auth Tokens needs the Auth Token or a Main key; no API key policy grants it",
} as const;

/**
 * May `principal` use the endpoint? `endpoint` is undefined for a request the catalog does not know.
 *
 * @example
 * ```ts
 * const match = twilioRouteTree.match({ host: "api", method: "POST", path: "/2010-04-01/Accounts.json" });
 * judgeAccess(standardKeyPrincipal, match, { method: "POST", path: "/2010-04-01/Accounts.json" });
 * // → { allowed: false, reason: "management_forbidden", error: AppError(AUTHENTICATION_FAILED), … }
 * ```
 */
export function judgeAccess(
  principal: Principal,
  endpoint: EndpointAccess | undefined,
  request: JudgedRequest,
): AccessVerdict {
  const rule = CREDENTIAL_RULES[principal.credentialType];
  if (endpoint === undefined) {
    if (rule.unmapped === "granted") return ALLOWED;
    return deny(rule, "no_matching_route", DENIAL_MESSAGES.noPermissionCovers(request), null);
  }
  const permissions = endpoint.permissions;
  switch (rule.reach[endpoint.endpointClass]) {
    case "granted":
      return permissions.length === 0 ? ALLOWED : { allowed: true, permission: permissions[0]?.name ?? null };
    case "by-policy": {
      const granted = permissions.find((candidate) => principal.policy?.allows(candidate) === true);
      if (granted !== undefined) return { allowed: true, permission: granted.name };
      const first = permissions[0]?.name ?? null;
      const message =
        first === null ? DENIAL_MESSAGES.noPermissionCovers(request) : DENIAL_MESSAGES.lacksPermission(first);
      return deny(rule, first === null ? "no_matching_route" : "permission_denied", message, first);
    }
    case "refused":
      return deny(
        rule,
        "management_forbidden",
        endpoint.endpointClass === "account-admin" ? DENIAL_MESSAGES.accountAdmin : undefined,
        null,
      );
  }
}

function deny(
  rule: CredentialRule,
  reason: DenialReason,
  message: string | undefined,
  missingPermission: string | null,
): AccessVerdict {
  const error =
    rule.refusal === "authenticate"
      ? new AppError("AUTHENTICATION_FAILED")
      : new AppError("PERMISSION_DENIED", message === undefined ? {} : { message });
  return { allowed: false, reason, error, missingPermission };
}
