import { join } from "node:path";
import {
  AccessTokenVerifier,
  AppError,
  Authenticator,
  type Clock,
  checkMasterKey,
  type Deployment,
  type KeyEscalation,
  type PermissionCatalog,
  type Random,
  type RegionContext,
  type RouteTree,
  reportingUnavailable,
  type SecretKeeper,
  twilioPermissionCatalog,
  twilioRouteTree,
} from "@latchkey/core";
import { openSqliteStore } from "@latchkey/store";
import { ConfigError } from "../config.js";
import { createPrivateDirs } from "./data-dir.js";

/** What every region of a deployment is opened with; see openDeployment. */
export interface RegionSettings {
  readonly maxSubaccounts?: number;
  readonly accessTokenClockSkewSeconds?: number;
  /** `strict` unless told otherwise: keys manage keys only within their own rights. */
  readonly keyEscalation?: KeyEscalation;
  /** The permissions a policy may grant; Twilio's by default, or one with operator catalogs added. */
  readonly catalog?: PermissionCatalog;
  /** The permission catalog's route tree; Twilio's by default, or one with operator catalogs added. */
  readonly routes?: RouteTree;
}

export const DEFAULT_MAX_SUBACCOUNTS = 1000;

/** The SQLite file of one region's store: `<dataDir>/<region>/latchkey.sqlite`. */
export function regionStoreFile(dataDir: string, region: string): string {
  return join(dataDir, region, "latchkey.sqlite");
}

/**
 * Opens one region's isolated store with everything its use cases need: its own credential cache and
 * Access Token verifier. The master key (`secrets`) is the deployment's; the store must have been sealed with it.
 */
export async function openRegion(
  options: RegionSettings & {
    readonly dataDir: string;
    readonly region: string;
    readonly deployment: Deployment;
    readonly secrets: SecretKeeper;
    readonly clock: Clock;
    readonly random: Random;
  },
): Promise<RegionContext> {
  createPrivateDirs(options.dataDir, options.region);
  const store = reportingUnavailable(await openSqliteStore(regionStoreFile(options.dataDir, options.region)));
  try {
    await checkMasterKey(store.settings, options.secrets);
  } catch (error) {
    await store.close();
    throw error instanceof AppError ? new ConfigError(`region ${options.region}: ${error.message}`) : error;
  }
  const authenticator = new Authenticator({ store, secrets: options.secrets });
  return {
    region: options.region,
    store,
    deployment: options.deployment,
    clock: options.clock,
    random: options.random,
    secrets: options.secrets,
    catalog: options.catalog ?? twilioPermissionCatalog,
    routes: options.routes ?? twilioRouteTree,
    authenticator,
    accessTokens: new AccessTokenVerifier({
      region: options.region,
      authenticator,
      clock: options.clock,
      clockSkewSeconds: options.accessTokenClockSkewSeconds ?? 60,
    }),
    maxSubaccounts: options.maxSubaccounts ?? DEFAULT_MAX_SUBACCOUNTS,
    keyEscalation: options.keyEscalation ?? "strict",
  };
}
