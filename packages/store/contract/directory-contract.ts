/**
 * The contract every engine's account directory must pass, written against the DirectoryStore port only.
 * An engine's test file calls `describeDirectoryContract` with a factory that opens a fresh, empty one.
 */
import type { DirectoryAccount, DirectoryStore } from "@latchkey/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { describeConsoleUserContract } from "./console-users-contract.js";

const OWNER = `AC${"a".repeat(32)}`;
const OTHER_OWNER = `AC${"b".repeat(32)}`;

function account(sid: string, overrides: Partial<DirectoryAccount> = {}): DirectoryAccount {
  return {
    sid,
    ownerAccountSid: sid,
    friendlyName: "Owner account",
    status: "active",
    type: "Full",
    region: "us1",
    dateCreated: 1_000,
    dateUpdated: 1_000,
    version: 1,
    ...overrides,
  };
}

const sub = (index: number, overrides: Partial<DirectoryAccount> = {}) =>
  account(`AC${index.toString(16).padStart(32, "0")}`, {
    ownerAccountSid: OWNER,
    friendlyName: `sub ${index}`,
    ...overrides,
  });

export function describeDirectoryContract(engine: string, open: () => Promise<DirectoryStore>): void {
  describe(`DirectoryStore contract: ${engine}`, () => {
    let directory: DirectoryStore;

    beforeEach(async () => {
      directory = await open();
      await directory.accounts.create(account(OWNER));
    });
    afterEach(async () => {
      await directory.close();
    });

    it("stores and finds an account field for field, and finds nothing for an unknown SID", async () => {
      const created = sub(1, { region: "ie1", dateCreated: 2_000, dateUpdated: 3_000 });
      await directory.accounts.create(created);
      expect(await directory.accounts.findBySid(created.sid)).toEqual(created);
      expect(await directory.accounts.findBySid(`AC${"f".repeat(32)}`)).toBeUndefined();
    });

    it("refuses a second account with the same SID", async () => {
      await expect(directory.accounts.create(account(OWNER, { friendlyName: "again" }))).rejects.toThrow();
      expect((await directory.accounts.findBySid(OWNER))?.friendlyName).toBe("Owner account");
    });

    it("moves the version up by one with every update, and changes only what it is given", async () => {
      const renamed = await directory.accounts.update(OWNER, { friendlyName: "Acme", dateUpdated: 2_000 });
      expect(renamed).toEqual(account(OWNER, { friendlyName: "Acme", dateUpdated: 2_000, version: 2 }));
      const suspended = await directory.accounts.update(OWNER, { status: "suspended", dateUpdated: 3_000 });
      expect(suspended).toEqual(
        account(OWNER, { friendlyName: "Acme", status: "suspended", dateUpdated: 3_000, version: 3 }),
      );
      expect(await directory.accounts.update(`AC${"f".repeat(32)}`, { dateUpdated: 1 })).toBeUndefined();
    });

    it("counts an owner's subaccounts that are not closed, without counting the owner", async () => {
      expect(await directory.accounts.countSubaccounts(OWNER)).toBe(0);
      await directory.accounts.create(sub(1));
      await directory.accounts.create(sub(2, { status: "closed" }));
      await directory.accounts.create(sub(3, { status: "suspended" }));
      expect(await directory.accounts.countSubaccounts(OWNER)).toBe(2);
      expect(await directory.accounts.countSubaccounts(OTHER_OWNER)).toBe(0);
    });

    it("lists every account in SID order, page after page, whatever order they were made in", async () => {
      for (const index of [5, 2, 9, 1]) await directory.accounts.create(sub(index));
      await directory.accounts.create(account(OTHER_OWNER));
      const first = await directory.accounts.listAfter(null, 3);
      const second = await directory.accounts.listAfter(first[2]?.sid ?? null, 3);
      const third = await directory.accounts.listAfter(second[second.length - 1]?.sid ?? null, 3);
      const sids = [...first, ...second, ...third].map((row) => row.sid);
      expect(sids).toEqual([sub(1).sid, sub(2).sid, sub(5).sid, sub(9).sid, OWNER, OTHER_OWNER]);
      expect(third).toHaveLength(0);
    });

    it("commits a transaction's writes together, and none of them when it throws", async () => {
      await expect(
        directory.transaction(async (tx) => {
          await tx.accounts.create(sub(1));
          await tx.settings.set("owner_account_sid", OWNER);
          throw new Error("refused");
        }),
      ).rejects.toThrow("refused");
      expect(await directory.accounts.findBySid(sub(1).sid)).toBeUndefined();
      expect(await directory.settings.get("owner_account_sid")).toBeUndefined();
      await directory.transaction(async (tx) => {
        await tx.accounts.create(sub(1));
        await tx.settings.set("owner_account_sid", OWNER);
      });
      expect((await directory.accounts.findBySid(sub(1).sid))?.sid).toBe(sub(1).sid);
      expect(await directory.settings.get("owner_account_sid")).toBe(OWNER);
    });

    it("keeps settings by name, the last write winning", async () => {
      await directory.settings.set("master_key_check", "one");
      await directory.settings.set("master_key_check", "two");
      expect(await directory.settings.get("master_key_check")).toBe("two");
      expect(await directory.settings.get("nothing")).toBeUndefined();
      await expect(directory.ping()).resolves.toBeUndefined();
    });

    describeConsoleUserContract(() => directory);
  });
}
