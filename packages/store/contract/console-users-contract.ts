/**
 * The console users and sessions part of the directory contract (issue 10), run by describeDirectoryContract
 * on every engine. Emails arrive here normalized (core's normalizeConsoleEmail); the store compares exactly.
 */
import type { ConsoleSession, DirectoryAccount, DirectoryStore, StoredConsoleUser } from "@latchkey/core";
import { describe, expect, it } from "vitest";

const OWNER = `AC${"a".repeat(32)}`;
const SUBACCOUNT = `AC${"c".repeat(32)}`;

function user(index: number, overrides: Partial<StoredConsoleUser> = {}): StoredConsoleUser {
  return {
    sid: `US${index.toString(16).padStart(32, "0")}`,
    email: `user${index}@example.com`,
    role: "developer",
    accountSid: OWNER,
    mustChangePassword: false,
    region: null,
    dateCreated: 1_000 + index,
    dateUpdated: 1_000 + index,
    passwordHash: `scrypt$32768$8$3$salt${index}$hash${index}`,
    ...overrides,
  };
}

function session(id: string, userSid: string, overrides: Partial<ConsoleSession> = {}): ConsoleSession {
  return { idHash: `hash-${id}`, userSid, createdAt: 10_000, lastSeenAt: 10_000, ...overrides };
}

const subaccount: DirectoryAccount = {
  sid: SUBACCOUNT,
  ownerAccountSid: OWNER,
  friendlyName: "sub",
  status: "active",
  type: "Full",
  region: "us1",
  dateCreated: 1_000,
  dateUpdated: 1_000,
  version: 1,
};

/** `current()` is the fresh directory of the running test, holding the account OWNER. */
export function describeConsoleUserContract(current: () => DirectoryStore): void {
  describe("console users", () => {
    it("stores and finds a user field for field, by SID and by exact email", async () => {
      const directory = current();
      const first = user(1, { role: "owner", mustChangePassword: true });
      const second = user(2, { role: "read-only", region: "ie1", dateUpdated: 5_000 });
      await directory.users.create(first);
      await directory.users.create(second);
      expect(await directory.users.findBySid(first.sid)).toEqual(first);
      expect(await directory.users.findByEmail("user2@example.com")).toEqual(second);
      expect(await directory.users.findBySid(user(3).sid)).toBeUndefined();
      expect(await directory.users.findByEmail("user3@example.com")).toBeUndefined();
      // Exact: normalizing is core's job, so a differently cased email is another string.
      expect(await directory.users.findByEmail("User1@example.com")).toBeUndefined();
    });

    it("refuses a second user with the same email or the same SID", async () => {
      const directory = current();
      await directory.users.create(user(1));
      await expect(directory.users.create(user(2, { email: "user1@example.com" }))).rejects.toThrow();
      await expect(directory.users.create(user(1, { email: "other@example.com" }))).rejects.toThrow();
      expect(await directory.users.findBySid(user(2).sid)).toBeUndefined();
      expect(await directory.users.findByEmail("other@example.com")).toBeUndefined();
    });

    it("refuses a user of an account the directory does not have", async () => {
      const directory = current();
      await expect(directory.users.create(user(1, { accountSid: `AC${"f".repeat(32)}` }))).rejects.toThrow();
      expect(await directory.users.findBySid(user(1).sid)).toBeUndefined();
    });

    it("lists users in email order, page after page, whatever order they were made in", async () => {
      const directory = current();
      for (const [index, email] of [
        [1, "mallory@example.com"],
        [2, "alice@example.com"],
        [3, "zed@example.com"],
        [4, "bob@example.com"],
        [5, "alice.b@example.com"],
      ] as const) {
        await directory.users.create(user(index, { email }));
      }
      const first = await directory.users.listAfter(null, 2);
      const second = await directory.users.listAfter(first[1]?.email ?? null, 2);
      const third = await directory.users.listAfter(second[1]?.email ?? null, 2);
      const fourth = await directory.users.listAfter(third[0]?.email ?? null, 2);
      expect([...first, ...second, ...third].map((row) => row.email)).toEqual([
        "alice.b@example.com",
        "alice@example.com",
        "bob@example.com",
        "mallory@example.com",
        "zed@example.com",
      ]);
      expect(third).toHaveLength(1);
      expect(fourth).toEqual([]);
      expect(first[0]).toEqual(user(5, { email: "alice.b@example.com" }));
    });

    it("counts the owners of one account only", async () => {
      const directory = current();
      await directory.accounts.create(subaccount);
      expect(await directory.users.countOwners(OWNER)).toBe(0);
      await directory.users.create(user(1, { role: "owner" }));
      await directory.users.create(user(2, { role: "administrator" }));
      await directory.users.create(user(3, { role: "owner" }));
      await directory.users.create(user(4, { role: "owner", accountSid: SUBACCOUNT }));
      await directory.users.create(user(5, { role: "read-only" }));
      expect(await directory.users.countOwners(OWNER)).toBe(2);
      expect(await directory.users.countOwners(SUBACCOUNT)).toBe(1);
      expect(await directory.users.countOwners(`AC${"f".repeat(32)}`)).toBe(0);
    });

    it("updates only the fields given and returns the user as it now is", async () => {
      const directory = current();
      const original = user(1, { mustChangePassword: true });
      await directory.users.create(original);
      await directory.users.create(user(2));
      const moved = await directory.users.update(original.sid, { region: "ie1", dateUpdated: 2_000 });
      expect(moved).toEqual({ ...original, region: "ie1", dateUpdated: 2_000 });
      const changed = await directory.users.update(original.sid, {
        passwordHash: "scrypt$new",
        mustChangePassword: false,
        dateUpdated: 3_000,
      });
      expect(changed).toEqual({
        ...original,
        region: "ie1",
        passwordHash: "scrypt$new",
        mustChangePassword: false,
        dateUpdated: 3_000,
      });
      const back = await directory.users.update(original.sid, { region: null, dateUpdated: 4_000 });
      expect(back?.region).toBeNull();
      expect(await directory.users.findBySid(original.sid)).toEqual(back);
      expect(await directory.users.findBySid(user(2).sid)).toEqual(user(2));
      expect(await directory.users.update(user(9).sid, { dateUpdated: 5_000 })).toBeUndefined();
    });

    it("deletes a user once, with every session of theirs and nobody else's", async () => {
      const directory = current();
      await directory.users.create(user(1));
      await directory.users.create(user(2));
      await directory.sessions.create(session("a", user(1).sid));
      await directory.sessions.create(session("b", user(1).sid));
      await directory.sessions.create(session("c", user(2).sid));
      expect(await directory.users.delete(user(1).sid)).toBe(true);
      expect(await directory.users.findBySid(user(1).sid)).toBeUndefined();
      expect(await directory.sessions.findByIdHash("hash-a")).toBeUndefined();
      expect(await directory.sessions.findByIdHash("hash-b")).toBeUndefined();
      expect(await directory.sessions.findByIdHash("hash-c")).toEqual(session("c", user(2).sid));
      expect(await directory.users.delete(user(1).sid)).toBe(false);
      // The email is free again.
      await directory.users.create(user(3, { email: "user1@example.com" }));
      expect((await directory.users.findByEmail("user1@example.com"))?.sid).toBe(user(3).sid);
    });

    it("deletes a user and their sessions inside a transaction, and keeps both when it rolls back", async () => {
      const directory = current();
      await directory.users.create(user(1));
      await directory.sessions.create(session("a", user(1).sid));
      await expect(
        directory.transaction(async (tx) => {
          expect(await tx.users.delete(user(1).sid)).toBe(true);
          throw new Error("refused");
        }),
      ).rejects.toThrow("refused");
      expect(await directory.users.findBySid(user(1).sid)).toEqual(user(1));
      expect(await directory.sessions.findByIdHash("hash-a")).toEqual(session("a", user(1).sid));
      await directory.transaction(async (tx) => {
        await tx.users.delete(user(1).sid);
      });
      expect(await directory.users.findBySid(user(1).sid)).toBeUndefined();
      expect(await directory.sessions.findByIdHash("hash-a")).toBeUndefined();
    });
  });

  describe("console sessions", () => {
    it("stores and finds a session field for field, and refuses a second one with the same hash", async () => {
      const directory = current();
      await directory.users.create(user(1));
      const created = session("a", user(1).sid, { createdAt: 20_000, lastSeenAt: 25_000 });
      await directory.sessions.create(created);
      expect(await directory.sessions.findByIdHash("hash-a")).toEqual(created);
      expect(await directory.sessions.findByIdHash("hash-b")).toBeUndefined();
      await expect(directory.sessions.create(session("a", user(1).sid, { createdAt: 1 }))).rejects.toThrow();
      expect(await directory.sessions.findByIdHash("hash-a")).toEqual(created);
    });

    it("refuses a session of a user the directory does not have", async () => {
      const directory = current();
      await expect(directory.sessions.create(session("a", user(1).sid))).rejects.toThrow();
      expect(await directory.sessions.findByIdHash("hash-a")).toBeUndefined();
    });

    it("touches only lastSeenAt of only the session named", async () => {
      const directory = current();
      await directory.users.create(user(1));
      await directory.sessions.create(session("a", user(1).sid));
      await directory.sessions.create(session("b", user(1).sid));
      await directory.sessions.touch("hash-a", 70_000);
      await directory.sessions.touch("hash-missing", 70_000);
      expect(await directory.sessions.findByIdHash("hash-a")).toEqual(
        session("a", user(1).sid, { lastSeenAt: 70_000 }),
      );
      expect(await directory.sessions.findByIdHash("hash-b")).toEqual(session("b", user(1).sid));
    });

    it("deletes one session, and does nothing for an unknown hash", async () => {
      const directory = current();
      await directory.users.create(user(1));
      await directory.sessions.create(session("a", user(1).sid));
      await directory.sessions.create(session("b", user(1).sid));
      await directory.sessions.delete("hash-a");
      await directory.sessions.delete("hash-missing");
      expect(await directory.sessions.findByIdHash("hash-a")).toBeUndefined();
      expect(await directory.sessions.findByIdHash("hash-b")).toEqual(session("b", user(1).sid));
      expect(await directory.users.findBySid(user(1).sid)).toEqual(user(1));
    });

    it("deletes a user's sessions but the one kept, or all of them, and never another user's", async () => {
      const directory = current();
      await directory.users.create(user(1));
      await directory.users.create(user(2));
      for (const id of ["a", "b", "c"]) await directory.sessions.create(session(id, user(1).sid));
      await directory.sessions.create(session("d", user(2).sid));
      await directory.sessions.deleteForUser(user(1).sid, "hash-b");
      expect(await directory.sessions.findByIdHash("hash-a")).toBeUndefined();
      expect(await directory.sessions.findByIdHash("hash-b")).toEqual(session("b", user(1).sid));
      expect(await directory.sessions.findByIdHash("hash-c")).toBeUndefined();
      await directory.sessions.deleteForUser(user(1).sid, null);
      expect(await directory.sessions.findByIdHash("hash-b")).toBeUndefined();
      expect(await directory.sessions.findByIdHash("hash-d")).toEqual(session("d", user(2).sid));
    });

    it("deletes sessions idle since before the cutoff or created before the limit, and counts them", async () => {
      const directory = current();
      await directory.users.create(user(1));
      const rows = [
        session("idle", user(1).sid, { createdAt: 5_000, lastSeenAt: 9_999 }),
        session("at-cutoff", user(1).sid, { createdAt: 5_000, lastSeenAt: 10_000 }),
        session("old", user(1).sid, { createdAt: 1_999, lastSeenAt: 50_000 }),
        session("at-limit", user(1).sid, { createdAt: 2_000, lastSeenAt: 50_000 }),
        session("fresh", user(1).sid, { createdAt: 40_000, lastSeenAt: 50_000 }),
      ];
      for (const row of rows) await directory.sessions.create(row);
      expect(await directory.sessions.deleteExpired(10_000, 2_000)).toBe(2);
      const left = await Promise.all(rows.map((row) => directory.sessions.findByIdHash(row.idHash)));
      expect(left.map((row) => row?.idHash ?? null)).toEqual([
        null,
        "hash-at-cutoff",
        null,
        "hash-at-limit",
        "hash-fresh",
      ]);
      expect(await directory.sessions.deleteExpired(10_000, 2_000)).toBe(0);
    });
  });
}
