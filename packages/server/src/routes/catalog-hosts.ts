import type { CatalogEndpoint } from "../http/route.js";

/**
 * Protected routes say under which product host the permission catalog lists them; the route's own method
 * and path say which endpoint it is. What a credential may do there comes from the catalog and the rule
 * table (core auth/access-rules.ts), exactly as for the decision API: no route declares its own rule.
 */
export const IAM_V1: CatalogEndpoint = { catalogHost: "iam" };
export const API_V2010: CatalogEndpoint = { catalogHost: "api" };
export const ACCOUNTS_V1: CatalogEndpoint = { catalogHost: "accounts" };
