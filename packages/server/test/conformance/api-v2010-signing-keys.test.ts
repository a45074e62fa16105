import type { SigningKeyInstance } from "twilio/lib/rest/api/v2010/account/signingKey.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { restExceptionOf } from "../support/twilio-client.js";
import { KEY_FIELDS_V2010, NEW_KEY_FIELDS_V2010 } from "./exchange-check.js";
import { type Conformance, collectEach, pageBodies, startConformance } from "./harness.js";

describe("API v2010 SigningKeys through the official client", () => {
  let ctx: Conformance;
  beforeEach(async () => {
    ctx = await startConformance();
  });
  afterEach(async () => {
    await ctx.close();
  });

  const account = () => ctx.owner.api.v2010.accounts(ctx.accountSid);

  it("creates a signing key whose response carries a secret", async () => {
    const key = await account().newSigningKeys.create({ friendlyName: "video tokens" });

    expect(Object.keys(ctx.lastBody()).sort()).toEqual(NEW_KEY_FIELDS_V2010);
    expect(ctx.exchanges.at(-1)?.status).toBe(201);
    expect(key.sid).toMatch(/^SK[0-9a-f]{32}$/);
    expect(key.secret).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(key.friendlyName).toBe("video tokens");
  });

  it("fetches and updates a signing key", async () => {
    const created = await account().newSigningKeys.create({ friendlyName: "v1" });

    const fetched = await account().signingKeys(created.sid).fetch();
    expect(Object.keys(ctx.lastBody()).sort()).toEqual(KEY_FIELDS_V2010);
    const updated = await account().signingKeys(created.sid).update({ friendlyName: "v2" });

    expect(fetched.toJSON()).toMatchObject({ sid: created.sid, friendlyName: "v1", dateCreated: created.dateCreated });
    expect(updated.friendlyName).toBe("v2");
    expect(updated.dateUpdated.getTime()).toBeGreaterThan(created.dateUpdated.getTime());
  });

  it("removes a signing key, after which Keys and SigningKeys both answer 404/20404", async () => {
    const created = await account().newSigningKeys.create({ friendlyName: "short-lived" });

    expect(await account().signingKeys(created.sid).remove()).toBe(true);
    expect(ctx.exchanges.at(-1)).toMatchObject({ status: 204, body: "" });

    expect(await restExceptionOf(account().signingKeys(created.sid).fetch())).toMatchObject({
      status: 404,
      code: 20404,
    });
    expect(await restExceptionOf(account().keys(created.sid).fetch())).toMatchObject({ status: 404, code: 20404 });
  });

  it("shares one key store with Keys: each lists the keys the other created", async () => {
    const viaKeys = await account().newKeys.create({ friendlyName: "via keys" });
    const viaSigningKeys = await account().newSigningKeys.create({ friendlyName: "via signing keys" });

    const signingKeys = await account().signingKeys.list();
    const keys = await account().keys.list();

    expect(signingKeys.map((key) => key.sid)).toEqual([viaSigningKeys.sid, viaKeys.sid]);
    expect(keys.map((key) => key.sid)).toEqual([viaSigningKeys.sid, viaKeys.sid]);
    expect((await account().keys(viaSigningKeys.sid).fetch()).friendlyName).toBe("via signing keys");
  });

  it("pages signing keys under signing_keys, newest update first, each key once", async () => {
    const created: string[] = [];
    for (let index = 0; index < 5; index++) {
      created.push((await account().newSigningKeys.create({ friendlyName: `signing ${index}` })).sid);
    }

    const listed = await account().signingKeys.list({ pageSize: 2 });
    const visited = await collectEach<SigningKeyInstance>((options) =>
      account().signingKeys.each({ pageSize: 2, ...options }),
    );

    expect(listed.map((key) => key.sid)).toEqual([...created].reverse());
    expect(visited.map((key) => key.sid)).toEqual([...created].reverse());
    const pages = pageBodies(ctx, `/2010-04-01/Accounts/${ctx.accountSid}/SigningKeys.json`);
    expect(pages.map((page) => page.signing_keys.length)).toEqual([2, 2, 1, 2, 2, 1]);
  });
});
