import { existsSync } from "node:fs";
import { join } from "node:path";
import {
  AppError,
  Authenticator,
  assertMasterKeyMatches,
  type Clock,
  type KeyEscalation,
  type PermissionCatalog,
  type Random,
  type RegionContext,
  type RouteTree,
  SecretKeeper,
  type Store,
  secureRandom,
  systemClock,
  twilioPermissionCatalog,
  twilioRouteTree,
} from "@latchkey/core";
import { openSqliteStore } from "@latchkey/store";
import { ConfigError } from "../config.js";
import { createPrivateDirs, describeDataDirFailure } from "./data-dir.js";
import { type FoundMasterKey, findMasterKey, masterKeyWarnings, writeNewMasterKey } from "./master-key.js";

export interface OpenRegionOptions {
  readonly dataDir: string;
  readonly region: string;
  readonly masterKey: string | undefined;
  /** LATCHKEY_MASTER_KEY_FILE: a key file kept outside the data dir; it wins over `<dataDir>/master.key`. */
  readonly masterKeyFile?: string | undefined;
  /** Told what an operator should fix but that does not stop the start (a key file inside the data dir). */
  readonly onWarning?: (message: string) => void;
  readonly maxSubaccounts?: number;
  readonly accessTokenClockSkewSeconds?: number;
  /** `strict` unless told otherwise: keys manage keys only within their own rights. */
  readonly keyEscalation?: KeyEscalation;
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
  const storeFile = join(options.dataDir, options.region, "latchkey.sqlite");
  let masterKey: FoundMasterKey;
  let store: Store;
  try {
    masterKey = findMasterKey({
      dataDir: options.dataDir,
      fromEnv: options.masterKey,
      fromFile: options.masterKeyFile,
      dataExists: existsSync(storeFile),
      random,
    });
    createPrivateDirs(options.dataDir, options.region);
    if (masterKey.isNew && masterKey.file !== undefined) writeNewMasterKey(masterKey.file, masterKey.key);
    store = await openSqliteStore(storeFile);
  } catch (error) {
    throw describeDataDirFailure(error, options.dataDir);
  }
  for (const warning of masterKeyWarnings(options.dataDir, masterKey.file)) options.onWarning?.(warning);
  const secrets = new SecretKeeper(masterKey.key, random);
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
    keyEscalation: options.keyEscalation ?? "strict",
  };
  try {
    await assertMasterKeyMatches(context);
  } catch (error) {
    await store.close();
    throw error instanceof AppError ? new ConfigError(error.message) : error;
  }
  return context;
}
