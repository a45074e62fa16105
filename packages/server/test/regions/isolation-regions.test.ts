/**
 * The isolation matrix's region axis: every kind of credential, made in one region, presented in each other
 * region against the Keys, Accounts and AuthTokens endpoints and the decision API, answers exactly as an
 * unknown credential and writes nothing there. The control cells show each credential doing what it may in
 * its own region, so a refusal below is the region's doing and not the credential's.
 */
import type { StoredAccount, StoredAuditEntry } from "@latchkey/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AUTHENTICATE,
  allowedBody,
  ask,
  deniedBody,
  expectDecision,
  lacksPermission,
  type Who,
} from "../decisions/decision-fixtures.js";
import { accountPath } from "../support/account-fixtures.js";
import { type Credentials, expectTwilioError } from "../support/route-fixtures.js";
import { startTestServer, type TestResponse, type TestServer } from "../support/test-server.js";
import {
  createKeyInRegion,
  createSubaccountInRegion,
  crossRegionPairs,
  expectUnknownCredential,
  MADE_UP_KEY,
  ownerIn,
  type RegionName,
  requestIn,
  THREE_REGIONS,
} from "./region-fixtures.js";

type Kind =
  | "owner Auth Token"
  | "owner Main key"
  | "owner standard key"
  | "owner restricted key"
  | "subaccount Auth Token"
  | "subaccount standard key";
const KINDS: readonly Kind[] = [
  "owner Auth Token",
  "owner Main key",
  "owner standard key",
  "owner restricted key",
  "subaccount Auth Token",
  "subaccount standard key",
];
const RESTRICTED_ALLOW = ["/twilio/iam/api-keys/*"];
const MESSAGES_LIST = "/twilio/messaging/messages/list";

interface Credential extends Credentials {
  readonly who: Who;
}

interface World {
  readonly server: TestServer;
  readonly subSid: string;
  /** Each kind of credential, made in each region. */
  readonly credentials: Readonly<Record<RegionName, Readonly<Record<Kind, Credential>>>>;
}

async function buildWorld(): Promise<World> {
  const server = await startTestServer({ regions: THREE_REGIONS });
  const sub = await createSubaccountInRegion(server, "us1", "isolated");
  const credentials = {} as Record<RegionName, Record<Kind, Credential>>;
  for (const region of THREE_REGIONS) {
    const owner = ownerIn(server, region);
    const ownerAccount = server.accountSid;
    const subToken: string = (await requestIn(server, region, "GET", accountPath(sub.sid), { auth: owner })).json
      .auth_token;
    const main = await server.createMainKey(`${region} main`, region);
    const standard = await createKeyInRegion(server, region, owner, { FriendlyName: `${region} standard` });
    const restricted = await createKeyInRegion(server, region, owner, {
      FriendlyName: `${region} restricted`,
      KeyType: "restricted",
      Policy: JSON.stringify({ allow: RESTRICTED_ALLOW }),
    });
    const subStandard = await createKeyInRegion(server, region, owner, { FriendlyName: `${region} sub` }, sub.sid);
    const key = (sid: string, password: string, accountSid: string, credentialType: Who["credentialType"]) => ({
      user: sid,
      password,
      who: { accountSid, credentialSid: sid, credentialType },
    });
    credentials[region] = {
      "owner Auth Token": key(ownerAccount, owner.password, ownerAccount, "auth_token"),
      "owner Main key": key(main.sid, main.secret, ownerAccount, "main"),
      "owner standard key": key(standard.sid, standard.password, ownerAccount, "standard"),
      "owner restricted key": key(restricted.sid, restricted.password, ownerAccount, "restricted"),
      "subaccount Auth Token": key(sub.sid, subToken, sub.sid, "auth_token"),
      "subaccount standard key": key(subStandard.sid, subStandard.password, sub.sid, "standard"),
    };
  }
  return { server, subSid: sub.sid, credentials };
}

type EndpointName =
  | "GET /v1/Keys?AccountSid="
  | "GET 2010 Accounts/{AC}/Keys.json"
  | "GET 2010 Accounts/{AC}.json"
  | "POST /v1/AuthTokens/Secondary"
  | "POST /v1/Authorize";
const ENDPOINTS: readonly EndpointName[] = [
  "GET /v1/Keys?AccountSid=",
  "GET 2010 Accounts/{AC}/Keys.json",
  "GET 2010 Accounts/{AC}.json",
  "POST /v1/AuthTokens/Secondary",
  "POST /v1/Authorize",
];

/** `endpoint` in `region`, as `caller`, about the caller's own account. */
function call(server: TestServer, region: string, endpoint: EndpointName, caller: Credential): Promise<TestResponse> {
  const accountSid = caller.who.accountSid;
  switch (endpoint) {
    case "GET /v1/Keys?AccountSid=":
      return requestIn(server, region, "GET", `/v1/Keys?AccountSid=${accountSid}`, { product: "iam", auth: caller });
    case "GET 2010 Accounts/{AC}/Keys.json":
      return requestIn(server, region, "GET", `/2010-04-01/Accounts/${accountSid}/Keys.json`, { auth: caller });
    case "GET 2010 Accounts/{AC}.json":
      return requestIn(server, region, "GET", accountPath(accountSid), { auth: caller });
    case "POST /v1/AuthTokens/Secondary":
      return requestIn(server, region, "POST", "/v1/AuthTokens/Secondary", { product: "accounts", auth: caller });
    case "POST /v1/Authorize":
      return ask(server, caller, "GET", messagesIn(region, accountSid));
  }
}

const messagesIn = (region: string, accountSid: string) =>
  `https://api.${region}.twilio.com/2010-04-01/Accounts/${accountSid}/Messages.json`;

/** What a region holds that a request could change: its audit log and its copies of both accounts. */
async function regionState(
  world: World,
  region: string,
): Promise<{ audit: StoredAuditEntry[]; accounts: (StoredAccount | undefined)[] }> {
  const store = world.server.regionContext(region).store;
  return {
    audit: await store.audit.listRecent(100_000),
    accounts: [await store.accounts.findBySid(world.server.accountSid), await store.accounts.findBySid(world.subSid)],
  };
}

// One world for the whole matrix, unlike the rest of the suite: its 250-odd cells each need the same 18
// credentials in three regions, and every cross-region cell asserts that it wrote nothing, so a cell that
// did write fails itself rather than leaking silently into the next one.
let world: World;
beforeAll(async () => {
  world = await buildWorld();
});
afterAll(async () => {
  await world?.server.close();
});

describe("a credential presented in another region", () => {
  const cells = crossRegionPairs(THREE_REGIONS).flatMap(({ made, presented }) =>
    KINDS.flatMap((kind) => ENDPOINTS.map((endpoint) => ({ kind, made, presented, endpoint }))),
  );

  it.each(
    cells,
  )("$kind made in $made, presented in $presented: $endpoint is the unknown-credential answer and writes nothing", async ({
    kind,
    made,
    presented,
    endpoint,
  }) => {
    const caller = world.credentials[made][kind];
    const before = await regionState(world, presented);

    const response = await call(world.server, presented, endpoint, caller);

    if (endpoint === "POST /v1/Authorize") {
      expectDecision(response, deniedBody(null, "authentication_failed", AUTHENTICATE));
      const unknown = await call(world.server, presented, endpoint, { ...MADE_UP_KEY, who: caller.who });
      expect(response.json).toEqual(unknown.json);
    } else {
      expectUnknownCredential(response);
    }
    expect(await regionState(world, presented)).toEqual(before);
  });
});

describe("the same credential in its own region (control)", () => {
  type Home = "200" | "401" | "403";
  /** The REST answers each kind gets at home on the three read endpoints, by the documented rules. */
  const REST_AT_HOME: Readonly<
    Record<Kind, Readonly<Record<Exclude<EndpointName, "POST /v1/AuthTokens/Secondary" | "POST /v1/Authorize">, Home>>>
  > = {
    "owner Auth Token": {
      "GET /v1/Keys?AccountSid=": "200",
      "GET 2010 Accounts/{AC}/Keys.json": "200",
      "GET 2010 Accounts/{AC}.json": "200",
    },
    "owner Main key": {
      "GET /v1/Keys?AccountSid=": "200",
      "GET 2010 Accounts/{AC}/Keys.json": "200",
      "GET 2010 Accounts/{AC}.json": "200",
    },
    // Standard keys never reach Accounts or Keys, in any region.
    "owner standard key": {
      "GET /v1/Keys?AccountSid=": "401",
      "GET 2010 Accounts/{AC}/Keys.json": "401",
      "GET 2010 Accounts/{AC}.json": "401",
    },
    "owner restricted key": {
      "GET /v1/Keys?AccountSid=": "200",
      "GET 2010 Accounts/{AC}/Keys.json": "200",
      "GET 2010 Accounts/{AC}.json": "403",
    },
    "subaccount Auth Token": {
      "GET /v1/Keys?AccountSid=": "200",
      "GET 2010 Accounts/{AC}/Keys.json": "200",
      "GET 2010 Accounts/{AC}.json": "200",
    },
    "subaccount standard key": {
      "GET /v1/Keys?AccountSid=": "401",
      "GET 2010 Accounts/{AC}/Keys.json": "401",
      "GET 2010 Accounts/{AC}.json": "401",
    },
  };
  const cells = THREE_REGIONS.flatMap((region) =>
    KINDS.flatMap((kind) =>
      Object.entries(REST_AT_HOME[kind]).map(([endpoint, home]) => ({
        kind,
        region,
        endpoint: endpoint as EndpointName,
        home,
      })),
    ),
  );

  it.each(cells)("$kind in $region: $endpoint answers $home", async ({ kind, region, endpoint, home }) => {
    const response = await call(world.server, region, endpoint, world.credentials[region][kind]);
    if (home === "200") expect(response.status).toBe(200);
    else if (home === "401") expectUnknownCredential(response);
    else expectTwilioError(response, 403, 70051);
  });

  it.each(
    THREE_REGIONS.flatMap((region) =>
      (["owner Auth Token", "subaccount Auth Token"] as const).map((kind) => ({ kind, region })),
    ),
  )("$kind in $region: POST /v1/AuthTokens/Secondary answers 201", async ({ kind, region }) => {
    const caller = world.credentials[region][kind];
    const response = await call(world.server, region, "POST /v1/AuthTokens/Secondary", caller);
    expect({ status: response.status, account: response.json.account_sid }).toEqual({
      status: 201,
      account: caller.who.accountSid,
    });
    // Leave the world as it was: the secondary token goes again.
    const removed = await requestIn(world.server, region, "DELETE", "/v1/AuthTokens/Secondary", {
      product: "accounts",
      auth: caller,
    });
    expect(removed.status).toBe(204);
  });

  it.each(
    THREE_REGIONS.flatMap((region) => KINDS.map((kind) => ({ kind, region }))),
  )("$kind in $region: the decision API judges it as itself", async ({ kind, region }) => {
    const caller = world.credentials[region][kind];
    const response = await call(world.server, region, "POST /v1/Authorize", caller);
    expectDecision(
      response,
      kind === "owner restricted key"
        ? deniedBody(caller.who, "permission_denied", lacksPermission(MESSAGES_LIST), MESSAGES_LIST)
        : allowedBody(caller.who, MESSAGES_LIST),
    );
  });
});
