export * from "./access-tokens/access-token.js";
export * from "./access-tokens/verify-access-token.js";
export * from "./accounts/account.js";
export * from "./accounts/auth-token-visibility.js";
export * from "./accounts/auth-tokens.js";
export * from "./accounts/create-subaccount.js";
export * from "./accounts/initialize-owner.js";
export * from "./accounts/list-accounts.js";
export * from "./accounts/new-account.js";
export * from "./accounts/replicate-account.js";
export * from "./accounts/reveal-auth-token.js";
export * from "./accounts/update-account.js";
export * from "./audit.js";
export * from "./auth/access-rules.js";
export * from "./auth/account-reach.js";
export * from "./auth/authenticator.js";
export * from "./auth/failure-throttle.js";
export * from "./auth/principal.js";
export * from "./cache/invalidating-cache.js";
export {
  type CatalogIssue,
  type CatalogPath,
  type CatalogResult,
  type CatalogSource,
  fieldOf,
  formatCatalogIssue,
  formatCatalogIssues,
} from "./catalog/catalog-issue.js";
export * from "./catalog/combine-catalogs.js";
export * from "./catalog/operator-catalog.js";
export * from "./catalog/route-template.js";
export * from "./console/console-deps.js";
export * from "./console/console-email.js";
export * from "./console/console-principal.js";
export * from "./console/console-roles.js";
export * from "./console/console-sessions.js";
export * from "./console/console-user.js";
export * from "./console/console-users.js";
export * from "./console/password-hash.js";
export * from "./credentials/generate.js";
export * from "./credentials/secret-keeper.js";
export * from "./decisions/decide.js";
export * from "./deployment.js";
export * from "./directory/directory-port.js";
export * from "./errors/app-error.js";
export * from "./errors/catalog.js";
export * from "./json-depth.js";
export * from "./keys/api-key.js";
export * from "./keys/create-key.js";
export * from "./keys/delete-key.js";
export * from "./keys/find-reachable-key.js";
export * from "./keys/friendly-name.js";
export * from "./keys/key-rights.js";
export * from "./keys/list-keys.js";
export * from "./keys/update-key.js";
export * from "./paging/keyset-page.js";
export * from "./paging/page-cursor.js";
export * from "./policy/permission.js";
export * from "./policy/permission-catalog.js";
export * from "./policy/policy.js";
export * from "./ports.js";
export * from "./region-context.js";
export * from "./routing/permission-catalog-routes.js";
export * from "./routing/route-tree.js";
export * from "./sids.js";
export * from "./store-port.js";
export * from "./store-unavailable.js";
