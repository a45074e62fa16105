import { latchkeyHttpClient } from "@latchkey/sdk";
import twilio from "twilio";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXAMPLE_INSTANT, FakeClock, KEY_SECRET, KEY_SID } from "../../../server/test/support/route-fixtures.js";
import { startTestServer, type TestServer } from "../../../server/test/support/test-server.js";
import { asRequestClient } from "./as-request-client.js";

const CREATED = new Date(EXAMPLE_INSTANT);
const A_MINUTE_LATER = new Date(EXAMPLE_INSTANT + 60_000);

describe("the official twilio client against a real Latchkey through latchkeyHttpClient", () => {
  let server: TestServer;
  let clock: FakeClock;
  let client: twilio.Twilio;

  beforeEach(async () => {
    clock = new FakeClock();
    server = await startTestServer({ clock });
    // No region: the client builds iam.twilio.com and api.twilio.com, which Latchkey serves from its default region.
    client = twilio(server.accountSid, server.authToken, {
      httpClient: asRequestClient(latchkeyHttpClient(server.url)),
    });
  });
  afterEach(async () => {
    await server.close();
  });

  /** The key as the server itself reports it, read past the twilio client. */
  const fetchedOnServer = (sid: string) =>
    server.request("GET", `/2010-04-01/Accounts/${server.accountSid}/Keys/${sid}.json`, {
      auth: { user: server.accountSid, password: server.authToken },
    });

  it("creates, lists, fetches, updates and deletes a key through iam v1", async () => {
    const created = await client.iam.v1.newApiKey.create({ accountSid: server.accountSid, friendlyName: "ci deploy" });
    expect(created.sid).toMatch(KEY_SID);
    expect(created.secret).toMatch(KEY_SECRET);
    expect(created.toJSON()).toEqual({
      sid: created.sid,
      friendlyName: "ci deploy",
      dateCreated: CREATED,
      dateUpdated: CREATED,
      secret: created.secret,
      policy: null,
    });
    expect((await fetchedOnServer(created.sid)).json.friendly_name).toBe("ci deploy");

    const listed = await client.iam.v1.getApiKeys.list({ accountSid: server.accountSid });
    expect(listed.map((key) => key.toJSON())).toEqual([
      {
        sid: created.sid,
        friendlyName: "ci deploy",
        dateCreated: CREATED,
        dateUpdated: CREATED,
        flags: ["rest_api", "signing"],
      },
    ]);

    const fetched = await client.iam.v1.apiKey(created.sid).fetch();
    expect(fetched.toJSON()).toEqual({
      sid: created.sid,
      friendlyName: "ci deploy",
      dateCreated: CREATED,
      dateUpdated: CREATED,
      policy: null,
    });

    clock.advance(60_000);
    const updated = await client.iam.v1.apiKey(created.sid).update({ friendlyName: "ci release" });
    expect(updated.toJSON()).toEqual({
      sid: created.sid,
      friendlyName: "ci release",
      dateCreated: CREATED,
      dateUpdated: A_MINUTE_LATER,
      policy: null,
    });

    expect(await client.iam.v1.apiKey(created.sid).remove()).toBe(true);
    expect((await fetchedOnServer(created.sid)).status).toBe(404);
    expect(await client.iam.v1.getApiKeys.list({ accountSid: server.accountSid })).toEqual([]);
  });

  it("creates, lists, fetches, updates and deletes a key through API v2010 Keys", async () => {
    const account = client.api.v2010.accounts(server.accountSid);

    const created = await account.newKeys.create({ friendlyName: "billing job" });
    expect(created.sid).toMatch(KEY_SID);
    expect(created.secret).toMatch(KEY_SECRET);
    expect(created.toJSON()).toEqual({
      sid: created.sid,
      friendlyName: "billing job",
      dateCreated: CREATED,
      dateUpdated: CREATED,
      secret: created.secret,
    });

    const listed = await account.keys.list();
    expect(listed.map((key) => key.toJSON())).toEqual([
      { sid: created.sid, friendlyName: "billing job", dateCreated: CREATED, dateUpdated: CREATED },
    ]);
    expect((await account.keys(created.sid).fetch()).toJSON()).toEqual(listed[0]?.toJSON());

    clock.advance(60_000);
    const updated = await account.keys(created.sid).update({ friendlyName: "billing nightly" });
    expect(updated.toJSON()).toEqual({
      sid: created.sid,
      friendlyName: "billing nightly",
      dateCreated: CREATED,
      dateUpdated: A_MINUTE_LATER,
    });
    expect((await fetchedOnServer(created.sid)).json.friendly_name).toBe("billing nightly");

    expect(await account.keys(created.sid).remove()).toBe(true);
    expect((await fetchedOnServer(created.sid)).status).toBe(404);
  });

  it("pages through more keys than fit on one page, the next_page_url going to Latchkey too", async () => {
    const sids: string[] = [];
    for (const name of ["one", "two", "three"]) {
      sids.push((await client.iam.v1.newApiKey.create({ accountSid: server.accountSid, friendlyName: name })).sid);
    }
    const inner = latchkeyHttpClient(server.url);
    const asked: string[] = [];
    const counting = twilio(server.accountSid, server.authToken, {
      httpClient: asRequestClient({
        baseUrl: inner.baseUrl,
        request: (opts) => {
          asked.push(opts.uri);
          return inner.request(opts);
        },
      }),
    });

    const listed = await counting.iam.v1.getApiKeys.list({ accountSid: server.accountSid, pageSize: 2 });

    expect(listed.map((key) => key.sid).sort()).toEqual([...sids].sort());
    expect(asked).toHaveLength(2);
    expect(asked[0]).toBe("https://iam.twilio.com/v1/Keys");
    // The server names the next page on the Host it was asked on (its scheme is the one it was reached by).
    expect(new URL(asked[1] ?? "").host).toBe("iam.twilio.com");
    expect(new URL(asked[1] ?? "").searchParams.get("PageToken")).not.toBeNull();
  });

  it("rejects a fetch of a key that does not exist with RestException 404/20404", async () => {
    const missing = "SK00000000000000000000000000000000";
    let error: unknown;
    try {
      await client.iam.v1.apiKey(missing).fetch();
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(twilio.RestException);
    expect(error).toMatchObject({ status: 404, code: 20404, moreInfo: "https://www.twilio.com/docs/errors/20404" });
  });
});
