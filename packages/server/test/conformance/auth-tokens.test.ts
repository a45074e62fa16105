import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type AccountsConformance,
  assertAccountsResponseMatchesSpec,
  PROMOTION_FIELDS,
  SECONDARY_TOKEN_FIELDS,
  startAccountsConformance,
} from "../support/account-spec.js";
import { restExceptionOf } from "../support/twilio-client.js";

const AUTH_TOKEN = /^[0-9a-f]{32}$/;

describe("Accounts v1 AuthTokens through the official client", () => {
  let ctx: AccountsConformance;
  beforeEach(async () => {
    ctx = await startAccountsConformance();
  });
  afterEach(async () => {
    await ctx.close();
  });

  const ownerWith = (authToken: string) => ctx.clientFor({ accountSid: ctx.server.accountSid, authToken });
  const lastBody = () => JSON.parse(ctx.last().body);
  /** Whether `authToken` authenticates as the owner account right now. */
  const authenticates = async (authToken: string) => {
    try {
      await ownerWith(authToken).api.v2010.accounts(ctx.server.accountSid).fetch();
      return true;
    } catch (error) {
      expect(error).toMatchObject({ status: 401, code: 20003 });
      return false;
    }
  };

  describe("secondaryAuthToken().create", () => {
    it("creates a secondary token (CreateSecondaryAuthToken 201) with ISO-8601 dates and an absolute url", async () => {
      const secondary = await ctx.owner.accounts.v1.secondaryAuthToken().create();

      expect(ctx.last()).toMatchObject({ method: "POST", status: 201 });
      expect(ctx.last().clientUrl.href).toBe("https://accounts.twilio.com/v1/AuthTokens/Secondary");
      expect(Object.keys(lastBody()).sort()).toEqual(SECONDARY_TOKEN_FIELDS);
      expect(lastBody()).toMatchObject({
        date_created: "2025-01-06T09:30:01Z",
        date_updated: "2025-01-06T09:30:01Z",
        url: `${ctx.server.url}/v1/AuthTokens/Secondary`,
      });
      expect(secondary.accountSid).toBe(ctx.server.accountSid);
      expect(secondary.secondaryAuthToken).toMatch(AUTH_TOKEN);
      expect(secondary.secondaryAuthToken).not.toBe(ctx.server.authToken);
      expect(secondary.dateCreated).toEqual(new Date(Date.UTC(2025, 0, 6, 9, 30, 1)));
      expect(secondary.dateUpdated).toEqual(secondary.dateCreated);
    });

    it("leaves both tokens authenticating while the secondary exists", async () => {
      const secondary = await ctx.owner.accounts.v1.secondaryAuthToken().create();

      expect(await authenticates(ctx.server.authToken)).toBe(true);
      expect(await authenticates(secondary.secondaryAuthToken)).toBe(true);
    });

    it("maps a standard key to a 401/20003 RestException", async () => {
      const response = await ctx.server.request("POST", "/v1/Keys", {
        auth: { user: ctx.server.accountSid, password: ctx.server.authToken },
        form: { AccountSid: ctx.server.accountSid },
      });
      const keyClient = ctx.clientFor({
        accountSid: ctx.server.accountSid,
        keySid: response.json.sid,
        keySecret: response.json.secret,
      });

      const error = await restExceptionOf(keyClient.accounts.v1.secondaryAuthToken().create());

      expect(error).toMatchObject({ status: 401, code: 20003, message: "Authenticate" });
    });

    it("maps a restricted key to a 403/70051 RestException whatever it holds", async () => {
      const response = await ctx.server.request("POST", "/v1/Keys", {
        auth: { user: ctx.server.accountSid, password: ctx.server.authToken },
        form: {
          AccountSid: ctx.server.accountSid,
          KeyType: "restricted",
          Policy: JSON.stringify({ allow: ["/twilio/iam/accounts/*", "/twilio/iam/api-keys/*"] }),
        },
      });
      const keyClient = ctx.clientFor({
        accountSid: ctx.server.accountSid,
        keySid: response.json.sid,
        keySecret: response.json.secret,
      });

      const error = await restExceptionOf(keyClient.accounts.v1.secondaryAuthToken().create());

      expect(error).toMatchObject({ status: 403, code: 70051 });
    });

    it("works for a Main key", async () => {
      const main = await ctx.server.createMainKey();
      const keyClient = ctx.clientFor({ accountSid: ctx.server.accountSid, keySid: main.sid, keySecret: main.secret });

      const secondary = await keyClient.accounts.v1.secondaryAuthToken().create();

      expect(secondary.accountSid).toBe(ctx.server.accountSid);
      expect(await authenticates(secondary.secondaryAuthToken)).toBe(true);
    });
  });

  describe("secondaryAuthToken().remove", () => {
    it("removes the secondary (DeleteSecondaryAuthToken 204), which then fails at once", async () => {
      const secondary = await ctx.owner.accounts.v1.secondaryAuthToken().create();
      expect(await authenticates(secondary.secondaryAuthToken)).toBe(true);

      expect(await ctx.owner.accounts.v1.secondaryAuthToken().remove()).toBe(true);

      expect(ctx.last()).toMatchObject({ method: "DELETE", status: 204, body: "" });
      expect(await authenticates(secondary.secondaryAuthToken)).toBe(false);
      expect(await authenticates(ctx.server.authToken)).toBe(true);
    });

    it("maps removing a missing secondary to a 404/20404 RestException", async () => {
      const error = await restExceptionOf(ctx.owner.accounts.v1.secondaryAuthToken().remove());

      expect(error).toMatchObject({
        status: 404,
        code: 20404,
        message: "The requested resource /v1/AuthTokens/Secondary was not found",
      });
    });
  });

  describe("authTokenPromotion().update", () => {
    it("promotes the secondary (UpdateAuthTokenPromotion 200) and the old primary fails on the next request", async () => {
      const secondary = await ctx.owner.accounts.v1.secondaryAuthToken().create();
      expect(await authenticates(ctx.server.authToken)).toBe(true);

      const promotion = await ctx.owner.accounts.v1.authTokenPromotion().update();

      expect(ctx.last()).toMatchObject({ method: "POST", status: 200 });
      expect(ctx.last().clientUrl.href).toBe("https://accounts.twilio.com/v1/AuthTokens/Promote");
      expect(Object.keys(lastBody()).sort()).toEqual(PROMOTION_FIELDS);
      expect(lastBody().url).toBe(`${ctx.server.url}/v1/AuthTokens/Promote`);
      expect(promotion.accountSid).toBe(ctx.server.accountSid);
      expect(promotion.authToken).toBe(secondary.secondaryAuthToken);
      expect(promotion.dateCreated).toEqual(secondary.dateCreated);
      expect(promotion.dateUpdated.getTime()).toBeGreaterThan(secondary.dateUpdated.getTime());
      expect(await authenticates(ctx.server.authToken)).toBe(false);
      expect(await authenticates(promotion.authToken)).toBe(true);
    });

    it("shows the promoted token on the account resource and leaves no secondary", async () => {
      const secondary = await ctx.owner.accounts.v1.secondaryAuthToken().create();
      await ctx.owner.accounts.v1.authTokenPromotion().update();
      const current = ownerWith(secondary.secondaryAuthToken);

      const fetched = await current.api.v2010.accounts(ctx.server.accountSid).fetch();
      const error = await restExceptionOf(current.accounts.v1.authTokenPromotion().update());

      expect(fetched.authToken).toBe(secondary.secondaryAuthToken);
      expect(error).toMatchObject({ status: 404, code: 20404 });
    });

    it("maps promoting without a secondary to a 404/20404 RestException", async () => {
      const error = await restExceptionOf(ctx.owner.accounts.v1.authTokenPromotion().update());

      expect(error).toMatchObject({
        status: 404,
        code: 20404,
        message: "The requested resource /v1/AuthTokens/Promote was not found",
      });
      expect(await authenticates(ctx.server.authToken)).toBe(true);
    });

    it("maps a client on the rotated-out token to a 401/20003 RestException", async () => {
      await ctx.owner.accounts.v1.secondaryAuthToken().create();
      await ctx.owner.accounts.v1.authTokenPromotion().update();

      const error = await restExceptionOf(ctx.owner.accounts.v1.secondaryAuthToken().create());

      expect(error).toMatchObject({ status: 401, code: 20003 });
    });

    it("rotates a subaccount's token through its own client", async () => {
      const sub = await ctx.owner.api.v2010.accounts.create({ friendlyName: "rotating" });
      const subClient = ctx.clientFor({ accountSid: sub.sid, authToken: sub.authToken });
      const secondary = await subClient.accounts.v1.secondaryAuthToken().create();

      const promotion = await subClient.accounts.v1.authTokenPromotion().update();

      expect(promotion).toMatchObject({ accountSid: sub.sid, authToken: secondary.secondaryAuthToken });
      expect((await ctx.owner.api.v2010.accounts(sub.sid).fetch()).authToken).toBe(secondary.secondaryAuthToken);
      expect(await authenticates(ctx.server.authToken)).toBe(true);
    });
  });

  describe("the spec validation itself", () => {
    it("rejects a secondary-token body with a 2010-style date", () => {
      const body = JSON.stringify({ date_created: "Mon, 06 Jan 2025 09:30:00 +0000" });

      expect(() =>
        assertAccountsResponseMatchesSpec("twilio_accounts_v1", "CreateSecondaryAuthToken", 201, body),
      ).toThrow(/does not match/);
    });

    it("rejects a body on the 204 of DeleteSecondaryAuthToken", () => {
      expect(() =>
        assertAccountsResponseMatchesSpec("twilio_accounts_v1", "DeleteSecondaryAuthToken", 204, "{}"),
      ).toThrow(/declares no content/);
    });
  });
});
