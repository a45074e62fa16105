/**
 * Who reaches which account, cell by cell: every caller credential × every target account × every
 * Key and Account endpoint. The expected answer of each cell comes from `expectedOutcome`, a direct
 * reading of the documented rules that shares no code with the implementation.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ACCOUNTS_PATH,
  accountPath,
  changeAccountEverywhere,
  createKeyIn,
  createRestrictedKeyIn,
  createSubaccount,
  setStatusThroughApi,
} from "../support/account-fixtures.js";
import {
  type Credentials,
  expectAuthenticate,
  expectNotFound,
  expectTwilioError,
  ownerCredentials,
  storedKeys,
} from "../support/route-fixtures.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

// ---------------------------------------------------------------------------------------------
// The world, as the rules see it.

type AccountName = "parent" | "sub" | "sibling" | "closed sub" | "suspended sub" | "stranger";
type Status = "active" | "suspended" | "closed";

/** Each account's parent (null for a top-level account) and status. */
const ACCOUNTS: Readonly<Record<AccountName, { readonly parent: AccountName | null; readonly status: Status }>> = {
  parent: { parent: null, status: "active" },
  sub: { parent: "parent", status: "active" },
  sibling: { parent: "parent", status: "active" },
  "closed sub": { parent: "parent", status: "closed" },
  "suspended sub": { parent: "parent", status: "suspended" },
  stranger: { parent: null, status: "active" },
};
const TARGETS = Object.keys(ACCOUNTS) as AccountName[];

type CredentialKind = "auth token" | "main key" | "standard key" | "restricted key";

interface CallerSpec {
  readonly name: string;
  readonly kind: CredentialKind;
  readonly account: AccountName;
}

const CALLERS: readonly CallerSpec[] = [
  { name: "parent auth token", kind: "auth token", account: "parent" },
  { name: "parent main key", kind: "main key", account: "parent" },
  { name: "parent standard key", kind: "standard key", account: "parent" },
  { name: "parent restricted key", kind: "restricted key", account: "parent" },
  { name: "subaccount auth token", kind: "auth token", account: "sub" },
  { name: "suspended subaccount auth token", kind: "auth token", account: "suspended sub" },
  { name: "closed subaccount auth token", kind: "auth token", account: "closed sub" },
];

/** What the parent's restricted key may do. */
const RESTRICTED_GRANTS = [
  "/twilio/iam/accounts/read",
  "/twilio/iam/accounts/list",
  "/twilio/iam/api-keys/read",
  "/twilio/iam/api-keys/list",
];

type EndpointKind = "key fetch" | "key list" | "account fetch" | "account list" | "account rename" | "account status";

interface EndpointSpec {
  readonly name: string;
  readonly kind: EndpointKind;
  /** The restricted-key permission a read needs; writes to accounts need what no policy grants. */
  readonly permission: string | null;
  /** For Key endpoints: which API and, for 2010, which segment and list property. */
  readonly keyApi?: { readonly segment: "Keys" | "SigningKeys" | "v1"; readonly listKey: string };
}

const V1_KEYS = { segment: "v1", listKey: "keys" } as const;

const ENDPOINTS: readonly EndpointSpec[] = [
  { name: "GET /v1/Keys/{Sid}", kind: "key fetch", permission: "/twilio/iam/api-keys/read", keyApi: V1_KEYS },
  { name: "GET /v1/Keys?AccountSid=", kind: "key list", permission: "/twilio/iam/api-keys/list", keyApi: V1_KEYS },
  ...(["Keys", "SigningKeys"] as const).flatMap((segment): EndpointSpec[] => {
    const keyApi = { segment, listKey: segment === "Keys" ? "keys" : "signing_keys" };
    return [
      { name: `GET 2010 ${segment}/{Sid}`, kind: "key fetch", permission: "/twilio/iam/api-keys/read", keyApi },
      { name: `GET 2010 ${segment}`, kind: "key list", permission: "/twilio/iam/api-keys/list", keyApi },
    ];
  }),
  { name: "GET 2010 Accounts/{Sid}", kind: "account fetch", permission: "/twilio/iam/accounts/read" },
  { name: "GET 2010 Accounts", kind: "account list", permission: "/twilio/iam/accounts/list" },
  { name: "POST 2010 Accounts/{Sid} FriendlyName", kind: "account rename", permission: null },
  { name: "POST 2010 Accounts/{Sid} Status", kind: "account status", permission: null },
];

/** The status a status-change cell asks for: the move away from the target's current status. */
const REQUESTED_STATUS: Readonly<Record<Status, Status>> = {
  active: "suspended",
  suspended: "active",
  closed: "active",
};

// ---------------------------------------------------------------------------------------------
// The rules.

type Outcome =
  | { readonly status: 200; readonly listed?: boolean; readonly showsToken: boolean }
  | { readonly status: 401 }
  | { readonly status: 400 | 403 | 404; readonly code: number };

function isUsable(account: AccountName): boolean {
  const { parent, status } = ACCOUNTS[account];
  return status === "active" && (parent === null || isUsable(parent));
}

/**
 * The documented rules, read in order:
 * 1. Credentials of a suspended or closed account, or of a subaccount whose parent is, do not authenticate.
 * 2. Standard keys never reach Accounts or Keys (401).
 * 3. Restricted keys need the endpoint's permission, and can never create or update accounts (403/70051).
 * 4. A credential reaches its own account; only an account's auth token also reaches its subaccounts.
 *    Anything unreachable is 404, and the account list shows exactly the reachable accounts.
 * 5. Only the parent changes a subaccount's status; the top-level account's never changes (403/20006).
 *    A closed account stays closed (400/20001).
 * 6. A closed or suspended subaccount cannot be renamed by its parent (403/20005).
 * auth_token is shown to auth tokens and Main keys, null to restricted keys, and never for a closed account.
 */
function expectedOutcome(caller: CallerSpec, endpoint: EndpointSpec, target: AccountName): Outcome {
  if (!isUsable(caller.account)) return { status: 401 };
  if (caller.kind === "standard key") return { status: 401 };
  if (
    caller.kind === "restricted key" &&
    (endpoint.permission === null || !RESTRICTED_GRANTS.includes(endpoint.permission))
  ) {
    return { status: 403, code: 70051 };
  }
  const reaches =
    target === caller.account || (caller.kind === "auth token" && ACCOUNTS[target].parent === caller.account);
  const showsToken =
    (caller.kind === "auth token" || caller.kind === "main key") && ACCOUNTS[target].status !== "closed";
  if (endpoint.kind === "account list") return { status: 200, listed: reaches, showsToken };
  if (!reaches) return { status: 404, code: 20404 };
  if (endpoint.kind === "account rename" && ACCOUNTS[target].status !== "active") return { status: 403, code: 20005 };
  if (endpoint.kind === "account status") {
    const parent = ACCOUNTS[target].parent;
    if (parent === null || parent !== caller.account) return { status: 403, code: 20006 };
    if (ACCOUNTS[target].status === "closed") return { status: 400, code: 20001 };
  }
  return { status: 200, showsToken };
}

// ---------------------------------------------------------------------------------------------
// The cells.

interface Cell {
  readonly caller: CallerSpec;
  readonly endpoint: EndpointSpec;
  readonly target: AccountName;
  readonly expected: Outcome;
  readonly label: string;
}

const describeOutcome = (outcome: Outcome) =>
  outcome.status === 200
    ? `200${outcome.listed === undefined ? "" : outcome.listed ? " listed" : " not listed"}`
    : outcome.status === 401
      ? "401/20003"
      : `${outcome.status}/${outcome.code}`;

const CELLS: readonly Cell[] = CALLERS.flatMap((caller) =>
  ENDPOINTS.flatMap((endpoint) =>
    TARGETS.map((target) => {
      const expected = expectedOutcome(caller, endpoint, target);
      return {
        caller,
        endpoint,
        target,
        expected,
        label: `${caller.name} × ${endpoint.name} × ${target} → ${describeOutcome(expected)}`,
      };
    }),
  ),
);

// ---------------------------------------------------------------------------------------------
// The real world, built once: every cell either only reads, or puts back what it changed.

interface RealAccount {
  readonly sid: string;
  readonly authToken: string;
  readonly friendlyName: string;
  /** A standard key of this account, the one the fetch cells ask for. */
  readonly probeKeySid: string;
}

interface World {
  readonly server: TestServer;
  readonly accounts: Readonly<Record<AccountName, RealAccount>>;
  readonly callers: ReadonlyMap<string, Credentials>;
}

async function buildWorld(): Promise<World> {
  const server = await startTestServer();
  const owner = ownerCredentials(server);
  const other = await server.createOtherAccount();
  const stranger = { user: other.accountSid, password: other.authToken };

  const real = async (sid: string, authToken: string, auth: Credentials): Promise<RealAccount> => {
    const probeKey = await createKeyIn(server, auth, sid, { FriendlyName: "probe" });
    const account = await server.region.store.accounts.findBySid(sid);
    if (account === undefined) throw new Error(`no account ${sid}`);
    return { sid, authToken, friendlyName: account.friendlyName, probeKeySid: probeKey.sid };
  };
  const subaccount = async (friendlyName: string) => {
    const sub = await createSubaccount(server, { friendlyName });
    return real(sub.sid, sub.authToken, owner);
  };

  const accounts: Record<AccountName, RealAccount> = {
    parent: await real(server.accountSid, server.authToken, owner),
    sub: await subaccount("sub"),
    sibling: await subaccount("sibling"),
    "closed sub": await subaccount("closed sub"),
    "suspended sub": await subaccount("suspended sub"),
    stranger: await real(other.accountSid, other.authToken, stranger),
  };

  const main = await server.createMainKey();
  const standard = await createKeyIn(server, owner, server.accountSid, { FriendlyName: "standard" });
  const restricted = await createRestrictedKeyIn(server, owner, server.accountSid, RESTRICTED_GRANTS);
  const tokenOf = (name: AccountName) => ({ user: accounts[name].sid, password: accounts[name].authToken });
  const callers = new Map<string, Credentials>([
    ["parent auth token", owner],
    ["parent main key", { user: main.sid, password: main.secret }],
    ["parent standard key", standard],
    ["parent restricted key", restricted],
    ["subaccount auth token", tokenOf("sub")],
    ["suspended subaccount auth token", tokenOf("suspended sub")],
    ["closed subaccount auth token", tokenOf("closed sub")],
  ]);

  for (const name of TARGETS) {
    const status = ACCOUNTS[name].status;
    if (status !== "active") await setStatusThroughApi(server, accounts[name].sid, status);
  }
  return { server, accounts, callers };
}

function requestFor(endpoint: EndpointSpec, targetName: AccountName, target: RealAccount) {
  const keyApi = endpoint.keyApi;
  switch (endpoint.kind) {
    case "key fetch":
      return {
        method: "GET",
        path:
          keyApi?.segment === "v1"
            ? `/v1/Keys/${target.probeKeySid}`
            : `/2010-04-01/Accounts/${target.sid}/${keyApi?.segment}/${target.probeKeySid}.json`,
      };
    case "key list":
      return {
        method: "GET",
        path:
          keyApi?.segment === "v1"
            ? `/v1/Keys?AccountSid=${target.sid}`
            : `/2010-04-01/Accounts/${target.sid}/${keyApi?.segment}.json`,
      };
    case "account fetch":
      return { method: "GET", path: accountPath(target.sid) };
    case "account list":
      return { method: "GET", path: `${ACCOUNTS_PATH}?PageSize=1000` };
    case "account rename":
      return { method: "POST", path: accountPath(target.sid), form: { FriendlyName: "renamed by the matrix" } };
    case "account status":
      return {
        method: "POST",
        path: accountPath(target.sid),
        form: { Status: REQUESTED_STATUS[ACCOUNTS[targetName].status] },
      };
  }
}

describe("isolation matrix: caller × endpoint × target account", () => {
  let world: World;
  beforeAll(async () => {
    world = await buildWorld();
  });
  afterAll(async () => {
    await world.server.close();
  });

  it("covers every caller, endpoint and target", () => {
    expect(CELLS).toHaveLength(CALLERS.length * ENDPOINTS.length * TARGETS.length);
    expect(new Set(CELLS.map((cell) => cell.label)).size).toBe(CELLS.length);
  });

  for (const { caller, endpoint, target: targetName, expected, label } of CELLS) {
    it(label, async () => {
      const { server } = world;
      const auth = world.callers.get(caller.name);
      if (auth === undefined) throw new Error(`no credential for ${caller.name}`);
      const target = world.accounts[targetName];
      const before = await server.region.store.accounts.findBySid(target.sid);
      expect({ name: before?.friendlyName, status: before?.status }).toEqual({
        name: target.friendlyName,
        status: ACCOUNTS[targetName].status,
      });
      const { method, path, form } = requestFor(endpoint, targetName, target);

      const response = await server.request(method, path, { auth, ...(form !== undefined && { form }) });

      try {
        const after = await server.region.store.accounts.findBySid(target.sid);
        if (expected.status === 401) {
          expectAuthenticate(response);
        } else if (expected.status === 404) {
          expectNotFound(response, path.split("?")[0] ?? path);
        } else if (expected.status !== 200) {
          expectTwilioError(response, expected.status, expected.code);
        } else {
          expect(response.status).toBe(200);
          const shownToken = expected.showsToken ? target.authToken : null;
          switch (endpoint.kind) {
            case "key fetch":
              expect(response.json.sid).toBe(target.probeKeySid);
              break;
            case "key list": {
              const listed = response.json[endpoint.keyApi?.listKey ?? ""].map((key: { sid: string }) => key.sid);
              const stored = (await storedKeys(server, target.sid)).map((key) => key.sid);
              expect(listed.sort()).toEqual(stored.sort());
              expect(listed).toContain(target.probeKeySid);
              break;
            }
            case "account fetch":
              expect(response.json).toMatchObject({ sid: target.sid, auth_token: shownToken });
              break;
            case "account list": {
              const entry = response.json.accounts.find((account: { sid: string }) => account.sid === target.sid);
              if (expected.listed === true) expect(entry).toMatchObject({ sid: target.sid, auth_token: shownToken });
              else expect(entry).toBeUndefined();
              break;
            }
            case "account rename":
              expect(response.json).toMatchObject({ sid: target.sid, friendly_name: "renamed by the matrix" });
              expect(after?.friendlyName).toBe("renamed by the matrix");
              break;
            case "account status":
              expect(response.json).toMatchObject({ sid: target.sid, status: form?.Status });
              expect(after?.status).toBe(form?.Status);
              break;
          }
        }
        if (expected.status !== 200) {
          expect({ name: after?.friendlyName, status: after?.status }).toEqual({
            name: target.friendlyName,
            status: ACCOUNTS[targetName].status,
          });
        }
      } finally {
        // Put back whatever a successful write changed, so every cell sees the same world.
        const now = await server.region.store.accounts.findBySid(target.sid);
        if (now?.friendlyName !== target.friendlyName || now.status !== ACCOUNTS[targetName].status) {
          await changeAccountEverywhere(server, target.sid, {
            friendlyName: target.friendlyName,
            status: ACCOUNTS[targetName].status,
            dateUpdated: now?.dateUpdated ?? 0,
          });
        }
      }
    });
  }
});
