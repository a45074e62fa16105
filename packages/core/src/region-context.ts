import type { AccessTokenVerifier } from "./access-tokens/verify-access-token.js";
import type { Authenticator } from "./auth/authenticator.js";
import type { SecretKeeper } from "./credentials/secret-keeper.js";
import type { Deployment } from "./deployment.js";
import type { KeyEscalation } from "./keys/key-rights.js";
import type { PermissionCatalog } from "./policy/permission-catalog.js";
import type { Clock, Random } from "./ports.js";
import type { RouteTree } from "./routing/route-tree.js";
import type { Store } from "./store-port.js";

/**
 * Everything the use cases of one region need. A process holds one per region it serves, each with its
 * own store, credential cache and Access Token verifier, so a credential never crosses regions. The
 * server picks the context from the request's Host once per request; every use case takes the one it is given.
 */
export interface RegionContext {
  readonly region: string;
  readonly store: Store;
  /** The deployment this region belongs to: the account directory and the other regions, for account changes. */
  readonly deployment: Deployment;
  readonly clock: Clock;
  readonly random: Random;
  readonly secrets: SecretKeeper;
  readonly catalog: PermissionCatalog;
  /** Which endpoints each permission opens, for the decision API. */
  readonly routes: RouteTree;
  readonly authenticator: Authenticator;
  /** This region's Access Tokens: signed by its keys, with `twr` naming it (none: us1). */
  readonly accessTokens: AccessTokenVerifier;
  /** How many subaccounts one account may own (Twilio's default is 1000). */
  readonly maxSubaccounts: number;
  /** Whether keys manage keys only within their own rights (`strict`) or as on Twilio; see keys/key-rights.ts. */
  readonly keyEscalation: KeyEscalation;
}
