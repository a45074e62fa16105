import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { restExceptionOf } from "../support/twilio-client.js";
import { type Conformance, clientForKey, createRestrictedKey, startConformance } from "./harness.js";

describe("API keys as the official client's credential", () => {
  let ctx: Conformance;
  beforeEach(async () => {
    ctx = await startConformance();
  });
  afterEach(async () => {
    await ctx.close();
  });

  it("answers a standard key with 401/20003 on every key endpoint", async () => {
    const standard = await ctx.owner.iam.v1.newApiKey.create({ accountSid: ctx.accountSid, friendlyName: "std" });
    const client = clientForKey(ctx, standard);
    const account = client.api.v2010.accounts(ctx.accountSid);

    const calls = [
      () => client.iam.v1.getApiKeys.list({ accountSid: ctx.accountSid }),
      () => client.iam.v1.newApiKey.create({ accountSid: ctx.accountSid }),
      () => client.iam.v1.apiKey(standard.sid).fetch(),
      () => account.keys.list(),
      () => account.newKeys.create(),
      () => account.signingKeys(standard.sid).remove(),
    ];

    for (const call of calls) {
      expect(await restExceptionOf(call())).toMatchObject({ status: 401, code: 20003 });
    }
    expect(ctx.exchanges.filter((exchange) => exchange.status === 401)).toHaveLength(calls.length);
    expect((await ctx.owner.iam.v1.apiKey(standard.sid).fetch()).sid).toBe(standard.sid);
  });

  it("lets a Main key manage keys like the account's auth token", async () => {
    const main = await ctx.server.createMainKey("main");
    const client = clientForKey(ctx, main);

    const created = await client.iam.v1.newApiKey.create({ accountSid: ctx.accountSid, friendlyName: "by main" });
    const v2010 = await client.api.v2010.accounts(ctx.accountSid).newKeys.create({ friendlyName: "by main 2010" });
    const listed = await client.api.v2010.accounts(ctx.accountSid).keys.list();

    expect(listed.map((key) => key.sid)).toEqual([v2010.sid, created.sid, main.sid]);
    expect(await client.iam.v1.apiKey(created.sid).remove()).toBe(true);
  });

  it("fails a key's credentials with 401/20003 on the request after the key is deleted", async () => {
    const key = await createRestrictedKey(ctx, ["/twilio/iam/api-keys/list"]);
    const client = clientForKey(ctx, key);
    expect(await client.iam.v1.getApiKeys.list({ accountSid: ctx.accountSid })).toHaveLength(1);

    await ctx.owner.iam.v1.apiKey(key.sid).remove();

    const error = await restExceptionOf(client.iam.v1.getApiKeys.list({ accountSid: ctx.accountSid }));
    expect(error).toMatchObject({ status: 401, code: 20003, moreInfo: "https://www.twilio.com/docs/errors/20003" });
  });

  it("answers a key SID with a wrong secret with 401/20003", async () => {
    const key = await createRestrictedKey(ctx, ["/twilio/iam/api-keys/list"]);
    // The last character changed to one it is not (a secret ending in "x" would otherwise stay right).
    const wrong = `${key.secret.slice(0, -1)}${key.secret.endsWith("x") ? "y" : "x"}`;
    expect(wrong).not.toBe(key.secret);
    const client = clientForKey(ctx, { sid: key.sid, secret: wrong });

    const error = await restExceptionOf(client.iam.v1.getApiKeys.list({ accountSid: ctx.accountSid }));

    expect(error).toMatchObject({ status: 401, code: 20003 });
  });

  it("answers a wrong auth token with 401/20003", async () => {
    const client = ctx.clientFor({ accountSid: ctx.accountSid, authToken: "0".repeat(32) });

    const error = await restExceptionOf(client.api.v2010.accounts(ctx.accountSid).keys.list());

    expect(error).toMatchObject({ status: 401, code: 20003 });
  });
});
