/**
 * Keys that would raise their own rights (issue 8): a restricted key may create and change keys only
 * within its own policy, and only the Auth Token or a Main key may change or delete a Main key.
 * `LATCHKEY_KEY_ESCALATION=twilio` restores Twilio's behaviour. Real server, real SQLite, real HTTP.
 */
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";
import { createKeyIn, createMainKeyIn, createSubaccount, expectNothingWritten } from "../support/account-fixtures.js";
import {
  type Credentials,
  createRestrictedKey,
  createStandardKey,
  expectAuthenticate,
  expectNotFound,
  expectTwilioError,
  storedKeys,
} from "../support/route-fixtures.js";
import { useServer } from "../support/use-server.js";

const KEYS_CREATE = "/twilio/iam/api-keys/create";
const KEYS_UPDATE = "/twilio/iam/api-keys/update";
const KEYS_DELETE = "/twilio/iam/api-keys/delete";
const KEYS_LIST = "/twilio/iam/api-keys/list";
const MESSAGES_ALL = "/twilio/messaging/messages/*";
const MESSAGES_READ = "/twilio/messaging/messages/read";
const CALLS_ALL = "/twilio/voice/calls/*";
const CALLS_READ = "/twilio/voice/calls/read";

const ONLY_RESTRICTED = "Authorization Failed: a restricted key may create only restricted keys within its own policy";
const MAIN_DELETE = "Authorization Failed: only the Auth Token or a Main key may delete a Main key";
const MAIN_CHANGE = "Authorization Failed: only the Auth Token or a Main key may change a Main key";

const restrictedForm = (allow: readonly string[], accountSid: string) => ({
  AccountSid: accountSid,
  KeyType: "restricted",
  Policy: JSON.stringify({ allow }),
});

describe("key rights (LATCHKEY_KEY_ESCALATION=strict, the default)", () => {
  const { server, owner } = useServer();

  const createAs = (auth: Credentials, allow: readonly string[]) =>
    server.request("POST", "/v1/Keys", { auth, form: restrictedForm(allow, server.accountSid) });
  const setPolicy = (auth: Credentials, sid: string, allow: readonly string[]) =>
    server.request("POST", `/v1/Keys/${sid}`, { auth, form: { Policy: JSON.stringify({ allow }) } });
  const v2010 = (segment: string, sid?: string) =>
    `/2010-04-01/Accounts/${server.accountSid}/${segment}${sid === undefined ? "" : `/${sid}`}.json`;

  describe("succeeds", () => {
    it("lets a restricted key create a restricted key within its policy, wildcards understood", async () => {
      const creator = await createRestrictedKey(server, [KEYS_CREATE, MESSAGES_ALL, CALLS_READ]);

      for (const allow of [[MESSAGES_READ], [MESSAGES_ALL], [KEYS_CREATE, CALLS_READ, MESSAGES_READ]]) {
        const response = await createAs(creator, allow);
        expect({ status: response.status, policy: response.json.policy }).toEqual({ status: 201, policy: { allow } });
      }
    });

    it("lets a restricted key narrow its own policy and rename itself", async () => {
      const key = await createRestrictedKey(server, [KEYS_UPDATE, KEYS_LIST, MESSAGES_ALL]);

      const narrowed = await setPolicy(key, key.sid, [KEYS_UPDATE, MESSAGES_READ]);
      expect({ status: narrowed.status, policy: narrowed.json.policy }).toEqual({
        status: 200,
        policy: { allow: [KEYS_UPDATE, MESSAGES_READ] },
      });
      const renamed = await server.request("POST", `/v1/Keys/${key.sid}`, {
        auth: key,
        form: { FriendlyName: "renamed" },
      });
      expect({ status: renamed.status, name: renamed.json.friendly_name }).toEqual({ status: 200, name: "renamed" });
      // The narrowed policy applies at once: list was dropped.
      const list = await server.request("GET", `/v1/Keys?AccountSid=${server.accountSid}`, { auth: key });
      expectTwilioError(list, 403, 70051);
    });

    it("lets a restricted key set another restricted key's policy within its own, and rename other keys", async () => {
      const manager = await createRestrictedKey(server, [KEYS_UPDATE, MESSAGES_ALL]);
      const broad = await createRestrictedKey(server, [CALLS_ALL]);
      const standard = await createStandardKey(server);

      const repoliced = await setPolicy(manager, broad.sid, [MESSAGES_READ]);
      expect({ status: repoliced.status, policy: repoliced.json.policy }).toEqual({
        status: 200,
        policy: { allow: [MESSAGES_READ] },
      });
      for (const sid of [broad.sid, standard.sid]) {
        const response = await server.request("POST", `/v1/Keys/${sid}`, {
          auth: manager,
          form: { FriendlyName: "renamed by a key" },
        });
        expect(response.status).toBe(200);
      }
    });

    it("lets a restricted key holding api-keys/delete delete standard and restricted keys", async () => {
      const deleter = await createRestrictedKey(server, [KEYS_DELETE]);
      const standard = await createStandardKey(server);
      const restricted = await createRestrictedKey(server, [CALLS_ALL]);

      expect((await server.request("DELETE", `/v1/Keys/${standard.sid}`, { auth: deleter })).status).toBe(204);
      expect((await server.request("DELETE", v2010("Keys", restricted.sid), { auth: deleter })).status).toBe(204);
      expect((await storedKeys(server)).map((key) => key.sid)).toEqual([deleter.sid]);
    });

    it("still lets the Auth Token and a Main key create, change and delete any key, Main keys included", async () => {
      const main = await server.createMainKey("main");
      const mainAuth = { user: main.sid, password: main.secret };
      const otherMain = await server.createMainKey("other main");

      for (const auth of [owner, mainAuth]) {
        expect((await createAs(auth, [CALLS_ALL, MESSAGES_ALL, KEYS_CREATE])).status).toBe(201);
        const standard = await server.request("POST", "/v1/Keys", { auth, form: { AccountSid: server.accountSid } });
        expect(standard.status).toBe(201);
        expect((await server.request("POST", v2010("SigningKeys"), { auth })).status).toBe(201);
        const rename = await server.request("POST", `/v1/Keys/${otherMain.sid}`, { auth, form: { FriendlyName: "x" } });
        expect(rename.status).toBe(200);
      }
      expect((await server.request("DELETE", `/v1/Keys/${otherMain.sid}`, { auth: mainAuth })).status).toBe(204);
      expect((await server.request("DELETE", v2010("Keys", main.sid), { auth: owner })).status).toBe(204);
    });

    it("lets a parent's Auth Token change and delete its subaccount's Main key", async () => {
      const sub = await createSubaccount(server);
      const subMain = await createMainKeyIn(server, sub.sid);
      const path = `/2010-04-01/Accounts/${sub.sid}/Keys/${subMain.sid}.json`;

      const rename = await server.request("POST", path, { auth: owner, form: { FriendlyName: "renamed" } });
      expect(rename.status).toBe(200);
      expect((await server.request("DELETE", path, { auth: owner })).status).toBe(204);
    });
  });

  describe("refuses keys that would raise their own rights", () => {
    it("refuses a standard key from a restricted key holding only api-keys/create on every create route", async () => {
      const creator = await createRestrictedKey(server, [KEYS_CREATE]);

      await expectNothingWritten(server, async () => {
        const v1 = await server.request("POST", "/v1/Keys", {
          auth: creator,
          form: { AccountSid: server.accountSid, FriendlyName: "standard by a key" },
        });
        expect(expectTwilioError(v1, 403, 70051)).toBe(ONLY_RESTRICTED);
        for (const segment of ["Keys", "SigningKeys"]) {
          const response = await server.request("POST", v2010(segment), { auth: creator });
          expect(expectTwilioError(response, 403, 70051)).toBe(ONLY_RESTRICTED);
        }
      });
    });

    it("refuses a restricted key broader than the creator's, naming what exceeded", async () => {
      const creator = await createRestrictedKey(server, [KEYS_CREATE, MESSAGES_READ]);

      await expectNothingWritten(server, async () => {
        const broader = await createAs(creator, [MESSAGES_READ, CALLS_ALL]);
        expect(expectTwilioError(broader, 403, 70051)).toBe(
          `Authorization Failed: the new key's policy grants '${CALLS_ALL}', which this key does not hold`,
        );
        // A requested wildcard is covered only by the same wildcard.
        const wildcard = await createAs(creator, [MESSAGES_ALL]);
        expect(expectTwilioError(wildcard, 403, 70051)).toBe(
          `Authorization Failed: the new key's policy grants '${MESSAGES_ALL}', which this key does not hold`,
        );
        const several = await createAs(creator, [CALLS_READ, MESSAGES_READ, CALLS_ALL, KEYS_DELETE]);
        expect(expectTwilioError(several, 403, 70051)).toBe(
          `Authorization Failed: the new key's policy grants '${CALLS_READ}' and 2 more permissions, which this key does not hold`,
        );
      });
    });

    it("refuses a restricted key that would widen its own policy, and keeps the policy it had", async () => {
      const key = await createRestrictedKey(server, [KEYS_UPDATE, MESSAGES_READ]);

      await expectNothingWritten(server, async () => {
        const widened = await setPolicy(key, key.sid, [KEYS_UPDATE, MESSAGES_READ, CALLS_ALL]);
        expect(expectTwilioError(widened, 403, 70051)).toBe(
          `Authorization Failed: a key may not widen its own policy: the new policy grants '${CALLS_ALL}', which this key does not hold`,
        );
        const wildcard = await setPolicy(key, key.sid, [KEYS_UPDATE, MESSAGES_ALL]);
        expect(expectTwilioError(wildcard, 403, 70051)).toBe(
          `Authorization Failed: a key may not widen its own policy: the new policy grants '${MESSAGES_ALL}', which this key does not hold`,
        );
      });
      const list = await server.request("GET", `/v1/Keys?AccountSid=${server.accountSid}`, { auth: key });
      expectTwilioError(list, 403, 70051);
    });

    it("refuses to set another restricted key's policy beyond the caller's own", async () => {
      const manager = await createRestrictedKey(server, [KEYS_UPDATE, MESSAGES_READ]);
      const other = await createRestrictedKey(server, [MESSAGES_READ]);

      await expectNothingWritten(server, async () => {
        const response = await setPolicy(manager, other.sid, [KEYS_DELETE]);
        expect(expectTwilioError(response, 403, 70051)).toBe(
          `Authorization Failed: the new policy grants '${KEYS_DELETE}', which this key does not hold`,
        );
      });
    });

    it("refuses a restricted key deleting a Main key on both APIs; the Main key keeps working", async () => {
      const deleter = await createRestrictedKey(server, [KEYS_DELETE]);
      const main = await server.createMainKey("main");

      await expectNothingWritten(server, async () => {
        for (const path of [`/v1/Keys/${main.sid}`, v2010("Keys", main.sid), v2010("SigningKeys", main.sid)]) {
          expect(expectTwilioError(await server.request("DELETE", path, { auth: deleter }), 403, 70051)).toBe(
            MAIN_DELETE,
          );
        }
      });
      const probe = await server.request("GET", `/v1/Keys/${main.sid}`, {
        auth: { user: main.sid, password: main.secret },
      });
      expect(probe.status).toBe(200);
    });

    it("refuses a restricted key renaming a Main key on both APIs", async () => {
      const renamer = await createRestrictedKey(server, [KEYS_UPDATE]);
      const main = await server.createMainKey("main");

      await expectNothingWritten(server, async () => {
        for (const path of [`/v1/Keys/${main.sid}`, v2010("Keys", main.sid)]) {
          const response = await server.request("POST", path, { auth: renamer, form: { FriendlyName: "taken" } });
          expect(expectTwilioError(response, 403, 70051)).toBe(MAIN_CHANGE);
        }
      });
    });

    it("answers 404, not 403, for a Main key of another account", async () => {
      const deleter = await createRestrictedKey(server, [KEYS_DELETE, KEYS_UPDATE]);
      const other = await server.createOtherAccount();
      const otherMain = await createMainKeyIn(server, other.accountSid);

      await expectNothingWritten(server, async () => {
        const path = `/v1/Keys/${otherMain.sid}`;
        expectNotFound(await server.request("DELETE", path, { auth: deleter }), path);
        expectNotFound(await server.request("POST", path, { auth: deleter, form: { FriendlyName: "x" } }), path);
      });
    });

    it("still answers 401/20003 to a standard key on key management", async () => {
      const standard = await createStandardKey(server);
      await expectNothingWritten(server, async () => {
        expectAuthenticate(await createAs(standard, [MESSAGES_READ]));
      });
    });
  });
});

describe("key rights with LATCHKEY_KEY_ESCALATION=twilio", () => {
  const { server } = useServer({ keyEscalation: "twilio" });

  it("lets a restricted key holding only api-keys/create create standard and broader restricted keys", async () => {
    const creator = await createRestrictedKey(server, [KEYS_CREATE]);

    const standard = await server.request("POST", "/v1/Keys", {
      auth: creator,
      form: { AccountSid: server.accountSid },
    });
    expect({ status: standard.status, policy: standard.json.policy }).toEqual({ status: 201, policy: null });
    const v2010 = await server.request("POST", `/2010-04-01/Accounts/${server.accountSid}/SigningKeys.json`, {
      auth: creator,
    });
    expect(v2010.status).toBe(201);
    const broader = await createKeyIn(server, creator, server.accountSid, {
      KeyType: "restricted",
      Policy: JSON.stringify({ allow: [CALLS_ALL] }),
    });
    expect(broader.body.policy).toEqual({ allow: [CALLS_ALL] });
  });

  it("lets a restricted key widen its own policy", async () => {
    const key = await createRestrictedKey(server, [KEYS_UPDATE]);

    const response = await server.request("POST", `/v1/Keys/${key.sid}`, {
      auth: key,
      form: { Policy: JSON.stringify({ allow: [KEYS_UPDATE, KEYS_LIST] }) },
    });
    expect(response.status).toBe(200);
    const list = await server.request("GET", `/v1/Keys?AccountSid=${server.accountSid}`, { auth: key });
    expect(list.status).toBe(200);
  });

  it("lets a restricted key rename and delete a Main key", async () => {
    const key = await createRestrictedKey(server, [KEYS_UPDATE, KEYS_DELETE]);
    const main = await server.createMainKey("main");

    const rename = await server.request("POST", `/v1/Keys/${main.sid}`, { auth: key, form: { FriendlyName: "x" } });
    expect(rename.status).toBe(200);
    expect((await server.request("DELETE", `/v1/Keys/${main.sid}`, { auth: key })).status).toBe(204);
  });
});

describe("LATCHKEY_KEY_ESCALATION", () => {
  it("defaults to strict and accepts twilio", () => {
    expect(loadConfig({}).keyEscalation).toBe("strict");
    expect(loadConfig({ LATCHKEY_KEY_ESCALATION: "twilio" }).keyEscalation).toBe("twilio");
    expect(loadConfig({ LATCHKEY_KEY_ESCALATION: "strict" }).keyEscalation).toBe("strict");
  });

  it("refuses any other value with a clear message", () => {
    expect(() => loadConfig({ LATCHKEY_KEY_ESCALATION: "lax" })).toThrowError(
      new ConfigError("LATCHKEY_KEY_ESCALATION must be one of strict, twilio"),
    );
  });
});
