import type { Authenticator } from "./auth/authenticator.js";
import type { SecretKeeper } from "./credentials/secret-keeper.js";
import type { KeyEscalation } from "./keys/key-rights.js";
import type { PermissionCatalog } from "./policy/permission-catalog.js";
import type { Clock, Random } from "./ports.js";
import type { RouteTree } from "./routing/route-tree.js";
import type { Store } from "./store-port.js";

/**
 * Everything the use cases of one region need. A process may hold several, one per region, each
 * with its own store and credential cache, so a credential never leaks across regions.
 */
export interface RegionContext {
  readonly region: string;
  readonly store: Store;
  readonly clock: Clock;
  readonly random: Random;
  readonly secrets: SecretKeeper;
  readonly catalog: PermissionCatalog;
  /** Which endpoints each permission opens, for the decision API. */
  readonly routes: RouteTree;
  readonly authenticator: Authenticator;
  /** Seconds of clock difference tolerated on Access Token `exp` and `nbf`. */
  readonly accessTokenClockSkewSeconds: number;
  /** How many subaccounts one account may own (Twilio's default is 1000). */
  readonly maxSubaccounts: number;
  /** Whether keys manage keys only within their own rights (`strict`) or as on Twilio; see keys/key-rights.ts. */
  readonly keyEscalation: KeyEscalation;
}
