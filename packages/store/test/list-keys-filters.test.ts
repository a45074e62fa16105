import {
  consoleActor,
  consolePrincipal,
  createKey,
  createMainKey,
  decodePageToken,
  listKeys,
  type RegionContext,
} from "@latchkey/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ConsoleFixture, openConsoleFixture } from "./console-deployment.js";

describe("listKeys search and type filter, through the use case", () => {
  let fixture: ConsoleFixture;
  let region: RegionContext;

  beforeEach(async () => {
    fixture = await openConsoleFixture();
    const [first] = fixture.deployment.regions;
    if (first === undefined) throw new Error("no region");
    region = first;
  });
  afterEach(async () => {
    await fixture.close();
  });

  it("passes search and type to the store and pages the filtered list", async () => {
    const user = {
      sid: `US${"1".repeat(32)}`,
      email: "owner@localhost",
      role: "owner" as const,
      accountSid: fixture.ownerAccountSid,
      mustChangePassword: false,
      region: null,
      dateCreated: 1,
      dateUpdated: 1,
    };
    const caller = { principal: consolePrincipal(user), actor: consoleActor(user, "203.0.113.9") };
    const made: string[] = [];
    for (const name of ["Billing one", "billing two", "Payments", "BILLING three"]) {
      fixture.clock.advance(1_000);
      const { key } = await createKey(region, caller, {
        accountSid: fixture.ownerAccountSid,
        friendlyName: name,
        type: "standard",
      });
      made.push(key.sid);
    }
    fixture.clock.advance(1_000);
    const main = await createMainKey(region, caller.actor, {
      accountSid: fixture.ownerAccountSid,
      friendlyName: "Billing main",
    });

    const page = (request: {
      search?: string | null;
      type?: "main" | "standard" | "restricted" | null;
      pageSize?: number;
    }) =>
      listKeys(region, caller.principal, {
        accountSid: fixture.ownerAccountSid,
        pageSize: request.pageSize ?? 50,
        page: 0,
        cursor: null,
        ...(request.search !== undefined && { search: request.search }),
        ...(request.type !== undefined && { type: request.type }),
      });

    expect((await page({ search: "billing" })).items.map((key) => key.sid)).toEqual([
      main.key.sid,
      made[3],
      made[1],
      made[0],
    ]);
    expect((await page({ search: "billing", type: "standard" })).items.map((key) => key.sid)).toEqual([
      made[3],
      made[1],
      made[0],
    ]);
    expect((await page({ type: "main" })).items.map((key) => key.sid)).toEqual([main.key.sid]);
    expect((await page({ search: `SK${made[2]?.slice(2).toUpperCase()}` })).items.map((key) => key.sid)).toEqual([
      made[2],
    ]);
    expect((await page({})).items).toHaveLength(5);

    const first = await page({ search: "billing", pageSize: 3 });
    expect(first.items.map((key) => key.sid)).toEqual([main.key.sid, made[3], made[1]]);
    const second = await listKeys(region, caller.principal, {
      accountSid: fixture.ownerAccountSid,
      pageSize: 3,
      page: 1,
      cursor: decodePageToken(first.nextPageToken ?? "", "key"),
      search: "billing",
    });
    expect(second.items.map((key) => key.sid)).toEqual([made[0]]);
    expect(second.nextPageToken).toBeNull();
  });
});
