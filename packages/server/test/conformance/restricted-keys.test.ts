import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { restExceptionOf } from "../support/twilio-client.js";
import { KEY_FIELDS_V1, NEW_KEY_FIELDS_V1 } from "./exchange-check.js";
import { type Conformance, clientForKey, createRestrictedKey, startConformance } from "./harness.js";

const MESSAGES_READ = "/twilio/messaging/messages/read";
const MESSAGES_LIST = "/twilio/messaging/messages/list";
const CALLS_CREATE = "/twilio/voice/calls/create";

describe("restricted keys through the official client", () => {
  let ctx: Conformance;
  beforeEach(async () => {
    ctx = await startConformance();
  });
  afterEach(async () => {
    await ctx.close();
  });

  const createRestricted = (allow: string[]) =>
    ctx.owner.iam.v1.newApiKey.create({
      accountSid: ctx.accountSid,
      friendlyName: "restricted",
      keyType: "restricted",
      policy: { allow },
    });

  it("returns the policy as an object on create and on fetch", async () => {
    const created = await createRestricted([MESSAGES_READ, MESSAGES_LIST]);
    expect(Object.keys(ctx.lastBody()).sort()).toEqual(NEW_KEY_FIELDS_V1);
    expect(ctx.lastBody().policy).toEqual({ allow: [MESSAGES_READ, MESSAGES_LIST] });

    const fetched = await ctx.owner.iam.v1.apiKey(created.sid).fetch();

    expect(Object.keys(ctx.lastBody()).sort()).toEqual(KEY_FIELDS_V1);
    expect(created.policy).toEqual({ allow: [MESSAGES_READ, MESSAGES_LIST] });
    expect(fetched.policy).toEqual({ allow: [MESSAGES_READ, MESSAGES_LIST] });
  });

  it("replaces the whole allow-list when an update carries a policy", async () => {
    const created = await createRestricted([MESSAGES_READ, MESSAGES_LIST]);

    const updated = await ctx.owner.iam.v1.apiKey(created.sid).update({ policy: { allow: [CALLS_CREATE] } });

    expect(updated.policy).toEqual({ allow: [CALLS_CREATE] });
    expect((await ctx.owner.iam.v1.apiKey(created.sid).fetch()).policy).toEqual({ allow: [CALLS_CREATE] });
  });

  it("keeps the policy when an update carries only a friendly name", async () => {
    const created = await createRestricted([MESSAGES_READ]);

    const updated = await ctx.owner.iam.v1.apiKey(created.sid).update({ friendlyName: "renamed" });

    expect(updated.toJSON()).toMatchObject({ friendlyName: "renamed", policy: { allow: [MESSAGES_READ] } });
  });

  it("lists a restricted key with flags that do not include signing, and without its policy", async () => {
    await createRestricted([MESSAGES_READ]);

    const [item] = await ctx.owner.iam.v1.getApiKeys.list({ accountSid: ctx.accountSid });

    expect(item?.flags).toContain("rest_api");
    expect(item?.flags).not.toContain("signing");
    expect(ctx.lastBody().keys[0]).not.toHaveProperty("policy");
  });

  it("lets a restricted key used as the credential do what its policy allows on both APIs", async () => {
    const listed = await ctx.owner.iam.v1.newApiKey.create({ accountSid: ctx.accountSid, friendlyName: "listed" });
    const key = await createRestrictedKey(ctx, ["/twilio/iam/api-keys/list", "/twilio/iam/api-keys/read"]);
    const client = clientForKey(ctx, key);

    const v1 = await client.iam.v1.getApiKeys.list({ accountSid: ctx.accountSid });
    const v2010 = await client.api.v2010.accounts(ctx.accountSid).keys.list();
    const fetched = await client.iam.v1.apiKey(listed.sid).fetch();

    expect(v1.map((item) => item.sid)).toEqual([key.sid, listed.sid]);
    expect(v2010.map((item) => item.sid)).toEqual([key.sid, listed.sid]);
    expect(fetched.friendlyName).toBe("listed");
  });

  it("refuses a restricted key with 403/70051 naming the permission its policy lacks", async () => {
    const key = await createRestrictedKey(ctx, ["/twilio/iam/api-keys/list"]);
    const client = clientForKey(ctx, key);

    const create = await restExceptionOf(client.iam.v1.newApiKey.create({ accountSid: ctx.accountSid }));
    const remove = await restExceptionOf(client.api.v2010.accounts(ctx.accountSid).keys(key.sid).remove());

    expect(create).toMatchObject({ status: 403, code: 70051, moreInfo: "https://www.twilio.com/docs/errors/70051" });
    expect(create.message).toContain("/twilio/iam/api-keys/create");
    expect(remove).toMatchObject({ status: 403, code: 70051 });
    expect(remove.message).toContain("/twilio/iam/api-keys/delete");
    expect((await ctx.owner.iam.v1.apiKey(key.sid).fetch()).sid).toBe(key.sid);
  });

  it("lets a restricted key holding api-keys/* create keys within its policy and remove them", async () => {
    const client = clientForKey(ctx, await createRestrictedKey(ctx, ["/twilio/iam/api-keys/*"]));

    const created = await client.iam.v1.newApiKey.create({
      accountSid: ctx.accountSid,
      friendlyName: "by a key",
      keyType: "restricted",
      policy: { allow: ["/twilio/iam/api-keys/read"] },
    });

    expect(created.policy).toEqual({ allow: ["/twilio/iam/api-keys/read"] });
    expect(await client.iam.v1.apiKey(created.sid).remove()).toBe(true);
  });
});
