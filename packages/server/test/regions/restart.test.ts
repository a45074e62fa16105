/**
 * Restarts on one data dir: a longer region list adds the new region with a copy of every account (each
 * with a new Auth Token, the owner's handed back once), every earlier credential keeps working in its own
 * region, a restart with the same list adds nothing, and a data dir from before the account directory
 * existed starts with its owner unchanged.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { allowedBody, ask } from "../decisions/decision-fixtures.js";
import { accountPath } from "../support/account-fixtures.js";
import type { Credentials } from "../support/route-fixtures.js";
import { startTestServer, type TestServer } from "../support/test-server.js";
import {
  createKeyInRegion,
  createSubaccountInRegion,
  expectUnknownCredential,
  HEX_TOKEN,
  ownerIn,
  requestIn,
} from "./region-fixtures.js";

describe("restarting on the same data dir", () => {
  let dataDir: string;
  const running: TestServer[] = [];
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), "latchkey-regions-restart-"));
  });
  afterEach(async () => {
    for (const server of running.splice(0)) await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const start = async (regions: readonly string[]) => {
    const server = await startTestServer({ regions, dataDir });
    running.push(server);
    return server;
  };
  const stop = async (server: TestServer) => {
    running.splice(running.indexOf(server), 1);
    await server.close();
  };

  /** GET of an account in `region` as `auth`: the status. */
  const accountStatus = async (server: TestServer, region: string, sid: string, auth: Credentials) =>
    (await requestIn(server, region, "GET", accountPath(sid), { auth })).status;
  const messagesIn = (region: string, accountSid: string) =>
    `https://api.${region}.twilio.com/2010-04-01/Accounts/${accountSid}/Messages.json`;

  it("with a longer region list keeps every credential and gives au1 a copy of every account", async () => {
    const first = await start(["us1", "ie1"]);
    const owner = first.accountSid;
    const ownerTokens = { ...first.authTokens };
    expect(Object.keys(ownerTokens).sort()).toEqual(["ie1", "us1"]);
    const keys = {
      us1: await createKeyInRegion(first, "us1", ownerIn(first, "us1"), { FriendlyName: "us1 key" }),
      ie1: await createKeyInRegion(first, "ie1", ownerIn(first, "ie1"), { FriendlyName: "ie1 key" }),
    };
    const ie1Main = await first.createMainKey("ie1 main", "ie1");
    const sub = await createSubaccountInRegion(first, "ie1", "team");
    const subTokens: Record<string, string> = {};
    for (const region of ["us1", "ie1"]) {
      subTokens[region] = (
        await requestIn(first, region, "GET", accountPath(sub.sid), { auth: ownerIn(first, region) })
      ).json.auth_token;
    }
    expect(subTokens.ie1).toBe(sub.authToken);
    await stop(first);

    const second = await start(["us1", "ie1", "au1"]);
    expect(second.accountSid).toBe(owner);
    expect(Object.keys(second.authTokens)).toEqual(["au1"]);
    const au1Token = second.authTokens.au1 ?? "";
    expect(au1Token).toMatch(HEX_TOKEN);
    expect([ownerTokens.us1, ownerTokens.ie1]).not.toContain(au1Token);
    const au1Owner = { user: owner, password: au1Token };
    const au1Keys = await second.request("GET", `/v1/Keys?AccountSid=${owner}`, {
      host: "iam.au1.twilio.com",
      auth: au1Owner,
    });
    expect({ status: au1Keys.status, keys: au1Keys.json.keys }).toEqual({ status: 200, keys: [] });

    const expectEarlierCredentialsWork = async (server: TestServer) => {
      for (const region of ["us1", "ie1"]) {
        const ownerAuth = { user: owner, password: ownerTokens[region as "us1" | "ie1"] ?? "" };
        expect(await accountStatus(server, region, owner, ownerAuth), `owner token in ${region}`).toBe(200);
        const subAuth = { user: sub.sid, password: subTokens[region] ?? "" };
        expect(await accountStatus(server, region, sub.sid, subAuth), `subaccount token in ${region}`).toBe(200);
        const key = keys[region as "us1" | "ie1"];
        expect((await ask(server, key, "GET", messagesIn(region, owner))).json, `${region} key`).toEqual(
          allowedBody(
            { accountSid: owner, credentialSid: key.sid, credentialType: "standard" },
            "/twilio/messaging/messages/list",
          ),
        );
        // Still only in its own region, the new one included.
        for (const elsewhere of ["us1", "ie1", "au1"].filter((other) => other !== region)) {
          expect(
            (await ask(server, key, "GET", messagesIn(elsewhere, owner))).json.reason,
            `${region} key in ${elsewhere}`,
          ).toBe("authentication_failed");
        }
      }
      const main = { user: ie1Main.sid, password: ie1Main.secret };
      expect(await accountStatus(server, "ie1", owner, main), "ie1 Main key").toBe(200);
      expectUnknownCredential(
        await requestIn(server, "au1", "GET", accountPath(owner), { auth: main }),
        "ie1 Main key in au1",
      );
    };
    await expectEarlierCredentialsWork(second);

    // The owner and the subaccount exist in au1, the subaccount with an Auth Token of its own there.
    const ownerInAu1 = await requestIn(second, "au1", "GET", accountPath(owner), { auth: au1Owner });
    expect({ status: ownerInAu1.status, sid: ownerInAu1.json.sid, token: ownerInAu1.json.auth_token }).toEqual({
      status: 200,
      sid: owner,
      token: au1Token,
    });
    const subInAu1 = await requestIn(second, "au1", "GET", accountPath(sub.sid), { auth: au1Owner });
    expect({
      status: subInAu1.status,
      sid: subInAu1.json.sid,
      owner: subInAu1.json.owner_account_sid,
      name: subInAu1.json.friendly_name,
      status_: subInAu1.json.status,
    }).toEqual({ status: 200, sid: sub.sid, owner, name: "team", status_: "active" });
    const subAu1Token: string = subInAu1.json.auth_token;
    expect(subAu1Token).toMatch(HEX_TOKEN);
    expect([subTokens.us1, subTokens.ie1]).not.toContain(subAu1Token);
    expect(await accountStatus(second, "au1", sub.sid, { user: sub.sid, password: subAu1Token })).toBe(200);
    expectUnknownCredential(
      await requestIn(second, "us1", "GET", accountPath(sub.sid), { auth: { user: sub.sid, password: subAu1Token } }),
    );
    await stop(second);

    const third = await start(["us1", "ie1", "au1"]);
    expect(third.authTokens).toEqual({});
    expect(third.accountSid).toBe(owner);
    await expectEarlierCredentialsWork(third);
    expect(await accountStatus(third, "au1", owner, au1Owner)).toBe(200);
    expect(await accountStatus(third, "au1", sub.sid, { user: sub.sid, password: subAu1Token })).toBe(200);
    const subStill = await requestIn(third, "au1", "GET", accountPath(sub.sid), { auth: au1Owner });
    expect(subStill.json.auth_token).toBe(subAu1Token);
  });

  it("starts a data dir from before the account directory with its owner and subaccount unchanged", async () => {
    const first = await start(["us1"]);
    const owner = { user: first.accountSid, password: first.authToken };
    const sub = await createSubaccountInRegion(first, "us1", "legacy team");
    await stop(first);
    const removed = readdirSync(dataDir).filter((name) => name.startsWith("directory.sqlite"));
    expect(removed).toContain("directory.sqlite");
    for (const name of removed) rmSync(join(dataDir, name));

    const second = await start(["us1"]);
    expect(second.accountSid).toBe(owner.user);
    expect(second.authTokens).toEqual({});
    expect(await accountStatus(second, "us1", owner.user, owner)).toBe(200);
    expect(await accountStatus(second, "us1", sub.sid, { user: sub.sid, password: sub.authToken })).toBe(200);
    expect((await second.deployment.directory.accounts.findBySid(owner.user))?.ownerAccountSid).toBe(owner.user);
    expect((await second.deployment.directory.accounts.findBySid(sub.sid))?.ownerAccountSid).toBe(owner.user);
    // The rebuilt directory still decides account changes: a new subaccount is made and copied.
    const another = await createSubaccountInRegion(second, "us1", "after rebuild", owner);
    expect(another.sid).not.toBe(sub.sid);
  });
});
