import type { DirectoryStore } from "./directory/directory-port.js";
import type { RegionContext } from "./region-context.js";

/**
 * The regions one Latchkey deployment serves and the account directory they share. Regions share nothing
 * else: a request reads only its own region's store and caches. Only an account change (a new account, a
 * rename, a status change) reaches past its region: it commits in the directory, then every region copies
 * it (accounts/replicate-account.ts).
 */
export interface Deployment {
  readonly directory: DirectoryStore;
  /** Every region served, in the configured order; the first is the default region. */
  readonly regions: readonly RegionContext[];
  /**
   * A region could not copy an account change (its store failed). The change holds in the directory and
   * in every other region; this region copies it when it is reconciled again (reconcileRegion).
   */
  replicationFailed(region: RegionContext, error: unknown): void;
}

/** The region named `name`, if the deployment serves it. */
export function regionNamed(deployment: Deployment, name: string): RegionContext | undefined {
  return deployment.regions.find((region) => region.region === name);
}
