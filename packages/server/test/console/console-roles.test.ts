/**
 * The role matrix over real HTTP: every console API operation, for each of the four roles, answers its
 * success status exactly when core's CONSOLE_ROLE_RULES allows it, and otherwise 403/70051 with the message
 * naming the role, having written nothing. Hard-coded spot checks below catch a wrong table too.
 */
import {
  CONSOLE_ACTIONS,
  CONSOLE_ROLE_LABELS,
  CONSOLE_ROLE_RULES,
  CONSOLE_ROLES,
  type ConsoleAction,
  type ConsoleRole,
  createKey,
  createSecondaryAuthToken,
  createSubaccount,
  describeConsoleAction,
  updateAccount,
} from "@latchkey/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONSOLE_TEST_PASSWORD, type ConsoleSignIn, startTestServer, type TestServer } from "../support/test-server.js";
import {
  consoleRequest,
  expectConsoleError,
  MESSAGES_READ,
  regionPath,
  regionState,
  signedInAs,
} from "./console-fixtures.js";

interface ConsoleCall {
  readonly method: "GET" | "POST" | "PUT" | "DELETE";
  readonly path: string;
  readonly body?: unknown;
}

/** One console API operation: the action it is, its success status, and a request made ready for it. */
interface Operation {
  readonly action: ConsoleAction;
  readonly status: 200 | 201 | 204;
  /** Makes what the request acts on (through core, as the owner account) and returns the request. */
  readonly prepare: (server: TestServer) => Promise<ConsoleCall>;
}

const OWNER_ACTOR = { sid: "operator", address: "test" };

function ownerCaller(server: TestServer) {
  return {
    principal: {
      accountSid: server.accountSid,
      credentialSid: server.accountSid,
      credentialType: "auth_token",
      policy: null,
    },
    actor: OWNER_ACTOR,
  } as const;
}

async function keyOfType(server: TestServer, type: "standard" | "restricted" | "main"): Promise<string> {
  if (type === "main") return (await server.createMainKey("matrix main")).sid;
  const input =
    type === "standard"
      ? { accountSid: server.accountSid, friendlyName: "matrix", type }
      : { accountSid: server.accountSid, friendlyName: "matrix", type, policy: { allow: [MESSAGES_READ] } };
  return (await createKey(server.region, ownerCaller(server), input)).key.sid;
}

async function subaccount(server: TestServer, status: "active" | "suspended" = "active"): Promise<string> {
  const { account } = await createSubaccount(server.region, ownerCaller(server), { friendlyName: "matrix sub" });
  if (status === "suspended") await updateAccount(server.region, ownerCaller(server), account.sid, { status });
  return account.sid;
}

const keys = regionPath("us1", "keys");
const tokens = regionPath("us1", "auth-tokens");
const subaccounts = regionPath("us1", "subaccounts");
const KEY_TYPES = ["standard", "restricted", "main"] as const;

const OPERATIONS: readonly Operation[] = [
  {
    action: "regions.select",
    status: 200,
    prepare: async () => ({ method: "PUT", path: "/console/api/preferences", body: { region: "us1" } }),
  },
  {
    action: "users.change_own_password",
    status: 200,
    prepare: async () => ({
      method: "POST",
      path: "/console/api/password",
      body: { current_password: CONSOLE_TEST_PASSWORD, new_password: `${CONSOLE_TEST_PASSWORD} changed` },
    }),
  },
  {
    action: "permission_catalog.read",
    status: 200,
    prepare: async () => ({ method: "GET", path: regionPath("us1", "permissions") }),
  },
  { action: "keys.list", status: 200, prepare: async () => ({ method: "GET", path: keys }) },
  {
    action: "keys.read",
    status: 200,
    prepare: async (server) => ({ method: "GET", path: `${keys}/${await keyOfType(server, "standard")}` }),
  },
  ...KEY_TYPES.map(
    (type): Operation => ({
      action: `keys.create.${type}`,
      status: 201,
      prepare: async () => ({
        method: "POST",
        path: keys,
        body: { type, friendly_name: "by matrix", ...(type === "restricted" && { permissions: [MESSAGES_READ] }) },
      }),
    }),
  ),
  ...KEY_TYPES.map(
    (type): Operation => ({
      action: `keys.rename.${type}`,
      status: 200,
      prepare: async (server) => ({
        method: "POST",
        path: `${keys}/${await keyOfType(server, type)}`,
        body: { friendly_name: "renamed" },
      }),
    }),
  ),
  ...KEY_TYPES.map(
    (type): Operation => ({
      action: `keys.delete.${type}`,
      status: 204,
      prepare: async (server) => ({ method: "DELETE", path: `${keys}/${await keyOfType(server, type)}` }),
    }),
  ),
  {
    action: "keys.edit_permissions",
    status: 200,
    prepare: async (server) => ({
      method: "POST",
      path: `${keys}/${await keyOfType(server, "restricted")}`,
      body: { permissions: ["/twilio/iam/api-keys/list"] },
    }),
  },
  { action: "auth_tokens.list", status: 200, prepare: async () => ({ method: "GET", path: tokens }) },
  {
    action: "auth_tokens.read_primary",
    status: 200,
    prepare: async () => ({ method: "POST", path: `${tokens}/primary/reveal` }),
  },
  {
    action: "auth_tokens.create_secondary",
    status: 201,
    prepare: async () => ({ method: "POST", path: `${tokens}/secondary` }),
  },
  {
    action: "auth_tokens.promote",
    status: 200,
    prepare: async (server) => {
      await createSecondaryAuthToken(server.region, ownerCaller(server));
      return { method: "POST", path: `${tokens}/promote` };
    },
  },
  {
    action: "auth_tokens.delete_secondary",
    status: 204,
    prepare: async (server) => {
      await createSecondaryAuthToken(server.region, ownerCaller(server));
      return { method: "DELETE", path: `${tokens}/secondary` };
    },
  },
  { action: "subaccounts.list", status: 200, prepare: async () => ({ method: "GET", path: subaccounts }) },
  {
    action: "subaccounts.create",
    status: 201,
    prepare: async () => ({ method: "POST", path: subaccounts, body: { friendly_name: "by matrix" } }),
  },
  {
    action: "subaccounts.rename",
    status: 200,
    prepare: async (server) => ({
      method: "POST",
      path: `${subaccounts}/${await subaccount(server)}`,
      body: { friendly_name: "renamed" },
    }),
  },
  {
    action: "subaccounts.suspend",
    status: 200,
    prepare: async (server) => ({
      method: "POST",
      path: `${subaccounts}/${await subaccount(server)}`,
      body: { status: "suspended" },
    }),
  },
  {
    action: "subaccounts.reactivate",
    status: 200,
    prepare: async (server) => ({
      method: "POST",
      path: `${subaccounts}/${await subaccount(server, "suspended")}`,
      body: { status: "active" },
    }),
  },
  {
    action: "subaccounts.close",
    status: 200,
    prepare: async (server) => ({
      method: "POST",
      path: `${subaccounts}/${await subaccount(server)}`,
      body: { status: "closed" },
    }),
  },
];

/** The one action that is a page of the console, not a request: it opens the create form prefilled. */
const PAGE_ONLY_ACTIONS: readonly ConsoleAction[] = ["keys.duplicate"];

describe("the console role matrix", () => {
  let server: TestServer;
  const browsers = new Map<ConsoleRole, ConsoleSignIn>();
  beforeAll(async () => {
    server = await startTestServer();
    const signedIn = await Promise.all(CONSOLE_ROLES.map((role) => signedInAs(server, role)));
    for (const [index, role] of CONSOLE_ROLES.entries()) browsers.set(role, signedIn[index] as ConsoleSignIn);
  });
  afterAll(() => server.close());

  const browserOf = (role: ConsoleRole): ConsoleSignIn => {
    const browser = browsers.get(role);
    if (browser === undefined) throw new Error(`no ${role} signed in`);
    return browser;
  };
  const send = (role: ConsoleRole, call: ConsoleCall) =>
    consoleRequest(server, browserOf(role), call.method, call.path, call.body);

  it("covers every action of the role table with an operation (or names it a page-only action)", () => {
    const covered = [...OPERATIONS.map((operation) => operation.action), ...PAGE_ONLY_ACTIONS].sort();
    expect(covered).toEqual([...CONSOLE_ACTIONS].sort());
  });

  describe.each(CONSOLE_ROLES)("%s", (role) => {
    it("is told in the session JSON exactly its row of the role table", async () => {
      const response = await consoleRequest(server, browserOf(role), "GET", "/console/api/session");
      const row = Object.fromEntries(CONSOLE_ACTIONS.map((action) => [action, CONSOLE_ROLE_RULES[action][role]]));
      expect(response.json.actions).toEqual(row);
      expect(response.json.user.role).toBe(role);
    });

    it.each(OPERATIONS.map((operation) => [operation.action, operation] as const))("%s", async (action, operation) => {
      const call = await operation.prepare(server);
      const before = await regionState(server);
      const response = await send(role, call);
      if (CONSOLE_ROLE_RULES[action][role]) {
        expect({ status: response.status, body: response.status >= 400 ? response.json : null }).toEqual({
          status: operation.status,
          body: null,
        });
        return;
      }
      const message = `Authorization Failed: the ${CONSOLE_ROLE_LABELS[role]} role may not ${describeConsoleAction(action)}`;
      expectConsoleError(response, 403, 70051, message);
      expect(await regionState(server)).toEqual(before);
    });
  });

  describe("spot checks that do not read the table", () => {
    it("refuses a Main key to a Developer, in words", async () => {
      const before = await regionState(server);
      const response = await send("developer", {
        method: "POST",
        path: keys,
        body: { type: "main", friendly_name: "no" },
      });
      expectConsoleError(response, 403, 70051, "Authorization Failed: the Developer role may not create Main keys");
      expect(await regionState(server)).toEqual(before);
    });

    it("lets a Developer make, rename and delete Standard and Restricted keys, but not touch a Main key", async () => {
      const made = await send("developer", {
        method: "POST",
        path: keys,
        body: { type: "restricted", friendly_name: "dev", permissions: [MESSAGES_READ] },
      });
      expect(made.status).toBe(201);
      const path = `${keys}/${made.json.key.sid}`;
      expect((await send("developer", { method: "POST", path, body: { friendly_name: "dev 2" } })).status).toBe(200);
      expect((await send("developer", { method: "DELETE", path })).status).toBe(204);
      const main = await server.createMainKey("owner's main");
      const mainPath = `${keys}/${main.sid}`;
      expectConsoleError(
        await send("developer", { method: "POST", path: mainPath, body: { friendly_name: "mine" } }),
        403,
        70051,
        "Authorization Failed: the Developer role may not rename Main keys",
      );
      expectConsoleError(
        await send("developer", { method: "DELETE", path: mainPath }),
        403,
        70051,
        "Authorization Failed: the Developer role may not delete Main keys",
      );
      expect((await send("developer", { method: "GET", path: mainPath })).status).toBe(200);
      expectConsoleError(
        await send("developer", { method: "GET", path: subaccounts }),
        403,
        70051,
        "Authorization Failed: the Developer role may not list subaccounts",
      );
      expectConsoleError(
        await send("developer", { method: "POST", path: `${tokens}/primary/reveal` }),
        403,
        70051,
        "Authorization Failed: the Developer role may not reveal the primary auth token",
      );
    });

    it("refuses a Standard key to Read-only, and lets it read", async () => {
      const before = await regionState(server);
      const response = await send("read-only", { method: "POST", path: keys, body: { type: "standard" } });
      expectConsoleError(response, 403, 70051, "Authorization Failed: the Read-only role may not create Standard keys");
      expect(await regionState(server)).toEqual(before);
      expect((await send("read-only", { method: "GET", path: keys })).status).toBe(200);
      expect((await send("read-only", { method: "GET", path: tokens })).status).toBe(200);
    });

    it("names the refused subaccount change, not the list, when a Developer tries one", async () => {
      const sid = await subaccount(server);
      const path = `${subaccounts}/${sid}`;
      for (const [body, words] of [
        [{ friendly_name: "x" }, "rename subaccounts"],
        [{ status: "suspended" }, "suspend subaccounts"],
        [{ status: "closed" }, "close subaccounts"],
      ] as const) {
        const response = await send("developer", { method: "POST", path, body });
        expectConsoleError(response, 403, 70051, `Authorization Failed: the Developer role may not ${words}`);
      }
      expect((await server.region.store.accounts.findBySid(sid))?.status).toBe("active");
    });

    it("lets an Administrator create a Main key and close a subaccount", async () => {
      const main = await send("administrator", {
        method: "POST",
        path: keys,
        body: { type: "main", friendly_name: "admin" },
      });
      expect({ status: main.status, type: main.json.key.type }).toEqual({ status: 201, type: "main" });
      const sid = await subaccount(server);
      const closed = await send("administrator", {
        method: "POST",
        path: `${subaccounts}/${sid}`,
        body: { status: "closed" },
      });
      expect({ status: closed.status, body: closed.json.status }).toEqual({ status: 200, body: "closed" });
      expect((await server.region.store.accounts.findBySid(sid))?.status).toBe("closed");
    });

    it("refuses a Read-only rename of a Restricted key and its permissions, changing nothing", async () => {
      const sid = await keyOfType(server, "restricted");
      const before = await server.region.store.keys.findBySid(sid);
      const path = `${keys}/${sid}`;
      expectConsoleError(
        await send("read-only", { method: "POST", path, body: { friendly_name: "x" } }),
        403,
        70051,
        "Authorization Failed: the Read-only role may not rename Restricted keys",
      );
      expectConsoleError(
        await send("read-only", { method: "POST", path, body: { permissions: ["/twilio/iam/api-keys/list"] } }),
        403,
        70051,
        "Authorization Failed: the Read-only role may not edit a key's permissions",
      );
      expect(await server.region.store.keys.findBySid(sid)).toEqual(before);
    });
  });
});
