import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AccessTokenVerifier,
  Authenticator,
  createMainKey,
  type Deployment,
  type DirectoryStore,
  initializeOwner,
  type RegionContext,
  SecretKeeper,
  type Store,
  secureRandom,
  twilioPermissionCatalog,
  twilioRouteTree,
} from "@latchkey/core";
import { ManualClock } from "@latchkey/core/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteDirectory } from "../src/directory/sqlite-directory.js";
import { openSqliteStore } from "../src/sqlite.js";

/** Counts reads of the key table, to prove which requests reach the store. */
function countingStore(store: Store): { store: Store; keyReads: () => number } {
  let reads = 0;
  const keys = {
    ...store.keys,
    findBySid: (sid: string) => {
      reads += 1;
      return store.keys.findBySid(sid);
    },
  };
  return { store: { ...store, keys }, keyReads: () => reads };
}

describe("Authenticator over a real SQLite store", () => {
  let directory: string;
  let context: RegionContext;
  let deployment: Deployment;
  let directoryStore: DirectoryStore;
  let counted: ReturnType<typeof countingStore>;

  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), "latchkey-auth-"));
    const raw = await openSqliteStore(join(directory, "store.sqlite"));
    counted = countingStore(raw);
    const secrets = new SecretKeeper(Buffer.alloc(32, 1), secureRandom);
    directoryStore = await openSqliteDirectory(join(directory, "directory.sqlite"));
    const regions: RegionContext[] = [];
    deployment = {
      directory: directoryStore,
      regions,
      replicationFailed: (_region, error) => {
        throw error;
      },
    };
    const clock = new ManualClock();
    const authenticator = new Authenticator({ store: counted.store, secrets });
    context = {
      region: "us1",
      store: counted.store,
      deployment,
      clock,
      random: secureRandom,
      secrets,
      catalog: twilioPermissionCatalog,
      routes: twilioRouteTree,
      authenticator,
      accessTokens: new AccessTokenVerifier({ region: "us1", authenticator, clock, clockSkewSeconds: 60 }),
      maxSubaccounts: 1000,
      keyEscalation: "strict",
    };
    regions.push(context);
  });

  afterEach(async () => {
    await context.store.close();
    await directoryStore.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

  it("answers a warm credential from memory, without reading the store", async () => {
    const owner = await initializeOwner(deployment, { sid: "operator", address: "test" });
    const { key, secret } = await createMainKey(
      context,
      { sid: "operator", address: "test" },
      {
        accountSid: owner.accountSid,
        friendlyName: null,
      },
    );
    const first = await context.authenticator.authenticateBasic(basic(key.sid, secret));
    expect(first).toMatchObject({ ok: true, principal: { credentialSid: key.sid, credentialType: "main" } });
    const readsAfterFirst = counted.keyReads();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await context.authenticator.authenticateBasic(basic(key.sid, secret))).ok).toBe(true);
    }
    expect(counted.keyReads()).toBe(readsAfterFirst);
    expect(await context.authenticator.authenticateBasic(basic(key.sid, `${secret.slice(0, -1)}x`))).toEqual({
      ok: false,
      sid: key.sid,
    });
  });

  it("does not let a lookup that started before an invalidation repopulate the cache", async () => {
    const owner = await initializeOwner(deployment, { sid: "operator", address: "test" });
    const { key, secret } = await createMainKey(
      context,
      { sid: "operator", address: "test" },
      {
        accountSid: owner.accountSid,
        friendlyName: null,
      },
    );
    const inFlight = context.authenticator.authenticateBasic(basic(key.sid, secret));
    await context.store.keys.delete(key.sid);
    context.authenticator.invalidate(key.sid);
    await inFlight;
    expect(await context.authenticator.authenticateBasic(basic(key.sid, secret))).toEqual({ ok: false, sid: key.sid });
  });

  it.each([
    ["no header", undefined],
    ["another scheme", `Bearer ${"x".repeat(40)}`],
    ["bad base64", "Basic %%%"],
    ["no colon", `Basic ${Buffer.from(`AC${"a".repeat(32)}`).toString("base64")}`],
    ["a user that is not a SID", basic("alice", "secret")],
    ["an oversized header", `Basic ${"A".repeat(600)}`],
  ])("rejects %s without naming a SID", async (_name, header) => {
    expect(await context.authenticator.authenticateBasic(header)).toEqual({ ok: false, sid: null });
  });
});
