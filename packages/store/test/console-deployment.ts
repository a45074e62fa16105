import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AccessTokenVerifier,
  Authenticator,
  type ConsoleDeps,
  type Deployment,
  type DirectoryAccount,
  initializeOwner,
  type Random,
  type RegionContext,
  SecretKeeper,
  secureRandom,
  twilioPermissionCatalog,
  twilioRouteTree,
} from "@latchkey/core";
import { ManualClock } from "@latchkey/core/testing";
import { openSqliteDirectory } from "../src/directory/sqlite-directory.js";
import { openSqliteStore } from "../src/sqlite.js";

export interface ConsoleFixture {
  readonly deps: ConsoleDeps;
  readonly deployment: Deployment;
  readonly clock: ManualClock;
  readonly ownerAccountSid: string;
  /** Adds an account to the directory directly (a subaccount of the owner), for account-status cases. */
  addSubaccount(sid: string, status: DirectoryAccount["status"]): Promise<void>;
  close(): Promise<void>;
}

export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
export const MAX_SESSION_MS = 12 * 60 * 60 * 1000;

/**
 * A real deployment on fresh SQLite files: the account directory and two regions (us1, the default, and
 * ie1), with the owner account initialized. Only the clock and, when given, the random source are fakes.
 */
export async function openConsoleFixture(random: Random = secureRandom): Promise<ConsoleFixture> {
  const dataDir = mkdtempSync(join(tmpdir(), "latchkey-console-"));
  const clock = new ManualClock();
  const directory = await openSqliteDirectory(join(dataDir, "directory.sqlite"));
  const regions: RegionContext[] = [];
  const deployment: Deployment = {
    directory,
    regions,
    replicationFailed: (_region, error) => {
      throw error;
    },
  };
  const secrets = new SecretKeeper(Buffer.alloc(32, 7), secureRandom);
  for (const name of ["us1", "ie1"]) {
    const store = await openSqliteStore(join(dataDir, `${name}.sqlite`));
    const authenticator = new Authenticator({ store, secrets });
    regions.push({
      region: name,
      store,
      deployment,
      clock,
      random: secureRandom,
      secrets,
      catalog: twilioPermissionCatalog,
      routes: twilioRouteTree,
      authenticator,
      accessTokens: new AccessTokenVerifier({ region: name, authenticator, clock, clockSkewSeconds: 60 }),
      maxSubaccounts: 1000,
      keyEscalation: "strict",
    });
  }
  const owner = await initializeOwner(deployment, { sid: "operator", address: "test" });
  const deps: ConsoleDeps = { deployment, clock, random, idleTimeoutMs: IDLE_TIMEOUT_MS, maxSessionMs: MAX_SESSION_MS };
  return {
    deps,
    deployment,
    clock,
    ownerAccountSid: owner.accountSid,
    async addSubaccount(sid, status) {
      const now = clock.now();
      await directory.accounts.create({
        sid,
        ownerAccountSid: owner.accountSid,
        friendlyName: "sub",
        status,
        type: "Full",
        region: "us1",
        dateCreated: now,
        dateUpdated: now,
        version: 1,
      });
    },
    async close() {
      for (const region of regions) await region.store.close();
      await directory.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
