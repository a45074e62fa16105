import { existsSync } from "node:fs";
import { join } from "node:path";
import {
  AppError,
  type Clock,
  checkMasterKey,
  type Deployment,
  type DirectoryStore,
  OWNER_ACCOUNT_SETTING,
  type Random,
  type Reconciliation,
  type RegionContext,
  reconcileRegion,
  SecretKeeper,
  secureRandom,
  systemClock,
} from "@latchkey/core";
import { openSqliteDirectory } from "@latchkey/store";
import { ConfigError } from "../config.js";
import { createPrivateDirs, describeDataDirFailure } from "./data-dir.js";
import { importLegacyAccounts } from "./legacy-directory.js";
import { findMasterKey, masterKeyWarnings, writeNewMasterKey } from "./master-key.js";
import { openRegion, type RegionSettings, regionStoreFile } from "./open-region.js";

export interface OpenDeploymentOptions extends RegionSettings {
  readonly dataDir: string;
  /** The regions served, the default first; at least one. */
  readonly regions: readonly string[];
  readonly masterKey: string | undefined;
  /** LATCHKEY_MASTER_KEY_FILE: a key file kept outside the data dir; it wins over `<dataDir>/master.key`. */
  readonly masterKeyFile?: string | undefined;
  /** Told what an operator should fix but that does not stop the start (a key file inside the data dir). */
  readonly onWarning?: (message: string) => void;
  /** A region could not copy an account change; the deployment retries it (see {@link OpenDeployment}). */
  readonly onReplicationFailure?: (region: string, error: unknown) => void;
  /** A retried reconciliation caught a region up; when it created the owner's copy, its token is in it. */
  readonly onReconciled?: (reconciliation: Reconciliation) => void;
  readonly clock?: Clock;
  readonly random?: Random;
}

export interface OpenDeployment {
  readonly deployment: Deployment;
  /** The default region (the first configured). */
  readonly defaultRegion: RegionContext;
  /**
   * Brings every region's copies of the accounts up to the directory (a region just added gets them all,
   * each with a new Auth Token). Call once the server can serve: the owner's new tokens are in the result,
   * to be shown, and a token made and never shown would be lost.
   */
  reconcile(): Promise<readonly Reconciliation[]>;
  close(): Promise<void>;
}

/** The account directory's SQLite file, beside the regions' directories. */
export function directoryFile(dataDir: string): string {
  return join(dataDir, "directory.sqlite");
}

const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 30_000;

/**
 * Opens the account directory and every region's store under `dataDir`, all sealed with one master key.
 * Regions are independent at run time; the directory is written only by account changes.
 */
export async function openDeployment(options: OpenDeploymentOptions): Promise<OpenDeployment> {
  const random = options.random ?? secureRandom;
  const clock = options.clock ?? systemClock;
  const { dataDir } = options;
  let directory: DirectoryStore | undefined;
  const regions: RegionContext[] = [];
  const closeAll = async () => {
    for (const region of regions.splice(0)) await region.store.close();
    await directory?.close();
    directory = undefined;
  };
  try {
    const masterKey = findMasterKey({
      dataDir,
      fromEnv: options.masterKey,
      fromFile: options.masterKeyFile,
      dataExists:
        existsSync(directoryFile(dataDir)) ||
        options.regions.some((name) => existsSync(regionStoreFile(dataDir, name))),
      random,
    });
    createPrivateDirs(dataDir);
    if (masterKey.isNew && masterKey.file !== undefined) writeNewMasterKey(masterKey.file, masterKey.key);
    for (const warning of masterKeyWarnings(dataDir, masterKey.file)) options.onWarning?.(warning);
    const secrets = new SecretKeeper(masterKey.key, random);
    directory = await openSqliteDirectory(directoryFile(dataDir));
    await checkDirectoryKey(directory, secrets);
    const found = directory;
    const ownerSid = () => found.settings.get(OWNER_ACCOUNT_SETTING);
    const retries = new ReconcileRetries(options, ownerSid);
    const deployment: Deployment = {
      directory,
      regions,
      replicationFailed: (region, error) => {
        options.onReplicationFailure?.(region.region, error);
        retries.schedule(region);
      },
    };
    for (const name of options.regions) {
      regions.push(await openRegion({ ...options, region: name, deployment, secrets, clock, random }));
    }
    await importLegacyAccounts(deployment);
    const [defaultRegion] = regions;
    if (defaultRegion === undefined) throw new ConfigError("LATCHKEY_REGIONS names no region");
    return {
      deployment,
      defaultRegion,
      async reconcile() {
        const owner = await ownerSid();
        const results: Reconciliation[] = [];
        for (const region of regions) results.push(await reconcileRegion(region, owner));
        return results;
      },
      async close() {
        retries.stop();
        await closeAll();
      },
    };
  } catch (error) {
    await closeAll();
    throw describeDataDirFailure(error, dataDir);
  }
}

async function checkDirectoryKey(directory: DirectoryStore, secrets: SecretKeeper): Promise<void> {
  try {
    await checkMasterKey(directory.settings, secrets);
  } catch (error) {
    throw error instanceof AppError ? new ConfigError(error.message) : error;
  }
}

/** Retries, with backoff, reconciling a region that failed to copy an account change, until it succeeds. */
class ReconcileRetries {
  readonly #timers = new Map<RegionContext, { timer: NodeJS.Timeout; delay: number }>();
  readonly #options: OpenDeploymentOptions;
  #stopped = false;

  readonly #ownerSid: () => Promise<string | undefined>;

  constructor(options: OpenDeploymentOptions, ownerSid: () => Promise<string | undefined>) {
    this.#options = options;
    this.#ownerSid = ownerSid;
  }

  schedule(region: RegionContext, delay = RETRY_FIRST_MS): void {
    if (this.#stopped || this.#timers.has(region)) return;
    // unref: a pending retry never holds the process open.
    const timer = setTimeout(() => void this.#retry(region, delay), delay).unref();
    this.#timers.set(region, { timer, delay });
  }

  async #retry(region: RegionContext, delay: number): Promise<void> {
    this.#timers.delete(region);
    try {
      const reconciliation = await reconcileRegion(region, await this.#ownerSid());
      this.#options.onReconciled?.(reconciliation);
    } catch (error) {
      this.#options.onReplicationFailure?.(region.region, error);
      this.schedule(region, Math.min(delay * 2, RETRY_MAX_MS));
    }
  }

  stop(): void {
    this.#stopped = true;
    for (const { timer } of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }
}
