import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteDatabase, openSqliteStore } from "./sqlite.js";

const mode = (path: string) => statSync(path).mode & 0o777;

describe("openSqliteStore", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "latchkey-sqlite-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("commits with synchronous=FULL in WAL mode, so an acknowledged write survives a power loss", () => {
    const sqlite = openSqliteDatabase(join(dir, "latchkey.sqlite"));
    try {
      // 2 is FULL; NORMAL (1) skips the fsync at each WAL commit.
      expect(sqlite.pragma("synchronous", { simple: true })).toBe(2);
      expect(sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
    } finally {
      sqlite.close();
    }
  });

  it("creates the database, its -wal and -shm files 0600 and the directories it makes 0700", async () => {
    const previous = process.umask(0o022);
    try {
      const file = join(dir, "made", "here", "latchkey.sqlite");
      const store = await openSqliteStore(file);
      try {
        await store.settings.set("probe", "value");
        for (const path of [file, `${file}-wal`, `${file}-shm`]) expect(mode(path)).toBe(0o600);
        expect(mode(join(dir, "made"))).toBe(0o700);
        expect(mode(join(dir, "made", "here"))).toBe(0o700);
      } finally {
        await store.close();
      }
    } finally {
      process.umask(previous);
    }
  });

  it("tightens files an older version left 0644 and leaves a directory it did not make alone", async () => {
    const shared = join(dir, "shared");
    mkdirSync(shared);
    chmodSync(shared, 0o755);
    const file = join(shared, "latchkey.sqlite");
    await (await openSqliteStore(file)).close();
    for (const path of [file, `${file}-wal`, `${file}-shm`]) {
      writeFileSync(path, "", { flag: "a" });
      chmodSync(path, 0o644);
    }
    const store = await openSqliteStore(file);
    try {
      for (const path of [file, `${file}-wal`, `${file}-shm`]) expect(mode(path)).toBe(0o600);
      expect(mode(shared)).toBe(0o755);
    } finally {
      await store.close();
    }
  });
});
