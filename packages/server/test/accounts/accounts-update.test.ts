import { describe, expect, it } from "vitest";
import { accountJson, accountPath, createSubaccount, expectNothingWritten } from "../support/account-fixtures.js";
import {
  createRestrictedKey,
  createStandardKey,
  EXAMPLE_DATE,
  EXAMPLE_INSTANT,
  expectAuthenticate,
  expectNotFound,
  expectTwilioError,
} from "../support/route-fixtures.js";
import { useServer } from "../support/use-server.js";

const NAME_64 = "n".repeat(64);
const NAME_65 = "n".repeat(65);

describe("2010-04-01 Accounts", () => {
  const { server, owner, clock } = useServer({ fakeClock: true });

  describe("POST /2010-04-01/Accounts/{Sid}.json", () => {
    it("renames a subaccount for its parent, moving date_updated and keeping date_created", async () => {
      const sub = await createSubaccount(server, { friendlyName: "before" });
      clock.advance(61_000);

      const response = await server.request("POST", accountPath(sub.sid), {
        auth: owner,
        form: { FriendlyName: "after" },
      });

      expect(response.status).toBe(200);
      expect(response.json).toEqual(
        accountJson({
          sid: sub.sid,
          ownerAccountSid: server.accountSid,
          friendlyName: "after",
          status: "active",
          authToken: sub.authToken,
          dateCreated: EXAMPLE_DATE,
          dateUpdated: "Mon, 13 Jun 2016 22:51:09 +0000",
        }),
      );
      expect(await server.region.store.accounts.findBySid(sub.sid)).toMatchObject({
        friendlyName: "after",
        dateCreated: EXAMPLE_INSTANT,
        dateUpdated: EXAMPLE_INSTANT + 61_000,
      });
    });

    it("lets a subaccount rename itself", async () => {
      const sub = await createSubaccount(server, { friendlyName: "before" });

      const response = await server.request("POST", accountPath(sub.sid), {
        auth: sub,
        form: { FriendlyName: "mine" },
      });

      expect(response.status).toBe(200);
      expect(response.json.friendly_name).toBe("mine");
    });

    it("lets a Main key rename its own account and the owner rename itself", async () => {
      const main = await server.createMainKey();

      const byKey = await server.request("POST", accountPath(server.accountSid), {
        auth: { user: main.sid, password: main.secret },
        form: { FriendlyName: "renamed by key" },
      });
      expect(byKey.status).toBe(200);
      expect(byKey.json).toMatchObject({ friendly_name: "renamed by key", auth_token: server.authToken });

      const byOwner = await server.request("POST", accountPath(server.accountSid), {
        auth: owner,
        form: { FriendlyName: NAME_64 },
      });
      expect(byOwner.json.friendly_name).toBe(NAME_64);
      expect((await server.region.store.accounts.findBySid(server.accountSid))?.friendlyName).toBe(NAME_64);
    });

    it.each([
      ["an unknown Status", { Status: "deleted" }, 20001],
      ["a numeric Status", { Status: "1" }, 20001],
      ["an empty Status", { Status: "" }, 20001],
      ["an empty FriendlyName", { FriendlyName: "" }, 20002],
      ["a 65-character FriendlyName", { FriendlyName: NAME_65 }, 20002],
      ["a good FriendlyName with a bad Status", { FriendlyName: "fine", Status: "paused" }, 20001],
    ])("rejects %s with 400/%i and writes nothing", async (_what, form, code) => {
      const sub = await createSubaccount(server, { friendlyName: "unchanged" });

      await expectNothingWritten(server, async () => {
        const response = await server.request("POST", accountPath(sub.sid), { auth: owner, form });
        expectTwilioError(response, 400, code);
      });
    });

    it.each([
      ["a malformed SID", "ACxyz"],
      ["a well-formed unknown SID", `AC${"f".repeat(32)}`],
    ])("answers 404/20404 for %s and writes nothing", async (_what, sid) => {
      await createSubaccount(server);

      await expectNothingWritten(server, async () => {
        const response = await server.request("POST", accountPath(sid), { auth: owner, form: { FriendlyName: "x" } });
        expectNotFound(response, accountPath(sid));
      });
    });

    it("answers 404/20404 to a subaccount renaming its parent or a sibling, and writes nothing", async () => {
      const sub = await createSubaccount(server);
      const sibling = await createSubaccount(server);

      await expectNothingWritten(server, async () => {
        for (const target of [server.accountSid, sibling.sid]) {
          const response = await server.request("POST", accountPath(target), {
            auth: sub,
            form: { FriendlyName: "x" },
          });
          expectNotFound(response, accountPath(target));
        }
      });
    });

    it("answers 401/20003 to a standard key and 403/70051 to a restricted key with accounts/*, writing nothing", async () => {
      const standard = await createStandardKey(server);
      const restricted = await createRestrictedKey(server, ["/twilio/iam/accounts/*", "/twilio/iam/api-keys/*"]);

      await expectNothingWritten(server, async () => {
        const form = { FriendlyName: "hijacked" };
        expectAuthenticate(await server.request("POST", accountPath(server.accountSid), { auth: standard, form }));
        const response = await server.request("POST", accountPath(server.accountSid), { auth: restricted, form });
        expectTwilioError(response, 403, 70051);
      });
    });
  });

  describe("DELETE /2010-04-01/Accounts/{Sid}.json", () => {
    it("answers 405/20004 and leaves the account untouched", async () => {
      const sub = await createSubaccount(server);

      await expectNothingWritten(server, async () => {
        const response = await server.request("DELETE", accountPath(sub.sid), { auth: owner });
        expectTwilioError(response, 405, 20004);
      });
      expect((await server.region.store.accounts.findBySid(sub.sid))?.status).toBe("active");
    });
  });
});
