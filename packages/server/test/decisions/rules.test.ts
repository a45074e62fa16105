/**
 * The rules a decision applies: standard keys stay out of key and account management, restricted keys
 * get exactly their policy (or a resource's `*`), the path's account must be reachable, and deleting a
 * key, changing a policy or suspending an account takes effect on the next decision.
 */
import { beforeEach, describe, expect, it } from "vitest";
import knownPermissions from "../../../core/src/data/permissions.json" with { type: "json" };
import {
  createKeyIn,
  createMainKeyIn,
  createRestrictedKeyIn,
  createSubaccount,
  type Subaccount,
  setStatusInStore,
  setStatusThroughApi,
} from "../support/account-fixtures.js";
import { type Credentials, createRestrictedKey, ownerCredentials } from "../support/route-fixtures.js";
import { useServer } from "../support/use-server.js";
import {
  AUTHENTICATE,
  allowedBody,
  ask,
  type Callers,
  checkRequest,
  deniedBody,
  expectDecision,
  lacksPermission,
  noPermissionCovers,
  notFound,
  ownerCallers,
  sid,
  type Who,
} from "./decision-fixtures.js";

const MESSAGES_READ = "/twilio/messaging/messages/read";
const MESSAGES_ALL = "/twilio/messaging/messages/*";
const CALLS_CREATE = "/twilio/voice/calls/create";
const API = "https://api.twilio.com";

describe("decision rules", () => {
  const { server } = useServer();

  const account = (accountSid: string) => `/2010-04-01/Accounts/${accountSid}`;
  const messagePath = (accountSid = server.accountSid) => `${account(accountSid)}/Messages/${sid("SM")}.json`;
  const messagesPath = (accountSid = server.accountSid) => `${account(accountSid)}/Messages.json`;
  const callsPath = (accountSid = server.accountSid) => `${account(accountSid)}/Calls.json`;

  /** Key and account management endpoints across the api, iam and accounts hosts, with their permission. */
  const managementEndpoints = (): ReadonlyArray<readonly [string, string, string]> => [
    ["GET", `${API}${account(server.accountSid)}/Keys.json`, "/twilio/iam/api-keys/list"],
    ["POST", `${API}${account(server.accountSid)}/Keys.json`, "/twilio/iam/api-keys/create"],
    ["GET", `${API}${account(server.accountSid)}/Keys/${sid("SK")}.json`, "/twilio/iam/api-keys/read"],
    ["POST", `${API}${account(server.accountSid)}/Keys/${sid("SK")}.json`, "/twilio/iam/api-keys/update"],
    ["DELETE", `${API}${account(server.accountSid)}/Keys/${sid("SK")}.json`, "/twilio/iam/api-keys/delete"],
    ["POST", `${API}${account(server.accountSid)}/SigningKeys.json`, "/twilio/iam/api-keys/create"],
    ["GET", "https://iam.twilio.com/v1/Keys", "/twilio/iam/api-keys/list"],
    ["POST", "https://iam.twilio.com/v1/Keys", "/twilio/iam/api-keys/create"],
    ["DELETE", `https://iam.twilio.com/v1/Keys/${sid("SK")}`, "/twilio/iam/api-keys/delete"],
    ["GET", `${API}/2010-04-01/Accounts.json`, "/twilio/iam/accounts/list"],
    ["GET", `${API}/2010-04-01/Accounts/${server.accountSid}.json`, "/twilio/iam/accounts/read"],
    ["GET", "https://accounts.twilio.com/v1/Credentials/PublicKeys", "/twilio/iam/public-keys/list"],
  ];

  describe("standard keys and management", () => {
    let callers: Callers;
    beforeEach(async () => {
      callers = await ownerCallers(server, ["/twilio/iam/api-keys/*"]);
    });

    it("denies a standard key every key and account management endpoint with 401/20003", async () => {
      for (const [method, url] of managementEndpoints()) {
        expectDecision(
          await ask(server, callers.standard, method, url),
          deniedBody(callers.standard.who, "management_forbidden", AUTHENTICATE),
          `${method} ${url}`,
        );
      }
    });

    it("denies a standard key management endpoints spelled any way an upstream may accept", async () => {
      const keys = `${API}${account(server.accountSid)}/Keys`;
      for (const url of [
        `${keys}.json/`,
        keys,
        `${keys}.xml`,
        `${API}${account(server.accountSid)}//keys.json`,
        "https://iam.twilio.com/v1/keys",
        "https://iam.twilio.com/v1/Keys/",
        "https://iam.twilio.com/v1/Rooms/../Keys",
        "https://accounts.twilio.com/v1/SafeList/Numbers/",
        "https://accounts.twilio.com/v1/credentials/publickeys",
      ]) {
        expectDecision(
          await ask(server, callers.standard, "GET", url),
          deniedBody(callers.standard.who, "management_forbidden", AUTHENTICATE),
          url,
        );
      }
    });

    it("judges paths the catalog does not know by the rule for unmapped endpoints, not by their host", async () => {
      // Management is a property of catalog endpoints: an unknown path on the iam host manages nothing.
      for (const url of ["https://iam.twilio.com/v1/Anything/Else", "https://accounts.twilio.com/v1/Unknown"]) {
        expectDecision(await ask(server, callers.standard, "GET", url), allowedBody(callers.standard.who, null), url);
      }
    });

    it("allows the Auth Token and a Main key on every management endpoint, naming the permission", async () => {
      for (const caller of [callers.token, callers.main]) {
        for (const [method, url, permission] of managementEndpoints()) {
          expectDecision(
            await ask(server, caller, method, url),
            allowedBody(caller.who, permission),
            `${caller.who.credentialType} ${method} ${url}`,
          );
        }
      }
    });

    it("allows a restricted key the management its policy grants, and nothing else of it", async () => {
      for (const [method, url, permission] of managementEndpoints()) {
        const expected = permission.startsWith("/twilio/iam/api-keys/")
          ? allowedBody(callers.restricted.who, permission)
          : deniedBody(callers.restricted.who, "permission_denied", lacksPermission(permission), permission);
        expectDecision(await ask(server, callers.restricted, method, url), expected, `${method} ${url}`);
      }
    });

    it("allows a standard key, a Main key and the token on routes the catalog does not know, with no permission", async () => {
      for (const caller of [callers.standard, callers.main, callers.token]) {
        for (const url of [`${API}${account(server.accountSid)}/Unknown.json`, "https://example.com/anything"]) {
          expectDecision(await ask(server, caller, "GET", url), allowedBody(caller.who, null), url);
        }
      }
    });
  });

  describe("restricted keys", () => {
    const restrictedWho = (key: { sid: string }): Who => ({
      accountSid: server.accountSid,
      credentialSid: key.sid,
      credentialType: "restricted",
    });

    it("are allowed exactly the endpoints of their permissions", async () => {
      const key = await createRestrictedKey(server, [MESSAGES_READ, CALLS_CREATE]);
      const who = restrictedWho(key);
      const cases: ReadonlyArray<readonly [string, string, string, boolean]> = [
        ["GET", messagePath(), MESSAGES_READ, true],
        ["POST", callsPath(), CALLS_CREATE, true],
        ["GET", messagesPath(), "/twilio/messaging/messages/list", false],
        ["POST", messagesPath(), "/twilio/messaging/messages/create", false],
        ["DELETE", messagePath(), "/twilio/messaging/messages/delete", false],
        ["GET", callsPath(), "/twilio/voice/calls/list", false],
        ["GET", `${account(server.accountSid)}/Calls/${sid("CA")}.json`, "/twilio/voice/calls/read", false],
      ];
      for (const [method, path, permission, allowed] of cases) {
        expectDecision(
          await ask(server, key, method, `${API}${path}`),
          allowed
            ? allowedBody(who, permission)
            : deniedBody(who, "permission_denied", lacksPermission(permission), permission),
          `${method} ${path}`,
        );
      }
    });

    it("take a resource's `*` for every action of that resource, and report the specific permission", async () => {
      const key = await createRestrictedKey(server, [MESSAGES_ALL]);
      const who = restrictedWho(key);
      const cases: ReadonlyArray<readonly [string, string, string]> = [
        ["GET", messagePath(), "/twilio/messaging/messages/read"],
        ["GET", messagesPath(), "/twilio/messaging/messages/list"],
        ["POST", messagesPath(), "/twilio/messaging/messages/create"],
        ["POST", messagePath(), "/twilio/messaging/messages/update"],
        ["DELETE", messagePath(), "/twilio/messaging/messages/delete"],
      ];
      for (const [method, path, permission] of cases) {
        expectDecision(await ask(server, key, method, `${API}${path}`), allowedBody(who, permission), `${method}`);
      }
    });

    it("do not stretch a resource's `*` to a sub-resource or another resource", async () => {
      const key = await createRestrictedKey(server, [MESSAGES_ALL]);
      const who = restrictedWho(key);
      const feedback = "/twilio/messaging/messages.feedback/create";
      const cases: ReadonlyArray<readonly [string, string, string]> = [
        ["POST", `${account(server.accountSid)}/Messages/${sid("SM")}/Feedback.json`, feedback],
        ["POST", callsPath(), CALLS_CREATE],
      ];
      for (const [method, path, permission] of cases) {
        expectDecision(
          await ask(server, key, method, `${API}${path}`),
          deniedBody(who, "permission_denied", lacksPermission(permission), permission),
          path,
        );
      }
    });

    it("need the `*` itself where the catalog opens an endpoint only by a wildcard", async () => {
      const targets = "/twilio/voice/sip.connection-policies.targets/*";
      const url = `https://voice.twilio.com/v1/ConnectionPolicies/${sid("NY")}/Targets`;
      const withTargets = await createRestrictedKey(server, [targets]);
      for (const method of ["GET", "POST"]) {
        expectDecision(await ask(server, withTargets, method, url), allowedBody(restrictedWho(withTargets), targets));
      }
      // The parent resource's `*` is another resource: it does not open the targets.
      const withPolicies = await createRestrictedKey(server, ["/twilio/voice/sip.connection-policies/*"]);
      expectDecision(
        await ask(server, withPolicies, "GET", url),
        deniedBody(restrictedWho(withPolicies), "permission_denied", lacksPermission(targets), targets),
      );
      expectDecision(
        await ask(server, withPolicies, "GET", "https://voice.twilio.com/v1/ConnectionPolicies"),
        allowedBody(restrictedWho(withPolicies), "/twilio/voice/sip.connection-policies/list"),
      );
    });

    it("tell a static segment from a param of the same spelling", async () => {
      const queues = "/twilio/taskrouter/workspaces.task-queues.statistics/list";
      const queue = "/twilio/taskrouter/workspaces.task-queues.instance-statistics/list";
      const key = await createRestrictedKey(server, [queues]);
      const who = restrictedWho(key);
      const base = `https://taskrouter.twilio.com/v1/Workspaces/${sid("WS")}/TaskQueues`;
      expectDecision(await ask(server, key, "GET", `${base}/Statistics`), allowedBody(who, queues));
      expectDecision(
        await ask(server, key, "GET", `${base}/${sid("WQ")}/Statistics`),
        deniedBody(who, "permission_denied", lacksPermission(queue), queue),
      );
      expectDecision(
        await ask(server, key, "GET", `${base}/${sid("WQ")}`),
        deniedBody(
          who,
          "permission_denied",
          lacksPermission("/twilio/taskrouter/workspaces.task-queues/read"),
          "/twilio/taskrouter/workspaces.task-queues/read",
        ),
      );
    });

    it("work with a policy of 100 permissions, the most a key may hold", async () => {
      const others = knownPermissions.permissions
        .map((entry) => entry.permission)
        .filter((name) => !name.startsWith("/twilio/messaging/messages") && !name.startsWith("/twilio/voice/calls"))
        .slice(0, 98);
      const allow = [MESSAGES_READ, ...others, CALLS_CREATE];
      expect(new Set(allow).size).toBe(100);
      const key = await createRestrictedKey(server, allow);
      const who = restrictedWho(key);
      expectDecision(await ask(server, key, "GET", `${API}${messagePath()}`), allowedBody(who, MESSAGES_READ));
      expectDecision(await ask(server, key, "POST", `${API}${callsPath()}`), allowedBody(who, CALLS_CREATE));
      const list = "/twilio/messaging/messages/list";
      expectDecision(
        await ask(server, key, "GET", `${API}${messagesPath()}`),
        deniedBody(who, "permission_denied", lacksPermission(list), list),
      );
    });

    it("meet the endpoint's own permission on every spelling an upstream may treat as it", async () => {
      const key = await createRestrictedKey(server, [MESSAGES_READ]);
      const who = restrictedWho(key);
      const variants = [
        `${messagePath()}/`,
        messagePath().replace(".json", ""),
        messagePath().replace(".json", ".xml"),
        messagePath().replace("/Messages/", "//Messages/"),
        messagePath().replace("/Messages/", "/messages/"),
        messagePath().replace("/Messages/", "/Calls/../Messages/"),
      ];
      for (const path of variants) {
        expectDecision(
          await ask(server, key, "GET", `https://api.twilio.com${path}`),
          allowedBody(who, MESSAGES_READ),
          path,
        );
      }
      const calls = messagePath().replace("/Messages/", "/Messages/../Calls/");
      expectDecision(
        await ask(server, key, "GET", `https://api.twilio.com${calls}`),
        deniedBody(who, "permission_denied", lacksPermission("/twilio/voice/calls/read"), "/twilio/voice/calls/read"),
      );
    });

    it("are denied, naming the method and path, where the catalog knows no route", async () => {
      const key = await createRestrictedKey(server, [MESSAGES_ALL, "/twilio/studio/flows/*"]);
      const who = restrictedWho(key);
      const long = `/v1/${"x".repeat(400)}`;
      const cases: ReadonlyArray<readonly [string, string, string]> = [
        ["GET", "api.twilio.com", `${account(server.accountSid)}/Nothing.json`],
        ["PUT", "api.twilio.com", messagesPath()],
        ["PATCH", "api.twilio.com", messagePath()],
        ["GET", "api.twilio.com", "/"],
        ["GET", "studio.twilio.com", "/v3/Flows"],
        ["GET", "example.com", "/v1/Flows"],
        ["GET", "api.twilio.com", long],
      ];
      for (const [method, host, path] of cases) {
        expectDecision(
          await ask(server, key, method, `https://${host}${path}`),
          deniedBody(who, "no_matching_route", noPermissionCovers(method, path.slice(0, 256))),
          `${method} ${host}${path.slice(0, 80)}`,
        );
      }
    });
  });

  describe("account reach", () => {
    let callers: Callers;
    let sub: Subaccount;
    let sibling: Subaccount;
    beforeEach(async () => {
      callers = await ownerCallers(server, [MESSAGES_READ, "/twilio/iam/accounts/read"]);
      sub = await createSubaccount(server, { friendlyName: "sub" });
      sibling = await createSubaccount(server, { friendlyName: "sibling" });
    });
    const subTokenWho = (account: Subaccount): Who => ({
      accountSid: account.sid,
      credentialSid: account.sid,
      credentialType: "auth_token",
    });
    const unreachable = (who: Who, path: string) => deniedBody(who, "account_not_reachable", notFound(path));

    it("lets the parent's Auth Token act on its subaccounts", async () => {
      for (const target of [sub, sibling]) {
        for (const [method, path, permission] of [
          ["GET", messagePath(target.sid), MESSAGES_READ],
          ["POST", callsPath(target.sid), CALLS_CREATE],
        ] as const) {
          expectDecision(
            await ask(server, callers.token, method, `${API}${path}`),
            allowedBody(callers.token.who, permission),
            path,
          );
        }
      }
    });

    it("keeps every API key of the parent, Main keys included, out of its subaccounts", async () => {
      const path = messagePath(sub.sid);
      for (const caller of [callers.main, callers.standard, callers.restricted]) {
        expectDecision(
          await ask(server, caller, "GET", `${API}${path}`),
          unreachable(caller.who, path),
          caller.who.credentialType,
        );
      }
    });

    it("judges a restricted key's policy before the account", async () => {
      const path = callsPath(sub.sid);
      expectDecision(
        await ask(server, callers.restricted, "POST", `${API}${path}`),
        deniedBody(callers.restricted.who, "permission_denied", lacksPermission(CALLS_CREATE), CALLS_CREATE),
      );
    });

    it("keeps a subaccount's credentials in the subaccount", async () => {
      const subKey = await createKeyIn(server, sub, sub.sid, { FriendlyName: "sub standard" });
      const subKeyWho: Who = { accountSid: sub.sid, credentialSid: subKey.sid, credentialType: "standard" };
      for (const [caller, who] of [
        [sub as Credentials, subTokenWho(sub)],
        [subKey as Credentials, subKeyWho],
      ] as const) {
        expectDecision(
          await ask(server, caller, "GET", `${API}${messagePath(sub.sid)}`),
          allowedBody(who, MESSAGES_READ),
        );
        for (const other of [server.accountSid, sibling.sid]) {
          const path = messagePath(other);
          expectDecision(await ask(server, caller, "GET", `${API}${path}`), unreachable(who, path), other);
        }
      }
    });

    it("keeps unrelated, unknown and malformed accounts out of reach", async () => {
      const other = await server.createOtherAccount();
      const otherWho = subTokenWho({ sid: other.accountSid } as Subaccount);
      const otherCreds = { user: other.accountSid, password: other.authToken };
      for (const [caller, who, target] of [
        [otherCreds, otherWho, server.accountSid],
        [otherCreds, otherWho, sub.sid],
        [callers.token, callers.token.who, other.accountSid],
        [callers.token, callers.token.who, sid("AC", "f")],
        [callers.token, callers.token.who, "ACnope"],
        [callers.main, callers.main.who, other.accountSid],
      ] as const) {
        const path = messagePath(target);
        expectDecision(await ask(server, caller, "GET", `${API}${path}`), unreachable(who, path), target);
      }
    });

    it("keeps other accounts out of reach on paths the catalog does not know", async () => {
      const other = await server.createOtherAccount();
      for (const path of [
        `${account(other.accountSid)}/Whatever.json`,
        `${account(other.accountSid)}/Calls.json/`,
        `${account(other.accountSid)}`,
        `/2010-04-01/accounts/${other.accountSid}/Media/ME1`,
      ]) {
        for (const caller of [callers.token, callers.main]) {
          expectDecision(await ask(server, caller, "GET", `${API}${path}`), unreachable(caller.who, path), path);
        }
      }
    });

    it("treats the account resource itself (/Accounts/{Sid}.json) as the account it names", async () => {
      const read = "/twilio/iam/accounts/read";
      const other = await server.createOtherAccount();
      // The parent's token reads its own account and its subaccounts.
      for (const target of [server.accountSid, sub.sid]) {
        expectDecision(
          await ask(server, callers.token, "GET", `${API}/2010-04-01/Accounts/${target}.json`),
          allowedBody(callers.token.who, read),
          target,
        );
      }
      // Keys read their own account only; nobody reads an unrelated account.
      for (const caller of [callers.main, callers.restricted]) {
        expectDecision(
          await ask(server, caller, "GET", `${API}/2010-04-01/Accounts/${server.accountSid}.json`),
          allowedBody(caller.who, read),
        );
        for (const target of [sub.sid, other.accountSid]) {
          const path = `/2010-04-01/Accounts/${target}.json`;
          expectDecision(await ask(server, caller, "GET", `${API}${path}`), unreachable(caller.who, path), target);
        }
      }
      for (const [caller, who, target] of [
        [sub as Credentials, subTokenWho(sub), server.accountSid],
        [sub as Credentials, subTokenWho(sub), sibling.sid],
        [callers.token as Credentials, callers.token.who, other.accountSid],
      ] as const) {
        const path = `/2010-04-01/Accounts/${target}.json`;
        expectDecision(await ask(server, caller, "GET", `${API}${path}`), unreachable(who, path), target);
      }
    });

    it("lets a subaccount's restricted key act in its own account only", async () => {
      const key = await createRestrictedKeyIn(server, ownerCredentials(server), sub.sid, [MESSAGES_READ]);
      const who: Who = { accountSid: sub.sid, credentialSid: key.sid, credentialType: "restricted" };
      expectDecision(await ask(server, key, "GET", `${API}${messagePath(sub.sid)}`), allowedBody(who, MESSAGES_READ));
      const path = messagePath(server.accountSid);
      expectDecision(await ask(server, key, "GET", `${API}${path}`), unreachable(who, path));
    });
  });

  describe("changes take effect on the next decision", () => {
    const failed = deniedBody(null, "authentication_failed", AUTHENTICATE);

    it("denies a deleted key of each type on the next decision, on both endpoints", async () => {
      const callers = await ownerCallers(server, [MESSAGES_READ]);
      for (const caller of [callers.main, callers.standard, callers.restricted]) {
        const url = `${API}${messagePath()}`;
        expectDecision(await ask(server, caller, "GET", url), allowedBody(caller.who, MESSAGES_READ));
        const deleted = await server.request("DELETE", `/v1/Keys/${caller.who.credentialSid}`, {
          auth: ownerCredentials(server),
        });
        expect(deleted.status).toBe(204);
        expectDecision(await ask(server, caller, "GET", url), failed, caller.who.credentialType);
        const viaHeaders = await checkRequest(server, {
          method: "GET",
          uri: messagePath(),
          host: "api.twilio.com",
          caller,
        });
        expect({ status: viaHeaders.status, body: viaHeaders.json }).toEqual({ status: 401, body: AUTHENTICATE });
      }
    });

    it("applies a restricted key's new policy on the next decision", async () => {
      const key = await createRestrictedKey(server, [MESSAGES_READ]);
      const who: Who = { accountSid: server.accountSid, credentialSid: key.sid, credentialType: "restricted" };
      const messages = `${API}${messagePath()}`;
      const calls = `${API}${callsPath()}`;
      expectDecision(await ask(server, key, "GET", messages), allowedBody(who, MESSAGES_READ));
      const updated = await server.request("POST", `/v1/Keys/${key.sid}`, {
        auth: ownerCredentials(server),
        form: { Policy: JSON.stringify({ allow: [CALLS_CREATE] }) },
      });
      expect(updated.status).toBe(200);
      expectDecision(
        await ask(server, key, "GET", messages),
        deniedBody(who, "permission_denied", lacksPermission(MESSAGES_READ), MESSAGES_READ),
      );
      expectDecision(await ask(server, key, "POST", calls), allowedBody(who, CALLS_CREATE));
    });

    it("denies a suspended subaccount's token and keys on the next decision, and allows them again once active", async () => {
      const sub = await createSubaccount(server);
      const subKey = await createKeyIn(server, sub, sub.sid, { FriendlyName: "sub standard" });
      const subMain = await createMainKeyIn(server, sub.sid);
      const url = `${API}${messagePath(sub.sid)}`;
      const callers: ReadonlyArray<readonly [Credentials, Who]> = [
        [sub, { accountSid: sub.sid, credentialSid: sub.sid, credentialType: "auth_token" }],
        [subKey, { accountSid: sub.sid, credentialSid: subKey.sid, credentialType: "standard" }],
        [subMain, { accountSid: sub.sid, credentialSid: subMain.sid, credentialType: "main" }],
      ];
      for (const [caller, who] of callers) {
        expectDecision(await ask(server, caller, "GET", url), allowedBody(who, MESSAGES_READ));
      }
      await setStatusThroughApi(server, sub.sid, "suspended");
      for (const [caller, who] of callers) {
        expectDecision(await ask(server, caller, "GET", url), failed, `suspended ${who.credentialType}`);
      }
      await setStatusThroughApi(server, sub.sid, "active");
      for (const [caller, who] of callers) {
        expectDecision(
          await ask(server, caller, "GET", url),
          allowedBody(who, MESSAGES_READ),
          `active ${who.credentialType}`,
        );
      }
    });

    it("denies a closed subaccount's token on the next decision", async () => {
      const sub = await createSubaccount(server);
      const url = `${API}${messagePath(sub.sid)}`;
      expect((await ask(server, sub, "GET", url)).json.allowed).toBe(true);
      await setStatusThroughApi(server, sub.sid, "closed");
      expectDecision(await ask(server, sub, "GET", url), failed);
    });

    it("denies a suspended parent's credentials and its subaccounts' on the next decision", async () => {
      const callers = await ownerCallers(server, [MESSAGES_READ]);
      const sub = await createSubaccount(server);
      const subUrl = `${API}${messagePath(sub.sid)}`;
      expect((await ask(server, sub, "GET", subUrl)).json.allowed).toBe(true);
      await setStatusInStore(server, server.accountSid, "suspended");
      for (const caller of [callers.token, callers.main, callers.standard, callers.restricted]) {
        expectDecision(await ask(server, caller, "GET", `${API}${messagePath()}`), failed, caller.who.credentialType);
      }
      expectDecision(await ask(server, sub, "GET", subUrl), failed, "subaccount of a suspended parent");
    });

    it("denies the old Auth Token once a secondary token is promoted", async () => {
      const owner = ownerCredentials(server);
      const who: Who = {
        accountSid: server.accountSid,
        credentialSid: server.accountSid,
        credentialType: "auth_token",
      };
      const url = `${API}${messagePath()}`;
      expectDecision(await ask(server, owner, "GET", url), allowedBody(who, MESSAGES_READ));
      const secondary = await server.request("POST", "/v1/AuthTokens/Secondary", { auth: owner });
      expect(secondary.status).toBe(201);
      const newToken = secondary.json.secondary_auth_token as string;
      const promoted = await server.request("POST", "/v1/AuthTokens/Promote", {
        auth: { user: server.accountSid, password: newToken },
      });
      expect(promoted.status).toBe(200);
      expectDecision(await ask(server, owner, "GET", url), failed);
      expectDecision(
        await ask(server, { user: server.accountSid, password: newToken }, "GET", url),
        allowedBody(who, MESSAGES_READ),
      );
    });
  });
});
