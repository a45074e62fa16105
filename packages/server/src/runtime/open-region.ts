import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import {
  AppError,
  Authenticator,
  assertMasterKeyMatches,
  type Clock,
  type PermissionCatalog,
  type Random,
  type RegionContext,
  type RouteTree,
  SecretKeeper,
  secureRandom,
  systemClock,
  twilioPermissionCatalog,
  twilioRouteTree,
} from "@latchkey/core";
import { openSqliteStore } from "@latchkey/store";
import { ConfigError } from "../config.js";
import { resolveMasterKey } from "./master-key.js";

export interface OpenRegionOptions {
  readonly dataDir: string;
  readonly region: string;
  readonly masterKey: string | undefined;
  readonly maxSubaccounts?: number;
  readonly accessTokenClockSkewSeconds?: number;
  /** The permissions a policy may grant; Twilio's by default, or one with operator catalogs added. */
  readonly catalog?: PermissionCatalog;
  /** The permission catalog's route tree; Twilio's by default, or one with operator catalogs added. */
  readonly routes?: RouteTree;
  readonly clock?: Clock;
  readonly random?: Random;
}

export const DEFAULT_MAX_SUBACCOUNTS = 1000;

/** Opens one region's isolated store under `<dataDir>/<region>/` with everything its use cases need. */
export async function openRegion(options: OpenRegionOptions): Promise<RegionContext> {
  const random = options.random ?? secureRandom;
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const storeFile = join(options.dataDir, options.region, "latchkey.sqlite");
  const masterKey = resolveMasterKey({
    dataDir: options.dataDir,
    fromEnv: options.masterKey,
    dataExists: existsSync(storeFile),
    random,
  });
  const store = await openSqliteStore(storeFile);
  const secrets = new SecretKeeper(masterKey, random);
  const context: RegionContext = {
    region: options.region,
    store,
    clock: options.clock ?? systemClock,
    random,
    secrets,
    catalog: options.catalog ?? twilioPermissionCatalog,
    routes: options.routes ?? twilioRouteTree,
    authenticator: new Authenticator({ store, secrets }),
    maxSubaccounts: options.maxSubaccounts ?? DEFAULT_MAX_SUBACCOUNTS,
    accessTokenClockSkewSeconds: options.accessTokenClockSkewSeconds ?? 60,
  };
  try {
    await assertMasterKeyMatches(context);
  } catch (error) {
    await store.close();
    throw error instanceof AppError ? new ConfigError(error.message) : error;
  }
  return context;
}
