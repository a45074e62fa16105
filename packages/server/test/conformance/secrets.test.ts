import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Conformance, startConformance } from "./harness.js";

describe("key secrets through the official client", () => {
  let ctx: Conformance;
  beforeEach(async () => {
    ctx = await startConformance();
  });
  afterEach(async () => {
    await ctx.close();
  });

  it("sends a secret only in the create response, on every API", async () => {
    const account = ctx.owner.api.v2010.accounts(ctx.accountSid);
    const v1 = await ctx.owner.iam.v1.newApiKey.create({ accountSid: ctx.accountSid, friendlyName: "v1" });
    const key = await account.newKeys.create({ friendlyName: "key" });
    const signing = await account.newSigningKeys.create({ friendlyName: "signing" });
    const created = ctx.exchanges.length;

    for (const sid of [v1.sid, key.sid, signing.sid]) {
      await ctx.owner.iam.v1.apiKey(sid).fetch();
      await ctx.owner.iam.v1.apiKey(sid).update({ friendlyName: "renamed" });
      await account.keys(sid).fetch();
      await account.keys(sid).update({ friendlyName: "renamed again" });
      await account.signingKeys(sid).fetch();
    }
    await ctx.owner.iam.v1.getApiKeys.list({ accountSid: ctx.accountSid });
    await account.keys.list();
    await account.signingKeys.list();

    const secrets = [v1.secret, key.secret, signing.secret];
    expect(new Set(secrets).size).toBe(3);
    const later = ctx.exchanges.slice(created);
    expect(later).toHaveLength(18);
    for (const exchange of later) {
      expect(exchange.body).not.toContain('"secret"');
      for (const secret of secrets) expect(exchange.body).not.toContain(secret);
    }
  });

  it("authenticates with the secret from the create response", async () => {
    const key = await ctx.owner.iam.v1.newApiKey.create({
      accountSid: ctx.accountSid,
      keyType: "restricted",
      policy: { allow: ["/twilio/iam/api-keys/read"] },
    });
    const client = ctx.clientFor({ accountSid: ctx.accountSid, keySid: key.sid, keySecret: key.secret });

    const fetched = await client.iam.v1.apiKey(key.sid).fetch();

    expect(fetched.policy).toEqual({ allow: ["/twilio/iam/api-keys/read"] });
  });
});
