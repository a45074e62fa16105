/**
 * The official `twilio` client, built for ie1 (`region: "ie1"`, `edge: "dublin"`) and sent through
 * latchkeyHttpClient, managing keys and Auth Tokens in ie1 only.
 */
import { latchkeyHttpClient } from "@latchkey/sdk";
import twilio from "twilio";
import { describe, expect, it } from "vitest";
import { asRequestClient } from "../../../sdk/test/twilio/as-request-client.js";
import { EXAMPLE_INSTANT, KEY_SECRET, KEY_SID } from "../support/route-fixtures.js";
import { useServer } from "../support/use-server.js";
import {
  expectUnknownCredential,
  fetchAccount,
  HEX_TOKEN,
  ownerIn,
  requestIn,
  THREE_REGIONS,
} from "./region-fixtures.js";

const A_MINUTE = 60_000;

describe("the official twilio client in ie1 through latchkeyHttpClient", () => {
  const { server, clock } = useServer({ regions: THREE_REGIONS, fakeClock: true });

  const ie1Client = (username: string, password: string) =>
    twilio(username, password, {
      accountSid: server.accountSid,
      region: "ie1",
      edge: "dublin",
      httpClient: asRequestClient(latchkeyHttpClient(server.url)),
    });
  const CREATED = new Date(EXAMPLE_INSTANT);
  const LATER = new Date(EXAMPLE_INSTANT + A_MINUTE);
  /** The key as ie1 and us1 report it to the owner, read past the client. */
  const keyStatusIn = async (region: string, sid: string) =>
    (
      await requestIn(server, region, "GET", `/2010-04-01/Accounts/${server.accountSid}/Keys/${sid}.json`, {
        auth: ownerIn(server, region),
      })
    ).status;

  it("creates, lists, fetches, updates and deletes keys through IAM v1 with an ie1 Main key", async () => {
    const main = await server.createMainKey("ie1 main", "ie1");
    const client = ie1Client(main.sid, main.secret);

    const created = await client.iam.v1.newApiKey.create({ accountSid: server.accountSid, friendlyName: "ci" });
    expect(created.toJSON()).toEqual({
      sid: expect.stringMatching(KEY_SID),
      friendlyName: "ci",
      dateCreated: CREATED,
      dateUpdated: CREATED,
      secret: expect.stringMatching(KEY_SECRET),
      policy: null,
    });
    expect({ ie1: await keyStatusIn("ie1", created.sid), us1: await keyStatusIn("us1", created.sid) }).toEqual({
      ie1: 200,
      us1: 404,
    });

    const mainEntry = {
      sid: main.sid,
      friendlyName: "ie1 main",
      dateCreated: CREATED,
      dateUpdated: CREATED,
      flags: ["rest_api", "signing", "manage_accounts", "manage_keys"],
    };
    const keyEntry = {
      sid: created.sid,
      friendlyName: "ci",
      dateCreated: CREATED,
      dateUpdated: CREATED,
      flags: ["rest_api", "signing"],
    };
    const bySid = (a: { sid: string }, b: { sid: string }) => a.sid.localeCompare(b.sid);
    const listed = await client.iam.v1.getApiKeys.list({ accountSid: server.accountSid });
    expect(listed.map((key) => key.toJSON()).sort(bySid)).toEqual([mainEntry, keyEntry].sort(bySid));
    expect((await client.iam.v1.apiKey(created.sid).fetch()).toJSON()).toEqual({
      sid: created.sid,
      friendlyName: "ci",
      dateCreated: CREATED,
      dateUpdated: CREATED,
      policy: null,
    });
    clock.advance(A_MINUTE);
    expect((await client.iam.v1.apiKey(created.sid).update({ friendlyName: "ci release" })).toJSON()).toEqual({
      sid: created.sid,
      friendlyName: "ci release",
      dateCreated: CREATED,
      dateUpdated: LATER,
      policy: null,
    });
    expect(await client.iam.v1.apiKey(created.sid).remove()).toBe(true);
    expect(await keyStatusIn("ie1", created.sid)).toBe(404);
    expect((await client.iam.v1.getApiKeys.list({ accountSid: server.accountSid })).map((key) => key.toJSON())).toEqual(
      [mainEntry],
    );
  });

  it("creates, lists, fetches, updates and deletes keys through API v2010 Keys with an ie1 Main key", async () => {
    const main = await server.createMainKey("ie1 main", "ie1");
    const account = ie1Client(main.sid, main.secret).api.v2010.accounts(server.accountSid);

    const created = await account.newKeys.create({ friendlyName: "billing" });
    expect(created.toJSON()).toEqual({
      sid: expect.stringMatching(KEY_SID),
      friendlyName: "billing",
      dateCreated: CREATED,
      dateUpdated: CREATED,
      secret: expect.stringMatching(KEY_SECRET),
    });
    expect({ ie1: await keyStatusIn("ie1", created.sid), us1: await keyStatusIn("us1", created.sid) }).toEqual({
      ie1: 200,
      us1: 404,
    });
    const listed = await account.keys.list();
    const mainEntry = { sid: main.sid, friendlyName: "ie1 main", dateCreated: CREATED, dateUpdated: CREATED };
    const keyEntry = { sid: created.sid, friendlyName: "billing", dateCreated: CREATED, dateUpdated: CREATED };
    expect(listed.map((key) => key.toJSON()).sort((a, b) => a.sid.localeCompare(b.sid))).toEqual(
      [mainEntry, keyEntry].sort((a, b) => a.sid.localeCompare(b.sid)),
    );
    expect((await account.keys(created.sid).fetch()).toJSON()).toEqual(keyEntry);
    clock.advance(A_MINUTE);
    expect((await account.keys(created.sid).update({ friendlyName: "billing nightly" })).toJSON()).toEqual({
      ...keyEntry,
      friendlyName: "billing nightly",
      dateUpdated: LATER,
    });
    expect(await account.keys(created.sid).remove()).toBe(true);
    expect(await keyStatusIn("ie1", created.sid)).toBe(404);
  });

  it("creates, promotes and deletes a secondary Auth Token in ie1 only, with the owner's ie1 token", async () => {
    const oldIe1 = ownerIn(server, "ie1");
    const client = ie1Client(server.accountSid, oldIe1.password);
    const url = (path: string) => `http://accounts.dublin.ie1.twilio.com${path}`;

    const secondary = await client.accounts.v1.secondaryAuthToken().create();
    expect(secondary.toJSON()).toEqual({
      accountSid: server.accountSid,
      dateCreated: CREATED,
      dateUpdated: CREATED,
      secondaryAuthToken: expect.stringMatching(HEX_TOKEN),
      url: url("/v1/AuthTokens/Secondary"),
    });
    clock.advance(A_MINUTE);
    const promotion = await client.accounts.v1.authTokenPromotion().update();
    expect(promotion.toJSON()).toEqual({
      accountSid: server.accountSid,
      authToken: secondary.secondaryAuthToken,
      dateCreated: CREATED,
      dateUpdated: LATER,
      url: url("/v1/AuthTokens/Promote"),
    });

    expectUnknownCredential(await fetchAccount(server, "ie1", server.accountSid, oldIe1));
    const newIe1 = { user: server.accountSid, password: secondary.secondaryAuthToken };
    expect((await fetchAccount(server, "ie1", server.accountSid, newIe1)).status).toBe(200);
    expect((await fetchAccount(server, "us1", server.accountSid, ownerIn(server, "us1"))).status).toBe(200);
    expectUnknownCredential(await fetchAccount(server, "us1", server.accountSid, newIe1));

    const promotedClient = ie1Client(server.accountSid, secondary.secondaryAuthToken);
    const another = await promotedClient.accounts.v1.secondaryAuthToken().create();
    const anotherIe1 = { user: server.accountSid, password: another.secondaryAuthToken };
    expect((await fetchAccount(server, "ie1", server.accountSid, anotherIe1)).status).toBe(200);
    expect(await promotedClient.accounts.v1.secondaryAuthToken().remove()).toBe(true);
    expectUnknownCredential(await fetchAccount(server, "ie1", server.accountSid, anotherIe1));
    expect((await fetchAccount(server, "ie1", server.accountSid, newIe1)).status).toBe(200);
  });
});
