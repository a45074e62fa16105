/**
 * What the parent's Auth Token may still do with a closed or suspended subaccount: a closed one is read-only
 * (fetch and list), a suspended one accepts reads and a status change only. The REST API and the decision
 * API agree.
 */
import { describe, expect, it } from "vitest";
import { ask } from "../decisions/decision-fixtures.js";
import {
  accountPath,
  createKeyIn,
  createSubaccount,
  type Subaccount,
  setStatusThroughApi,
  worldSnapshot,
} from "../support/account-fixtures.js";
import { expectTwilioError } from "../support/route-fixtures.js";
import type { TestServer } from "../support/test-server.js";
import { useServer } from "../support/use-server.js";

const { server, owner } = useServer();

/** A subaccount with one key, then moved to `status`. */
async function subaccountWithKey(status: "suspended" | "closed"): Promise<{ sub: Subaccount; keySid: string }> {
  const sub = await createSubaccount(server, { friendlyName: `${status} one` });
  const key = await createKeyIn(server, owner, sub.sid, { FriendlyName: "kept" });
  await setStatusThroughApi(server, sub.sid, status);
  return { sub, keySid: key.sid };
}

function expectNotActive(response: Awaited<ReturnType<TestServer["request"]>>, sid: string): void {
  expect(expectTwilioError(response, 403, 20005)).toBe(
    `Account ${sid} is not active: a closed account is read-only and a suspended one accepts only reads and a status change`,
  );
}

describe.each(["closed", "suspended"] as const)("a %s subaccount, to its parent's Auth Token", (status) => {
  it("refuses creating, renaming and deleting keys with 403/20005, writing nothing", async () => {
    const { sub, keySid } = await subaccountWithKey(status);
    const before = await worldSnapshot(server);
    expectNotActive(
      await server.request("POST", "/v1/Keys", { auth: owner, form: { AccountSid: sub.sid, FriendlyName: "new" } }),
      sub.sid,
    );
    expectNotActive(
      await server.request("POST", `/2010-04-01/Accounts/${sub.sid}/Keys.json`, { auth: owner, form: {} }),
      sub.sid,
    );
    expectNotActive(
      await server.request("POST", `/v1/Keys/${keySid}`, { auth: owner, form: { FriendlyName: "renamed" } }),
      sub.sid,
    );
    expectNotActive(await server.request("DELETE", `/v1/Keys/${keySid}`, { auth: owner }), sub.sid);
    expectNotActive(
      await server.request("DELETE", `/2010-04-01/Accounts/${sub.sid}/SigningKeys/${keySid}.json`, { auth: owner }),
      sub.sid,
    );
    expect(await worldSnapshot(server)).toEqual(before);
  });

  it("refuses renaming the account with 403/20005", async () => {
    const { sub } = await subaccountWithKey(status);
    const before = await worldSnapshot(server);
    expectNotActive(
      await server.request("POST", accountPath(sub.sid), { auth: owner, form: { FriendlyName: "renamed" } }),
      sub.sid,
    );
    expect(await worldSnapshot(server)).toEqual(before);
  });

  it("still fetches the account and lists and fetches its keys", async () => {
    const { sub, keySid } = await subaccountWithKey(status);
    const fetched = await server.request("GET", accountPath(sub.sid), { auth: owner });
    expect(fetched.status).toBe(200);
    expect(fetched.json.status).toBe(status);
    const keys = await server.request("GET", `/v1/Keys?AccountSid=${sub.sid}`, { auth: owner });
    expect(keys.status).toBe(200);
    expect(keys.json.keys.map((key: { sid: string }) => key.sid)).toEqual([keySid]);
    expect((await server.request("GET", `/v1/Keys/${keySid}`, { auth: owner })).status).toBe(200);
  });

  it("is denied product writes through the decision API but allowed reads", async () => {
    const { sub } = await subaccountWithKey(status);
    const messages = `https://api.twilio.com/2010-04-01/Accounts/${sub.sid}/Messages.json`;
    const post = await ask(server, owner, "POST", messages);
    expect(post.json).toMatchObject({
      allowed: false,
      reason: "account_not_active",
      account_sid: server.accountSid,
      error: { code: 20005, status: 403 },
    });
    expect((await ask(server, owner, "GET", messages)).json).toMatchObject({ allowed: true, reason: "allowed" });
  });
});

describe("a closed subaccount", () => {
  it("is fetched without its Auth Token", async () => {
    const { sub } = await subaccountWithKey("closed");
    const fetched = await server.request("GET", accountPath(sub.sid), { auth: owner });
    expect(fetched.json.auth_token).toBeNull();
    expect(fetched.text).not.toContain(sub.authToken);
  });

  it("keeps refusing status changes with 400/20001", async () => {
    const { sub } = await subaccountWithKey("closed");
    const response = await server.request("POST", accountPath(sub.sid), { auth: owner, form: { Status: "active" } });
    expect(expectTwilioError(response, 400, 20001)).toBe("A closed account cannot become active");
  });
});

describe("a suspended subaccount", () => {
  it("accepts a status change back to active, after which keys can be made again", async () => {
    const { sub } = await subaccountWithKey("suspended");
    const reactivated = await server.request("POST", accountPath(sub.sid), { auth: owner, form: { Status: "active" } });
    expect(reactivated.status).toBe(200);
    expect(reactivated.json.status).toBe("active");
    const created = await server.request("POST", "/v1/Keys", { auth: owner, form: { AccountSid: sub.sid } });
    expect(created.status).toBe(201);
  });

  it("lets the decision API allow a POST to the account resource (a status change may be in its body)", async () => {
    const { sub } = await subaccountWithKey("suspended");
    const url = `https://api.twilio.com${accountPath(sub.sid)}`;
    expect((await ask(server, owner, "POST", url)).json).toMatchObject({ allowed: true });
  });
});
