import { AppError } from "../errors/app-error.js";
import type { Permission } from "../policy/permission.js";
import type { Principal } from "./principal.js";

/**
 * What a route requires. `management` routes (keys, accounts) are closed to standard keys, which
 * Twilio answers with 401/20003 rather than 403; `product` routes are open to them. `account-admin`
 * routes (creating and updating accounts, rotating Auth Tokens) are also closed to restricted keys,
 * whatever their policy: no grant, not even a resource wildcard, reaches them.
 */
export interface RouteAccess {
  readonly kind: "management" | "account-admin" | "product";
  readonly permission: Permission;
}

/** Throws the Twilio error the caller should get when `principal` may not use a route. */
export function authorize(principal: Principal, access: RouteAccess): void {
  switch (principal.credentialType) {
    case "auth_token":
    case "main":
      return;
    case "access_token":
      // Access Tokens are for client SDKs and the decision API, never for the REST APIs.
      throw new AppError("AUTHENTICATION_FAILED");
    case "standard":
      if (access.kind !== "product") throw new AppError("AUTHENTICATION_FAILED");
      return;
    case "restricted":
      // A restricted principal always carries its policy; the check is two set lookups.
      if (access.kind !== "account-admin" && principal.policy?.allows(access.permission)) return;
      throw new AppError("PERMISSION_DENIED", {
        message: `Authorization Failed: the API key lacks the permission '${access.permission.name}'`,
      });
  }
}
