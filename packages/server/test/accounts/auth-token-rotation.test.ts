import { describe, expect, it } from "vitest";
import {
  AUTH_TOKEN,
  accountPath,
  createMainKeyIn,
  createSubaccount,
  expectNothingWritten,
  PROMOTE_PATH,
  probe,
  SECONDARY_PATH,
} from "../support/account-fixtures.js";
import {
  type Credentials,
  createRestrictedKey,
  createStandardKey,
  EXAMPLE_INSTANT,
  expectAuthenticate,
  expectNotFound,
  expectTwilioError,
} from "../support/route-fixtures.js";
import { useServer } from "../support/use-server.js";

const ISO_EXAMPLE = "2016-06-13T22:50:08Z";

describe("Accounts v1 AuthTokens", () => {
  const { server, owner, clock } = useServer({ fakeClock: true });

  const asOwner = (password: string): Credentials => ({ user: server.accountSid, password });
  const createSecondary = async (auth: Credentials = owner): Promise<string> => {
    const response = await server.request("POST", SECONDARY_PATH, { auth });
    if (response.status !== 201) throw new Error(`create secondary failed: ${response.status} ${response.text}`);
    return response.json.secondary_auth_token;
  };
  const works = async (auth: Credentials, sid = server.accountSid) => (await probe(server, auth, sid)).status === 200;

  describe("POST /v1/AuthTokens/Secondary", () => {
    it("answers 201 with exactly account_sid, ISO-8601 dates, the new token and its URL", async () => {
      const response = await server.request("POST", SECONDARY_PATH, { auth: owner });

      expect(response.status).toBe(201);
      expect(response.json).toEqual({
        account_sid: server.accountSid,
        date_created: ISO_EXAMPLE,
        date_updated: ISO_EXAMPLE,
        secondary_auth_token: expect.stringMatching(AUTH_TOKEN),
        url: `${server.url}/v1/AuthTokens/Secondary`,
      });
      expect(response.json.secondary_auth_token).not.toBe(server.authToken);
    });

    it("keeps both the primary and the secondary token valid while the secondary exists", async () => {
      expect(await works(owner)).toBe(true);

      const secondary = await createSecondary();

      expect(await works(owner)).toBe(true);
      expect(await works(asOwner(secondary))).toBe(true);
    });

    it("does not change the auth_token the account resource shows", async () => {
      await createSecondary();

      const response = await probe(server, owner, server.accountSid);

      expect(response.json.auth_token).toBe(server.authToken);
    });

    it("replaces an earlier secondary, which then fails on the very next request", async () => {
      const first = await createSecondary();
      expect(await works(asOwner(first))).toBe(true);
      clock.advance(5000);

      const second = await createSecondary();

      expect(second).not.toBe(first);
      expectAuthenticate(await probe(server, asOwner(first), server.accountSid));
      expect(await works(asOwner(second))).toBe(true);
      expect(await works(owner)).toBe(true);
    });

    it("lets a Main key create the secondary of its own account", async () => {
      const main = await server.createMainKey();

      const response = await server.request("POST", SECONDARY_PATH, {
        auth: { user: main.sid, password: main.secret },
      });

      expect(response.status).toBe(201);
      expect(response.json.account_sid).toBe(server.accountSid);
      expect(await works(asOwner(response.json.secondary_auth_token))).toBe(true);
    });

    it("gives a subaccount a secondary of its own, leaving the parent's tokens alone", async () => {
      const sub = await createSubaccount(server);

      const response = await server.request("POST", SECONDARY_PATH, { auth: sub });

      expect(response.status).toBe(201);
      expect(response.json.account_sid).toBe(sub.sid);
      const secondary = response.json.secondary_auth_token;
      expect(await works({ user: sub.sid, password: secondary }, sub.sid)).toBe(true);
      expectAuthenticate(await probe(server, asOwner(secondary), server.accountSid));
      expect((await server.region.store.accounts.findBySid(server.accountSid))?.secondaryAuthTokenVerifier).toBeNull();
    });
  });

  describe("POST /v1/AuthTokens/Promote", () => {
    it("answers 200 with exactly account_sid, the promoted token, its dates and URL", async () => {
      const secondary = await createSecondary();
      clock.advance(60_000);

      const response = await server.request("POST", PROMOTE_PATH, { auth: owner });

      expect(response.status).toBe(200);
      expect(response.json).toEqual({
        account_sid: server.accountSid,
        auth_token: secondary,
        date_created: ISO_EXAMPLE,
        date_updated: "2016-06-13T22:51:08Z",
        url: `${server.url}/v1/AuthTokens/Promote`,
      });
    });

    it("fails the old primary on the very next request and accepts the promoted token", async () => {
      expect(await works(owner)).toBe(true);
      const secondary = await createSecondary();
      expect(await works(owner)).toBe(true);

      const response = await server.request("POST", PROMOTE_PATH, { auth: owner });
      expect(response.status).toBe(200);

      expectAuthenticate(await probe(server, owner, server.accountSid));
      expect(await works(asOwner(secondary))).toBe(true);
    });

    it("leaves no secondary behind: the account shows the new token and promoting again is 404", async () => {
      const secondary = await createSecondary();
      await server.request("POST", PROMOTE_PATH, { auth: owner });
      const current = asOwner(secondary);

      expect((await probe(server, current, server.accountSid)).json.auth_token).toBe(secondary);
      expectNotFound(await server.request("POST", PROMOTE_PATH, { auth: current }), PROMOTE_PATH);
      expectNotFound(await server.request("DELETE", SECONDARY_PATH, { auth: current }), SECONDARY_PATH);
      expect(await server.region.store.accounts.findBySid(server.accountSid)).toMatchObject({
        secondaryAuthTokenVerifier: null,
        sealedSecondaryAuthToken: null,
        secondaryAuthTokenDateCreated: null,
      });
    });

    it("may be called with the secondary token itself", async () => {
      const secondary = await createSecondary();

      const response = await server.request("POST", PROMOTE_PATH, { auth: asOwner(secondary) });

      expect(response.status).toBe(200);
      expectAuthenticate(await probe(server, owner, server.accountSid));
    });

    it("keeps a Main key working across promotion", async () => {
      const main = await server.createMainKey();
      const mainCredentials = { user: main.sid, password: main.secret };
      await createSecondary(mainCredentials);

      const response = await server.request("POST", PROMOTE_PATH, { auth: mainCredentials });

      expect(response.status).toBe(200);
      expect(await works(mainCredentials)).toBe(true);
      expectAuthenticate(await probe(server, owner, server.accountSid));
    });

    it("rotates a subaccount's token without touching its parent's, and the parent sees the new one", async () => {
      const sub = await createSubaccount(server);
      const secondaryResponse = await server.request("POST", SECONDARY_PATH, { auth: sub });
      const secondary = secondaryResponse.json.secondary_auth_token;

      const response = await server.request("POST", PROMOTE_PATH, { auth: sub });

      expect(response.json).toMatchObject({ account_sid: sub.sid, auth_token: secondary });
      expectAuthenticate(await probe(server, sub, sub.sid));
      expect(await works(owner)).toBe(true);
      expect((await probe(server, owner, sub.sid)).json.auth_token).toBe(secondary);
    });

    it("answers 404/20404 when there is no secondary and writes nothing", async () => {
      await expectNothingWritten(server, async () => {
        expectNotFound(await server.request("POST", PROMOTE_PATH, { auth: owner }), PROMOTE_PATH);
      });
      expect(await works(owner)).toBe(true);
    });
  });

  describe("DELETE /v1/AuthTokens/Secondary", () => {
    it("answers 204 with an empty body and fails the secondary on the very next request", async () => {
      const secondary = await createSecondary();
      expect(await works(asOwner(secondary))).toBe(true);

      const response = await server.request("DELETE", SECONDARY_PATH, { auth: owner });

      expect(response.status).toBe(204);
      expect(response.text).toBe("");
      expectAuthenticate(await probe(server, asOwner(secondary), server.accountSid));
      expect(await works(owner)).toBe(true);
      expect(await server.region.store.accounts.findBySid(server.accountSid)).toMatchObject({
        secondaryAuthTokenVerifier: null,
        sealedSecondaryAuthToken: null,
        secondaryAuthTokenDateCreated: null,
        dateUpdated: EXAMPLE_INSTANT,
      });
    });

    it("answers 404/20404 when there is no secondary and writes nothing", async () => {
      await expectNothingWritten(server, async () => {
        expectNotFound(await server.request("DELETE", SECONDARY_PATH, { auth: owner }), SECONDARY_PATH);
      });
    });

    it("answers 404/20404 for the second of two deletes", async () => {
      await createSecondary();
      expect((await server.request("DELETE", SECONDARY_PATH, { auth: owner })).status).toBe(204);

      expectNotFound(await server.request("DELETE", SECONDARY_PATH, { auth: owner }), SECONDARY_PATH);
    });
  });

  describe("authorization", () => {
    const routes = [
      { method: "POST", path: SECONDARY_PATH },
      { method: "DELETE", path: SECONDARY_PATH },
      { method: "POST", path: PROMOTE_PATH },
    ] as const;

    it.each(routes)("answers 401/20003 to a standard key on $method $path, writing nothing", async ({
      method,
      path,
    }) => {
      await createSecondary();
      const standard = await createStandardKey(server);

      await expectNothingWritten(server, async () => {
        expectAuthenticate(await server.request(method, path, { auth: standard }));
      });
    });

    it.each(
      routes,
    )("answers 403/70051 to a restricted key with every grantable iam permission on $method $path, writing nothing", async ({
      method,
      path,
    }) => {
      await createSecondary();
      const restricted = await createRestrictedKey(server, [
        "/twilio/iam/accounts/*",
        "/twilio/iam/api-keys/*",
        "/twilio/iam/account-oauth-apps/*",
      ]);

      await expectNothingWritten(server, async () => {
        expectTwilioError(await server.request(method, path, { auth: restricted }), 403, 70051);
      });
    });

    it.each(routes)("answers 401/20003 without credentials on $method $path", async ({ method, path }) => {
      expectAuthenticate(await server.request(method, path));
    });

    it("lets a subaccount's Main key manage the subaccount's tokens only", async () => {
      const sub = await createSubaccount(server);
      const subMain = await createMainKeyIn(server, sub.sid);

      const response = await server.request("POST", SECONDARY_PATH, { auth: subMain });

      expect(response.json.account_sid).toBe(sub.sid);
      expect((await server.request("POST", PROMOTE_PATH, { auth: subMain })).status).toBe(200);
      expectAuthenticate(await probe(server, sub, sub.sid));
      expect(await works(owner)).toBe(true);
      expect((await probe(server, owner, server.accountSid)).json.auth_token).toBe(server.authToken);
      expect(await works({ user: sub.sid, password: response.json.secondary_auth_token }, sub.sid)).toBe(true);
    });

    it("does not let a rotated-out token act on the account any more", async () => {
      const secondary = await createSecondary();
      await server.request("POST", PROMOTE_PATH, { auth: owner });

      expectAuthenticate(
        await server.request("POST", accountPath(server.accountSid), { auth: owner, form: { FriendlyName: "x" } }),
      );
      expectAuthenticate(await server.request("POST", SECONDARY_PATH, { auth: owner }));
      expect(await works(asOwner(secondary))).toBe(true);
    });
  });
});
