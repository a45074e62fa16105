/**
 * The key list's search and type filter (issue 10's console), run by describeStoreContract on every engine.
 * The filters narrow the keyset read, so paging by cursor through a filtered list is still one range scan
 * a page and returns every match once, however many keys the account has.
 */
import type { KeyListQuery, Store, StoredKey } from "@latchkey/core";
import { beforeEach, describe, expect, it } from "vitest";
import { ACCOUNT, key, OTHER_ACCOUNT } from "./contract-keys.js";

const numbers = (keys: StoredKey[]) => keys.map((k) => Number.parseInt(k.sid.slice(2), 16));

/** `current()` is the fresh store of the running test, holding the accounts ACCOUNT and OTHER_ACCOUNT. */
export function describeKeySearchContract(current: () => Store): void {
  describe("listPage search and type filter", () => {
    const list = (filters: Pick<KeyListQuery, "search" | "type">) =>
      current().keys.listPage({ accountSid: ACCOUNT, limit: 100, cursor: null, offset: 0, ...filters });

    beforeEach(async () => {
      const store = current();
      const rows: StoredKey[] = [
        key(1, { friendlyName: "Billing Service" }),
        key(2, {
          friendlyName: "billing-worker",
          type: "restricted",
          policy: { allow: ["/twilio/iam/api-keys/read"] },
        }),
        key(3, { friendlyName: "Payments", type: "main" }),
        key(4, { friendlyName: null }),
        key(5, { friendlyName: "100% done" }),
        key(6, { friendlyName: "100 percent" }),
        key(7, { friendlyName: "a_b", type: "restricted", policy: { allow: ["/twilio/iam/api-keys/read"] } }),
        key(8, { friendlyName: "axb" }),
        key(9, { friendlyName: "back\\slash" }),
        key(10, { friendlyName: "backslash" }),
        key(11, { friendlyName: "SUBBILLING", type: "main" }),
        key(12, { accountSid: OTHER_ACCOUNT, friendlyName: "Billing elsewhere" }),
      ];
      for (const row of rows) await store.keys.create(row);
    });

    it("finds keys whose friendly name contains the search, ignoring case, newest first", async () => {
      expect(numbers(await list({ search: "billing" }))).toEqual([11, 2, 1]);
      expect(numbers(await list({ search: "BILLING" }))).toEqual([11, 2, 1]);
      expect(numbers(await list({ search: "ing-Wor" }))).toEqual([2]);
      expect(numbers(await list({ search: "nothing like it" }))).toEqual([]);
    });

    it("takes %, _ and backslash literally", async () => {
      expect(numbers(await list({ search: "%" }))).toEqual([5]);
      expect(numbers(await list({ search: "100%" }))).toEqual([5]);
      expect(numbers(await list({ search: "_" }))).toEqual([7]);
      expect(numbers(await list({ search: "a_b" }))).toEqual([7]);
      expect(numbers(await list({ search: "\\" }))).toEqual([9]);
      expect(numbers(await list({ search: "k\\s" }))).toEqual([9]);
    });

    it("finds a key by its exact SID in either case, and only within the account", async () => {
      const sid = key(4).sid;
      expect(numbers(await list({ search: sid }))).toEqual([4]);
      expect(numbers(await list({ search: `SK${sid.slice(2).toUpperCase()}` }))).toEqual([4]);
      expect(numbers(await list({ search: sid.toLowerCase() }))).toEqual([4]);
      expect(numbers(await list({ search: sid.toUpperCase() }))).toEqual([4]);
      expect(numbers(await list({ search: `  ${sid} ` }))).toEqual([4]);
      // A part of a SID is not a SID, and no friendly name holds it.
      expect(numbers(await list({ search: sid.slice(0, 20) }))).toEqual([]);
      expect(numbers(await list({ search: key(12).sid }))).toEqual([]);
    });

    it("filters by type, alone and together with a search", async () => {
      expect(numbers(await list({ type: "main" }))).toEqual([11, 3]);
      expect(numbers(await list({ type: "restricted" }))).toEqual([7, 2]);
      expect(numbers(await list({ type: "standard" }))).toEqual([10, 9, 8, 6, 5, 4, 1]);
      expect(numbers(await list({ search: "billing", type: "main" }))).toEqual([11]);
      expect(numbers(await list({ search: "billing", type: "standard" }))).toEqual([1]);
      expect(numbers(await list({ search: key(4).sid, type: "main" }))).toEqual([]);
    });

    it("treats a null, empty or blank search and a null type as no filter", async () => {
      const all = [11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
      expect(numbers(await list({ search: null, type: null }))).toEqual(all);
      expect(numbers(await list({ search: "" }))).toEqual(all);
      expect(numbers(await list({ search: "   " }))).toEqual(all);
      expect(numbers(await list({}))).toEqual(all);
    });

    it("pages a filtered list by cursor, forward and back, and by offset", async () => {
      const store = current();
      const base = { accountSid: ACCOUNT, search: "b", type: "standard" } as const;
      // Standard keys whose name holds a "b": 10, 9, 8, 1.
      const first = await store.keys.listPage({ ...base, limit: 2, cursor: null, offset: 0 });
      expect(numbers(first)).toEqual([10, 9]);
      const last = key(9);
      const next = await store.keys.listPage({
        ...base,
        limit: 3,
        cursor: { direction: "after", dateUpdated: last.dateUpdated, sid: last.sid },
        offset: 0,
      });
      expect(numbers(next)).toEqual([8, 1]);
      const back = await store.keys.listPage({
        ...base,
        limit: 3,
        cursor: { direction: "before", dateUpdated: key(1).dateUpdated, sid: key(1).sid },
        offset: 0,
      });
      expect(numbers(back)).toEqual([10, 9, 8]);
      expect(numbers(await store.keys.listPage({ ...base, limit: 2, cursor: null, offset: 2 }))).toEqual([8, 1]);
    });
  });

  describe("listPage search past 10,000 keys", () => {
    it("walks 10,050 keys by cursor with a search and returns every match exactly once, in order", async () => {
      const store = current();
      const total = 10_050;
      const expected: number[] = [];
      await store.transaction(async (tx) => {
        for (let index = 1; index <= total; index += 1) {
          // Every third key matches; three keys share each date_updated, so pages end inside ties.
          const matches = index % 3 === 0;
          await tx.keys.create(
            key(index, {
              friendlyName: matches ? `Worker ${index}` : `other ${index}`,
              dateUpdated: 1_000 + Math.floor(index / 3),
            }),
          );
          if (matches) expected.push(index);
        }
      });
      // Display order: newest date_updated first, ties by SID descending (the same as index descending).
      expected.sort((a, b) => Math.floor(b / 3) - Math.floor(a / 3) || b - a);

      const seen: number[] = [];
      let cursor: KeyListQuery["cursor"] = null;
      let pages = 0;
      for (;;) {
        const rows: StoredKey[] = await store.keys.listPage({
          accountSid: ACCOUNT,
          limit: 201,
          cursor,
          offset: 0,
          search: "WORKER",
        });
        const page = rows.slice(0, 200);
        seen.push(...numbers(page));
        pages += 1;
        const last = page[page.length - 1];
        if (rows.length <= 200 || last === undefined) break;
        cursor = { direction: "after", dateUpdated: last.dateUpdated, sid: last.sid };
      }
      expect(expected).toHaveLength(3_350);
      expect(seen).toEqual(expected);
      expect(new Set(seen).size).toBe(3_350);
      expect(pages).toBe(17);
    });
  });
}
