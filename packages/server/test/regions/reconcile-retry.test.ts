/**
 * A region that cannot take an account change while the server runs catches up by itself, without a
 * restart: its store is really busy (another connection holds SQLite's write lock past busy_timeout), the
 * change commits in the directory and the other region, and the deployment's background reconciliation
 * copies it into the region once the lock is gone.
 */
import { join } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { useServer } from "../support/use-server.js";
import { hostIn, ownerIn } from "./region-fixtures.js";

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("background reconciliation of a region that missed an account change", () => {
  const { server } = useServer({ regions: ["us1", "ie1"] });

  it("copies a subaccount made while ie1's store was locked into ie1 once the lock is released", async () => {
    const lock = new SqliteDatabase(join(server.dataDir, "ie1", "latchkey.sqlite"));
    lock.exec("BEGIN EXCLUSIVE");
    let created: { status: number; json: { sid: string; auth_token: string } };
    try {
      // The copy into ie1 waits out busy_timeout (5 s), then fails; us1 answers as usual.
      created = await server.request("POST", "/2010-04-01/Accounts.json", {
        auth: ownerIn(server, "us1"),
        form: { FriendlyName: "made while ie1 was busy" },
      });
    } finally {
      lock.exec("ROLLBACK");
      lock.close();
    }
    expect(created.status).toBe(201);
    const sid = created.json.sid;
    expect((await server.deployment.directory.accounts.findBySid(sid))?.friendlyName).toBe("made while ie1 was busy");

    // The first retry runs a second after the failure; give it a few.
    let copy = await server.regionContext("ie1").store.accounts.findBySid(sid);
    for (let waited = 0; copy === undefined && waited < 8_000; waited += 250) {
      await settle(250);
      copy = await server.regionContext("ie1").store.accounts.findBySid(sid);
    }
    expect(copy).toMatchObject({ sid, friendlyName: "made while ie1 was busy", status: "active", version: 1 });

    // The copy has an Auth Token of ie1's own, which its parent reads there and which works there only.
    const fetched = await server.request("GET", `/2010-04-01/Accounts/${sid}.json`, {
      auth: ownerIn(server, "ie1"),
      host: hostIn("ie1"),
    });
    expect(fetched.status).toBe(200);
    const ie1Token: string = fetched.json.auth_token;
    expect(ie1Token).not.toBe(created.json.auth_token);
    const asSub = { user: sid, password: ie1Token };
    const inIe1 = await server.request("GET", `/2010-04-01/Accounts/${sid}.json`, { auth: asSub, host: hostIn("ie1") });
    expect(inIe1.status).toBe(200);
    expect((await server.request("GET", `/2010-04-01/Accounts/${sid}.json`, { auth: asSub })).status).toBe(401);
  }, 30_000);
});
