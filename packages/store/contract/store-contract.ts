/**
 * The contract every storage engine must pass, written against the Store port only. An engine's test
 * file calls `describeStoreContract` with a factory that opens a fresh, empty store.
 */
import type { Store, StoredAccount, StoredKey } from "@latchkey/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ACCOUNT, key, OTHER_ACCOUNT } from "./contract-keys.js";
import { describeKeySearchContract } from "./key-search-contract.js";

function account(sid: string): StoredAccount {
  return {
    sid,
    ownerAccountSid: sid,
    friendlyName: "Owner account",
    status: "active",
    type: "Full",
    region: "us1",
    dateCreated: 1_000,
    dateUpdated: 1_000,
    authTokenVerifier: "dmVyaWZpZXI=",
    sealedAuthToken: "v1.sealed",
    authTokenDateCreated: 1_000,
    secondaryAuthTokenVerifier: null,
    sealedSecondaryAuthToken: null,
    secondaryAuthTokenDateCreated: null,
    version: 1,
  };
}

export function describeStoreContract(engine: string, openEmptyStore: () => Promise<Store>): void {
  describe(`Store contract on ${engine}`, () => {
    let store: Store;

    beforeEach(async () => {
      store = await openEmptyStore();
      await store.accounts.create(account(ACCOUNT));
      await store.accounts.create(account(OTHER_ACCOUNT));
    });

    afterEach(async () => {
      await store.close();
    });

    it("answers ping", async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it("stores and finds an account with every field intact", async () => {
      expect(await store.accounts.findBySid(ACCOUNT)).toEqual(account(ACCOUNT));
      expect(await store.accounts.findBySid(`AC${"c".repeat(32)}`)).toBeUndefined();
    });

    it("stores and finds a restricted key with its policy", async () => {
      const restricted = key(1, { type: "restricted", policy: { allow: ["/twilio/iam/api-keys/read"] } });
      await store.keys.create(restricted);
      expect(await store.keys.findBySid(restricted.sid)).toEqual(restricted);
      expect(await store.keys.findBySid(key(2).sid)).toBeUndefined();
    });

    it("refuses a second key with the same SID", async () => {
      await store.keys.create(key(1));
      await expect(store.keys.create(key(1))).rejects.toThrow();
    });

    it("updates only the fields given and returns the new row", async () => {
      await store.keys.create(key(1, { type: "restricted", policy: { allow: ["/twilio/iam/api-keys/read"] } }));
      const renamed = await store.keys.update(key(1).sid, { friendlyName: "renamed", dateUpdated: 5_000 });
      expect(renamed).toMatchObject({ friendlyName: "renamed", dateUpdated: 5_000, dateCreated: 1_001 });
      expect(renamed?.policy).toEqual({ allow: ["/twilio/iam/api-keys/read"] });
      const repoliced = await store.keys.update(key(1).sid, {
        policy: { allow: ["/twilio/iam/api-keys/list"] },
        dateUpdated: 6_000,
      });
      expect(repoliced).toMatchObject({ friendlyName: "renamed", policy: { allow: ["/twilio/iam/api-keys/list"] } });
      const cleared = await store.keys.update(key(1).sid, { friendlyName: null, dateUpdated: 7_000 });
      expect(cleared?.friendlyName).toBeNull();
    });

    it("answers undefined when updating a missing key", async () => {
      expect(await store.keys.update(key(9).sid, { friendlyName: "x", dateUpdated: 1 })).toBeUndefined();
    });

    it("deletes a key once", async () => {
      await store.keys.create(key(1));
      expect(await store.keys.delete(key(1).sid)).toBe(true);
      expect(await store.keys.delete(key(1).sid)).toBe(false);
      expect(await store.keys.findBySid(key(1).sid)).toBeUndefined();
    });

    it("never serves a key read that a committed write has changed", async () => {
      await store.keys.create(key(1));
      expect((await store.keys.findBySid(key(1).sid))?.friendlyName).toBe("key 1");
      await store.transaction(async (tx) => {
        await tx.keys.update(key(1).sid, { friendlyName: "renamed", dateUpdated: 9_000 });
      });
      expect((await store.keys.findBySid(key(1).sid))?.friendlyName).toBe("renamed");
      await store.transaction(async (tx) => {
        await tx.keys.delete(key(1).sid);
      });
      expect(await store.keys.findBySid(key(1).sid)).toBeUndefined();
    });

    it("keeps serving the committed key when a transaction that changed it rolls back", async () => {
      await store.keys.create(key(1));
      await expect(
        store.transaction(async (tx) => {
          await tx.keys.update(key(1).sid, { friendlyName: "never", dateUpdated: 9_000 });
          throw new Error("rollback");
        }),
      ).rejects.toThrow("rollback");
      expect((await store.keys.findBySid(key(1).sid))?.friendlyName).toBe("key 1");
    });

    describe("listPage", () => {
      beforeEach(async () => {
        // Keys 1..7 with key 3 and 4 sharing a date_updated to exercise the SID tie-break.
        for (let index = 1; index <= 7; index += 1) {
          await store.keys.create(key(index, index === 4 ? { dateUpdated: 1_003 } : {}));
        }
        await store.keys.create(key(50, { accountSid: OTHER_ACCOUNT, dateUpdated: 9_999 }));
      });

      const sids = (keys: StoredKey[]) => keys.map((k) => Number.parseInt(k.sid.slice(2), 16));

      it("lists one account's keys, newest update first, ties by SID descending", async () => {
        const rows = await store.keys.listPage({ accountSid: ACCOUNT, limit: 100, cursor: null, offset: 0 });
        expect(sids(rows)).toEqual([7, 6, 5, 4, 3, 2, 1]);
      });

      it("walks forward and back from a cursor", async () => {
        const after = await store.keys.listPage({
          accountSid: ACCOUNT,
          limit: 3,
          cursor: { direction: "after", dateUpdated: 1_003, sid: key(4).sid },
          offset: 0,
        });
        expect(sids(after)).toEqual([3, 2, 1]);
        const before = await store.keys.listPage({
          accountSid: ACCOUNT,
          limit: 2,
          cursor: { direction: "before", dateUpdated: 1_003, sid: key(3).sid },
          offset: 0,
        });
        expect(sids(before)).toEqual([5, 4]);
      });

      it("skips rows by offset when no cursor is given", async () => {
        const rows = await store.keys.listPage({ accountSid: ACCOUNT, limit: 2, cursor: null, offset: 4 });
        expect(sids(rows)).toEqual([3, 2]);
      });
    });

    describeKeySearchContract(() => store);

    it("commits a mutation and its audit row together", async () => {
      await store.transaction(async (tx) => {
        await tx.keys.create(key(1));
        await tx.audit.append({
          action: "key.created",
          actorSid: ACCOUNT,
          address: "127.0.0.1",
          region: "us1",
          accountSid: ACCOUNT,
          targetSid: key(1).sid,
          changes: { friendly_name: "key 1" },
          at: 2_000,
        });
      });
      expect(await store.keys.findBySid(key(1).sid)).toBeDefined();
      const [entry] = await store.audit.listRecent(10);
      expect(entry).toMatchObject({
        action: "key.created",
        targetSid: key(1).sid,
        changes: { friendly_name: "key 1" },
      });
    });

    it("rolls back every write of a failed transaction", async () => {
      await expect(
        store.transaction(async (tx) => {
          await tx.keys.create(key(1));
          await tx.audit.append({
            action: "key.created",
            actorSid: ACCOUNT,
            address: "127.0.0.1",
            region: "us1",
            accountSid: ACCOUNT,
            targetSid: key(1).sid,
            changes: {},
            at: 2_000,
          });
          throw new Error("crash before commit");
        }),
      ).rejects.toThrow("crash before commit");
      expect(await store.keys.findBySid(key(1).sid)).toBeUndefined();
      expect(await store.audit.listRecent(10)).toEqual([]);
    });

    describe("accounts", () => {
      const sub = (index: number, overrides: Partial<StoredAccount> = {}): StoredAccount => ({
        ...account(`AC${index.toString(16).padStart(32, "0")}`),
        ownerAccountSid: ACCOUNT,
        friendlyName: `sub ${index}`,
        dateUpdated: 2_000 + index,
        ...overrides,
      });

      it("updates only the fields given, including clearing the secondary token", async () => {
        await store.accounts.update(ACCOUNT, {
          secondaryAuthTokenVerifier: "c2Vjb25k",
          sealedSecondaryAuthToken: "v1.second",
          secondaryAuthTokenDateCreated: 3_000,
          dateUpdated: 3_000,
        });
        const suspended = await store.accounts.update(ACCOUNT, { status: "suspended", dateUpdated: 4_000 });
        expect(suspended).toMatchObject({
          status: "suspended",
          friendlyName: "Owner account",
          secondaryAuthTokenVerifier: "c2Vjb25k",
          secondaryAuthTokenDateCreated: 3_000,
          dateUpdated: 4_000,
        });
        const cleared = await store.accounts.update(ACCOUNT, {
          secondaryAuthTokenVerifier: null,
          sealedSecondaryAuthToken: null,
          secondaryAuthTokenDateCreated: null,
          dateUpdated: 5_000,
        });
        expect(cleared).toMatchObject({ secondaryAuthTokenVerifier: null, sealedSecondaryAuthToken: null });
        expect(
          await store.accounts.update(`AC${"c".repeat(32)}`, { status: "active", dateUpdated: 1 }),
        ).toBeUndefined();
      });

      it("lists an owner with its subaccounts, newest first, filtered and paged", async () => {
        for (let index = 1; index <= 4; index += 1)
          await store.accounts.create(sub(index, index === 3 ? { status: "suspended" } : {}));
        const page = (query: Partial<Parameters<Store["accounts"]["listPage"]>[0]>) =>
          store.accounts.listPage({
            accountSid: ACCOUNT,
            includeSubaccounts: true,
            friendlyName: null,
            status: null,
            limit: 100,
            cursor: null,
            offset: 0,
            ...query,
          });
        const names = (rows: StoredAccount[]) => rows.map((row) => row.friendlyName);
        expect(names(await page({}))).toEqual(["sub 4", "sub 3", "sub 2", "sub 1", "Owner account"]);
        expect(names(await page({ status: "suspended" }))).toEqual(["sub 3"]);
        expect(names(await page({ friendlyName: "sub 2" }))).toEqual(["sub 2"]);
        expect(names(await page({ includeSubaccounts: false }))).toEqual(["Owner account"]);
        expect(names(await page({ accountSid: sub(2).sid }))).toEqual(["sub 2"]);
        const after = await page({ limit: 2, cursor: { direction: "after", dateUpdated: 2_003, sid: sub(3).sid } });
        expect(names(after)).toEqual(["sub 2", "sub 1"]);
      });
    });

    it("sets and replaces settings", async () => {
      expect(await store.settings.get("owner_account_sid")).toBeUndefined();
      await store.settings.set("owner_account_sid", ACCOUNT);
      await store.settings.set("owner_account_sid", OTHER_ACCOUNT);
      expect(await store.settings.get("owner_account_sid")).toBe(OTHER_ACCOUNT);
    });
  });
}
