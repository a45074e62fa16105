/**
 * An update that changes nothing writes nothing (issue 8): no date_updated, no audit row. Real server,
 * real SQLite, real HTTP; the clock moves between create and update so a write would show.
 */
import type { StoredAuditEntry } from "@latchkey/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { expectNothingWritten } from "../support/account-fixtures.js";
import {
  auditRows,
  type Credentials,
  createRestrictedKey,
  createStandardKey,
  EXAMPLE_DATE,
  EXAMPLE_INSTANT,
  expectNotFound,
  FakeClock,
  ownerCredentials,
} from "../support/route-fixtures.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

const MESSAGES_READ = "/twilio/messaging/messages/read";
const CALLS_READ = "/twilio/voice/calls/read";

describe("key update that changes nothing", () => {
  let clock: FakeClock;
  let server: TestServer;
  let owner: Credentials;
  beforeEach(async () => {
    clock = new FakeClock();
    server = await startTestServer({ clock });
    owner = ownerCredentials(server);
  });
  afterEach(async () => {
    await server.close();
  });

  const v1 = (sid: string) => `/v1/Keys/${sid}`;
  const v2010 = (sid: string) => `/2010-04-01/Accounts/${server.accountSid}/Keys/${sid}.json`;

  const rowsWrittenBy = async (mutation: () => Promise<unknown>): Promise<StoredAuditEntry[]> => {
    const before = await auditRows(server);
    await mutation();
    const after = await auditRows(server);
    return after.slice(0, after.length - before.length);
  };

  describe("succeeds without writing", () => {
    it("answers an update with no fields with the key as it is, on both APIs", async () => {
      const key = await createRestrictedKey(server, [MESSAGES_READ]);
      clock.advance(60_000);
      const fetchedV1 = await server.request("GET", v1(key.sid), { auth: owner });
      const fetchedV2010 = await server.request("GET", v2010(key.sid), { auth: owner });

      await expectNothingWritten(server, async () => {
        const updatedV1 = await server.request("POST", v1(key.sid), { auth: owner, form: {} });
        expect({ status: updatedV1.status, body: updatedV1.json }).toEqual({ status: 200, body: fetchedV1.json });
        const updatedV2010 = await server.request("POST", v2010(key.sid), { auth: owner });
        expect({ status: updatedV2010.status, body: updatedV2010.json }).toEqual({
          status: 200,
          body: fetchedV2010.json,
        });
      });
      expect(fetchedV1.json.date_updated).toBe(EXAMPLE_DATE);
    });

    it("writes nothing when the values given equal the current ones", async () => {
      const key = await createRestrictedKey(server, [MESSAGES_READ, CALLS_READ]);
      const standard = await createStandardKey(server, "standard");
      clock.advance(60_000);

      await expectNothingWritten(server, async () => {
        const same = await server.request("POST", v1(key.sid), {
          auth: owner,
          form: { FriendlyName: "restricted", Policy: JSON.stringify({ allow: [MESSAGES_READ, CALLS_READ] }) },
        });
        expect({ status: same.status, date: same.json.date_updated }).toEqual({ status: 200, date: EXAMPLE_DATE });
        const sameName = await server.request("POST", v2010(standard.sid), {
          auth: owner,
          form: { FriendlyName: "standard" },
        });
        expect({ status: sameName.status, date: sameName.json.date_updated }).toEqual({
          status: 200,
          date: EXAMPLE_DATE,
        });
      });
    });

    it("lets a restricted key send itself an empty update without writing anything", async () => {
      const key = await createRestrictedKey(server, ["/twilio/iam/api-keys/update"]);
      await expectNothingWritten(server, async () => {
        expect((await server.request("POST", v1(key.sid), { auth: key })).status).toBe(200);
      });
    });
  });

  describe("writes only what changes", () => {
    it("records and stamps only the field that differs", async () => {
      const key = await createRestrictedKey(server, [MESSAGES_READ]);
      clock.advance(1000);

      const rows = await rowsWrittenBy(async () => {
        const response = await server.request("POST", v1(key.sid), {
          auth: owner,
          form: { FriendlyName: "restricted", Policy: JSON.stringify({ allow: [CALLS_READ] }) },
        });
        expect(response.json).toMatchObject({
          friendly_name: "restricted",
          policy: { allow: [CALLS_READ] },
          date_updated: "Mon, 13 Jun 2016 22:50:09 +0000",
        });
      });
      expect(rows).toEqual([
        expect.objectContaining({
          action: "key.updated",
          targetSid: key.sid,
          changes: { policy: { allow: [CALLS_READ] } },
          at: EXAMPLE_INSTANT + 1000,
        }),
      ]);
    });

    it("treats the same permissions in another order as a change, since the stored policy shows the order", async () => {
      const key = await createRestrictedKey(server, [MESSAGES_READ, CALLS_READ]);
      const rows = await rowsWrittenBy(() =>
        server.request("POST", v1(key.sid), {
          auth: owner,
          form: { Policy: JSON.stringify({ allow: [CALLS_READ, MESSAGES_READ] }) },
        }),
      );
      expect(rows.map((row) => row.changes)).toEqual([{ policy: { allow: [CALLS_READ, MESSAGES_READ] } }]);
    });

    it("treats an empty FriendlyName on a named key as a change to no name", async () => {
      const key = await createStandardKey(server, "named");
      const rows = await rowsWrittenBy(() =>
        server.request("POST", v1(key.sid), { auth: owner, form: { FriendlyName: "" } }),
      );
      expect(rows.map((row) => row.changes)).toEqual([{ friendly_name: null }]);
    });
  });

  describe("rejects", () => {
    it("still answers 404 to an empty update of an unreachable or malformed key", async () => {
      const other = await server.createOtherAccount();
      const key = await createStandardKey(server);
      const missing = `SK${"0".repeat(32)}`;

      await expectNothingWritten(server, async () => {
        const stranger = { user: other.accountSid, password: other.authToken };
        expectNotFound(await server.request("POST", v1(key.sid), { auth: stranger }), v1(key.sid));
        expectNotFound(await server.request("POST", v1(missing), { auth: owner }), v1(missing));
        expectNotFound(await server.request("POST", v1("SKnot-a-sid"), { auth: owner }), v1("SKnot-a-sid"));
        expectNotFound(await server.request("POST", v2010(missing), { auth: owner }), v2010(missing));
      });
    });

    it("refuses an empty update of a Main key from a restricted key", async () => {
      const key = await createRestrictedKey(server, ["/twilio/iam/api-keys/update"]);
      const main = await server.createMainKey();
      await expectNothingWritten(server, async () => {
        const response = await server.request("POST", v1(main.sid), { auth: key });
        expect({ status: response.status, code: response.json.code }).toEqual({ status: 403, code: 70051 });
      });
    });
  });
});
