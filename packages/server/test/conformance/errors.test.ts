import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { restExceptionOf } from "../support/twilio-client.js";
import { type Conformance, startConformance } from "./harness.js";

const UNKNOWN_KEY = `SK${"0".repeat(32)}`;
const NAME_OF_65 = "n".repeat(65);

describe("errors through the official client", () => {
  let ctx: Conformance;
  beforeEach(async () => {
    ctx = await startConformance();
  });
  afterEach(async () => {
    await ctx.close();
  });

  const account = () => ctx.owner.api.v2010.accounts(ctx.accountSid);

  it("answers an unknown key with 404/20404 on every instance operation", async () => {
    const calls = [
      () => ctx.owner.iam.v1.apiKey(UNKNOWN_KEY).fetch(),
      () => ctx.owner.iam.v1.apiKey(UNKNOWN_KEY).update({ friendlyName: "x" }),
      () => ctx.owner.iam.v1.apiKey(UNKNOWN_KEY).remove(),
      () => account().keys(UNKNOWN_KEY).fetch(),
      () => account().keys(UNKNOWN_KEY).update({ friendlyName: "x" }),
      () => account().signingKeys(UNKNOWN_KEY).remove(),
    ];

    for (const call of calls) {
      const error = await restExceptionOf(call());
      expect(error).toMatchObject({ status: 404, code: 20404, moreInfo: "https://www.twilio.com/docs/errors/20404" });
    }
  });

  it("names the requested path in a 404 message", async () => {
    const error = await restExceptionOf(ctx.owner.iam.v1.apiKey(UNKNOWN_KEY).fetch());

    expect(error.message).toBe(`The requested resource /v1/Keys/${UNKNOWN_KEY} was not found`);
  });

  it("answers another account's key with 404/20404, as if it did not exist", async () => {
    const other = await ctx.server.createOtherAccount();
    const otherClient = ctx.clientFor({ accountSid: other.accountSid, authToken: other.authToken });
    const theirs = await otherClient.iam.v1.newApiKey.create({ accountSid: other.accountSid, friendlyName: "theirs" });

    const fetch = await restExceptionOf(ctx.owner.iam.v1.apiKey(theirs.sid).fetch());
    const remove = await restExceptionOf(account().keys(theirs.sid).remove());

    expect(fetch).toMatchObject({ status: 404, code: 20404 });
    expect(remove).toMatchObject({ status: 404, code: 20404 });
    expect((await otherClient.iam.v1.apiKey(theirs.sid).fetch()).friendlyName).toBe("theirs");
  });

  it("refuses a FriendlyName over 64 characters: 70001 on iam v1, 20002 on 2010", async () => {
    const key = await ctx.owner.iam.v1.newApiKey.create({ accountSid: ctx.accountSid, friendlyName: "n".repeat(64) });
    expect(key.friendlyName).toHaveLength(64);

    const v1Create = ctx.owner.iam.v1.newApiKey.create({ accountSid: ctx.accountSid, friendlyName: NAME_OF_65 });
    expect(await restExceptionOf(v1Create)).toMatchObject({ status: 400, code: 70001 });
    const v1Update = ctx.owner.iam.v1.apiKey(key.sid).update({ friendlyName: NAME_OF_65 });
    expect(await restExceptionOf(v1Update)).toMatchObject({ status: 400, code: 70001 });
    expect(await restExceptionOf(account().newKeys.create({ friendlyName: NAME_OF_65 }))).toMatchObject({
      status: 400,
      code: 20002,
    });
    const v2010Update = account().signingKeys(key.sid).update({ friendlyName: NAME_OF_65 });
    expect(await restExceptionOf(v2010Update)).toMatchObject({ status: 400, code: 20002 });
    expect((await ctx.owner.iam.v1.apiKey(key.sid).fetch()).friendlyName).toBe("n".repeat(64));
  });

  it("refuses a policy naming an unknown permission with 400/70002 quoting it", async () => {
    const create = ctx.owner.iam.v1.newApiKey.create({
      accountSid: ctx.accountSid,
      keyType: "restricted",
      policy: { allow: ["/twilio/nothing/here/read"] },
    });

    const error = await restExceptionOf(create);

    expect(error).toMatchObject({ status: 400, code: 70002 });
    expect(error.message).toContain("assertion '/twilio/nothing/here/read' is invalid");
    expect(await ctx.owner.iam.v1.getApiKeys.list({ accountSid: ctx.accountSid })).toEqual([]);
  });

  it("refuses a restricted key without a policy, and a policy on a standard key, with 400/70002", async () => {
    const withoutPolicy = ctx.owner.iam.v1.newApiKey.create({ accountSid: ctx.accountSid, keyType: "restricted" });
    const standardWithPolicy = ctx.owner.iam.v1.newApiKey.create({
      accountSid: ctx.accountSid,
      policy: { allow: ["/twilio/messaging/messages/read"] },
    });

    expect(await restExceptionOf(withoutPolicy)).toMatchObject({ status: 400, code: 70002 });
    expect(await restExceptionOf(standardWithPolicy)).toMatchObject({ status: 400, code: 70002 });
  });

  it("leaves the policy unchanged when an update carries an invalid one", async () => {
    const key = await ctx.owner.iam.v1.newApiKey.create({
      accountSid: ctx.accountSid,
      keyType: "restricted",
      policy: { allow: ["/twilio/messaging/messages/read"] },
    });

    const update = ctx.owner.iam.v1.apiKey(key.sid).update({ policy: { allow: [] } });

    expect(await restExceptionOf(update)).toMatchObject({ status: 400, code: 70002 });
    expect((await ctx.owner.iam.v1.apiKey(key.sid).fetch()).policy).toEqual({
      allow: ["/twilio/messaging/messages/read"],
    });
  });

  it("refuses to create a main key through the API with 400", async () => {
    const main = ctx.owner.iam.v1.newApiKey.create({ accountSid: ctx.accountSid, keyType: "main" });
    const unknown = ctx.owner.iam.v1.newApiKey.create({ accountSid: ctx.accountSid, keyType: "superuser" });

    expect(await restExceptionOf(main)).toMatchObject({ status: 400, code: 70001 });
    expect(await restExceptionOf(unknown)).toMatchObject({ status: 400, code: 20001 });
    expect(await ctx.owner.iam.v1.getApiKeys.list({ accountSid: ctx.accountSid })).toEqual([]);
  });

  it("refuses a PageSize above 1000 with 400/20001", async () => {
    const list = ctx.owner.iam.v1.getApiKeys.page({ accountSid: ctx.accountSid, pageSize: 1001 });

    expect(await restExceptionOf(list)).toMatchObject({ status: 400, code: 20001 });
  });
});
