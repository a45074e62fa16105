import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ACCOUNT_SID,
  auditRowsWrittenBy,
  createSubaccount,
  expectNothingWritten,
  ISO_8601,
  type probe,
} from "../support/account-fixtures.js";
import { type ConsoleSignIn, startTestServer, type TestServer } from "../support/test-server.js";
import { consoleRequest, expectConsoleError, regionPath } from "./console-fixtures.js";

const SUBACCOUNTS = regionPath("us1", "subaccounts");

describe("console Subaccounts", () => {
  let server: TestServer;
  let admin: ConsoleSignIn;
  let adminSid: string;
  beforeAll(async () => {
    server = await startTestServer();
    const user = await server.createConsoleUser({ email: "admin@example.com", role: "administrator" });
    admin = await server.signInToConsole(user.email, user.password);
    adminSid = user.sid;
  });
  afterAll(() => server.close());

  it("creates, lists, renames, suspends, reactivates and closes a subaccount, auditing the US SID", async () => {
    let created: Awaited<ReturnType<typeof probe>> | undefined;
    const createRows = await auditRowsWrittenBy(server, async () => {
      created = await consoleRequest(server, admin, "POST", SUBACCOUNTS, { friendly_name: "Team A" });
    });
    expect(created?.status).toBe(201);
    expect(created?.json).toEqual({
      sid: expect.stringMatching(ACCOUNT_SID),
      friendly_name: "Team A",
      status: "active",
      date_created: expect.stringMatching(ISO_8601),
      date_updated: expect.stringMatching(ISO_8601),
    });
    const sid: string = created?.json.sid;
    expect(createRows).toEqual([
      expect.objectContaining({ action: "account.created", actorSid: adminSid, accountSid: sid }),
    ]);

    const listed = await consoleRequest(server, admin, "GET", SUBACCOUNTS);
    expect(listed.status).toBe(200);
    // The owner account is not its own subaccount.
    expect(listed.json).toEqual({ subaccounts: [created?.json], next_page_token: null });

    const path = `${SUBACCOUNTS}/${sid}`;
    for (const [body, expected] of [
      [{ friendly_name: "Team B" }, { friendly_name: "Team B", status: "active" }],
      [{ status: "suspended" }, { friendly_name: "Team B", status: "suspended" }],
      [{ status: "active" }, { friendly_name: "Team B", status: "active" }],
      [{ status: "closed" }, { friendly_name: "Team B", status: "closed" }],
    ] as const) {
      let response: Awaited<ReturnType<typeof probe>> | undefined;
      const rows = await auditRowsWrittenBy(server, async () => {
        response = await consoleRequest(server, admin, "POST", path, body);
      });
      expect(response?.status).toBe(200);
      expect(response?.json).toMatchObject({ sid, ...expected });
      expect(rows).toEqual([
        expect.objectContaining({ action: "account.updated", actorSid: adminSid, accountSid: sid }),
      ]);
    }
    // Closing is final, as on the REST API.
    expectConsoleError(
      await consoleRequest(server, admin, "POST", path, { status: "active" }),
      400,
      20001,
      "A closed account cannot become active",
    );
  });

  it("pages subaccounts by keyset", async () => {
    for (let index = 0; index < 3; index++) await createSubaccount(server, { friendlyName: `paged ${index}` });
    const first = await consoleRequest(server, admin, "GET", `${SUBACCOUNTS}?page_size=2`);
    expect(first.status).toBe(200);
    expect(first.json.next_page_token).toEqual(expect.any(String));
    const second = await consoleRequest(
      server,
      admin,
      "GET",
      `${SUBACCOUNTS}?page_size=200&page_token=${first.json.next_page_token}`,
    );
    const names = [...first.json.subaccounts, ...second.json.subaccounts].map((account) => account.sid);
    expect(new Set(names).size).toBe(names.length);
    expect(names).not.toContain(server.accountSid);
  });

  it("rejects bad input and unknown or foreign accounts, writing nothing", async () => {
    const subaccount = await createSubaccount(server, { friendlyName: "target" });
    const other = await server.createOtherAccount();
    await expectNothingWritten(server, async () => {
      const path = `${SUBACCOUNTS}/${subaccount.sid}`;
      expectConsoleError(
        await consoleRequest(server, admin, "POST", path, {}),
        400,
        20001,
        "Give friendly_name, status or both",
      );
      expectConsoleError(
        await consoleRequest(server, admin, "POST", path, { status: "deleted" }),
        400,
        20001,
        "Status must be one of active, suspended, closed",
      );
      expectConsoleError(await consoleRequest(server, admin, "POST", path, { friendly_name: "" }), 400, 20002);
      expectConsoleError(
        await consoleRequest(server, admin, "POST", SUBACCOUNTS, { friendly_name: "z".repeat(65) }),
        400,
        20002,
        "FriendlyName must be 1 to 64 characters",
      );
      for (const sid of [other.accountSid, server.accountSid, `AC${"0".repeat(32)}`, "nope"]) {
        expectConsoleError(
          await consoleRequest(server, admin, "POST", `${SUBACCOUNTS}/${sid}`, { friendly_name: "mine" }),
          404,
          20404,
        );
      }
    });
  });
});
