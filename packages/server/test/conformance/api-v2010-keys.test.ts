import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { restExceptionOf } from "../support/twilio-client.js";
import { KEY_FIELDS_V2010, NEW_KEY_FIELDS_V2010 } from "./exchange-check.js";
import { type Conformance, startConformance } from "./harness.js";

describe("API v2010 Keys through the official client", () => {
  let ctx: Conformance;
  beforeEach(async () => {
    ctx = await startConformance();
  });
  afterEach(async () => {
    await ctx.close();
  });

  const account = () => ctx.owner.api.v2010.accounts(ctx.accountSid);

  it("creates a key whose response carries a secret and neither policy nor flags", async () => {
    const key = await account().newKeys.create({ friendlyName: "billing job" });

    expect(Object.keys(ctx.lastBody()).sort()).toEqual(NEW_KEY_FIELDS_V2010);
    expect(ctx.exchanges.at(-1)?.status).toBe(201);
    expect(key.sid).toMatch(/^SK[0-9a-f]{32}$/);
    expect(key.secret).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(key.friendlyName).toBe("billing job");
    expect(key.dateUpdated).toEqual(key.dateCreated);
  });

  it("fetches a key with exactly sid, friendly_name and dates", async () => {
    const created = await account().newKeys.create({ friendlyName: "fetch me" });

    const fetched = await account().keys(created.sid).fetch();

    expect(Object.keys(ctx.lastBody()).sort()).toEqual(KEY_FIELDS_V2010);
    expect(fetched.toJSON()).toEqual({
      sid: created.sid,
      friendlyName: "fetch me",
      dateCreated: created.dateCreated,
      dateUpdated: created.dateUpdated,
    });
  });

  it("updates the friendly name, moving date_updated forward and keeping date_created", async () => {
    const created = await account().newKeys.create({ friendlyName: "before" });

    const updated = await account().keys(created.sid).update({ friendlyName: "after" });

    expect(Object.keys(ctx.lastBody()).sort()).toEqual(KEY_FIELDS_V2010);
    expect(updated.friendlyName).toBe("after");
    expect(updated.dateCreated).toEqual(created.dateCreated);
    expect(updated.dateUpdated.getTime()).toBeGreaterThan(created.dateUpdated.getTime());
  });

  it("removes a key, after which fetching it answers 404/20404", async () => {
    const created = await account().newKeys.create({ friendlyName: "doomed" });

    expect(await account().keys(created.sid).remove()).toBe(true);
    expect(ctx.exchanges.at(-1)).toMatchObject({ status: 204, body: "" });

    const error = await restExceptionOf(account().keys(created.sid).fetch());
    expect(error).toMatchObject({ status: 404, code: 20404 });
    expect(await account().keys.list()).toEqual([]);
  });

  it("serves keys created through iam v1, including restricted ones, without their policy", async () => {
    const restricted = await ctx.owner.iam.v1.newApiKey.create({
      accountSid: ctx.accountSid,
      friendlyName: "restricted",
      keyType: "restricted",
      policy: { allow: ["/twilio/messaging/messages/read"] },
    });

    const fetched = await account().keys(restricted.sid).fetch();
    const listed = await account().keys.list();

    expect(fetched.friendlyName).toBe("restricted");
    expect(Object.keys(ctx.lastBody().keys[0]).sort()).toEqual(KEY_FIELDS_V2010);
    expect(listed.map((key) => key.sid)).toEqual([restricted.sid]);
  });

  it("reaches the same keys through the client's account shortcuts", async () => {
    const created = await ctx.owner.newKeys.create({ friendlyName: "shortcut" });

    expect((await ctx.owner.keys(created.sid).fetch()).friendlyName).toBe("shortcut");
    expect(ctx.exchanges.at(-1)?.clientUrl.pathname).toBe(
      `/2010-04-01/Accounts/${ctx.accountSid}/Keys/${created.sid}.json`,
    );
  });
});
