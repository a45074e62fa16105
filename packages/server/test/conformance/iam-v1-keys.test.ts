import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { restExceptionOf } from "../support/twilio-client.js";
import { KEY_FIELDS_V1, NEW_KEY_FIELDS_V1 } from "./exchange-check.js";
import { type Conformance, startConformance } from "./harness.js";

describe("iam v1 Keys through the official client", () => {
  let ctx: Conformance;
  beforeEach(async () => {
    ctx = await startConformance();
  });
  afterEach(async () => {
    await ctx.close();
  });

  it("creates a standard key whose response carries a secret and a null policy", async () => {
    const key = await ctx.owner.iam.v1.newApiKey.create({ accountSid: ctx.accountSid, friendlyName: "ci deploy" });

    expect(Object.keys(ctx.lastBody()).sort()).toEqual(NEW_KEY_FIELDS_V1);
    expect(ctx.exchanges.at(-1)?.status).toBe(201);
    expect(key.sid).toMatch(/^SK[0-9a-f]{32}$/);
    expect(key.secret).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(key.friendlyName).toBe("ci deploy");
    expect(key.policy).toBeNull();
    expect(key.dateCreated).toBeInstanceOf(Date);
    expect(key.dateUpdated).toEqual(key.dateCreated);
  });

  it("fetches a key with its policy field and without its secret", async () => {
    const created = await ctx.owner.iam.v1.newApiKey.create({ accountSid: ctx.accountSid, friendlyName: "reader" });

    const fetched = await ctx.owner.iam.v1.apiKey(created.sid).fetch();

    expect(Object.keys(ctx.lastBody()).sort()).toEqual(KEY_FIELDS_V1);
    expect(fetched.toJSON()).toEqual({
      sid: created.sid,
      friendlyName: "reader",
      dateCreated: created.dateCreated,
      dateUpdated: created.dateUpdated,
      policy: null,
    });
  });

  it("stores a null friendly name when none is given", async () => {
    const created = await ctx.owner.iam.v1.newApiKey.create({ accountSid: ctx.accountSid });

    expect(created.friendlyName).toBeNull();
    expect((await ctx.owner.iam.v1.apiKey(created.sid).fetch()).friendlyName).toBeNull();
  });

  it("updates the friendly name, moving date_updated forward and keeping date_created", async () => {
    const created = await ctx.owner.iam.v1.newApiKey.create({ accountSid: ctx.accountSid, friendlyName: "old" });

    const updated = await ctx.owner.iam.v1.apiKey(created.sid).update({ friendlyName: "new" });

    expect(Object.keys(ctx.lastBody()).sort()).toEqual(KEY_FIELDS_V1);
    expect(updated.friendlyName).toBe("new");
    expect(updated.dateCreated).toEqual(created.dateCreated);
    expect(updated.dateUpdated.getTime()).toBeGreaterThan(created.dateUpdated.getTime());
    expect((await ctx.owner.iam.v1.apiKey(created.sid).fetch()).friendlyName).toBe("new");
  });

  it("removes a key, after which it answers 404/20404 and is gone from the list", async () => {
    const kept = await ctx.owner.iam.v1.newApiKey.create({ accountSid: ctx.accountSid, friendlyName: "kept" });
    const removed = await ctx.owner.iam.v1.newApiKey.create({ accountSid: ctx.accountSid, friendlyName: "gone" });

    expect(await ctx.owner.iam.v1.apiKey(removed.sid).remove()).toBe(true);
    expect(ctx.exchanges.at(-1)).toMatchObject({ status: 204, body: "" });

    const error = await restExceptionOf(ctx.owner.iam.v1.apiKey(removed.sid).fetch());
    expect(error).toMatchObject({ status: 404, code: 20404 });
    const listed = await ctx.owner.iam.v1.getApiKeys.list({ accountSid: ctx.accountSid });
    expect(listed.map((key) => key.sid)).toEqual([kept.sid]);
  });

  it("lists a standard key with flags and without a policy", async () => {
    const created = await ctx.owner.iam.v1.newApiKey.create({ accountSid: ctx.accountSid, friendlyName: "listed" });

    const [item, ...others] = await ctx.owner.iam.v1.getApiKeys.list({ accountSid: ctx.accountSid });

    expect(others).toEqual([]);
    expect(item?.toJSON()).toEqual({
      sid: created.sid,
      friendlyName: "listed",
      dateCreated: created.dateCreated,
      dateUpdated: created.dateUpdated,
      flags: ["rest_api", "signing"],
    });
    expect(ctx.lastBody().keys[0]).not.toHaveProperty("policy");
  });
});
