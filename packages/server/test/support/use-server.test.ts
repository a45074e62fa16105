import { existsSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXAMPLE_INSTANT } from "./route-fixtures.js";
import { useServer } from "./use-server.js";

describe("useServer", () => {
  const { server, owner } = useServer();
  const seen: { url: string; dataDir: string; accountSid: string }[] = [];
  let extraSetupSawServer = false;
  beforeEach(() => {
    extraSetupSawServer = server.accountSid.startsWith("AC");
  });
  let answeredInAfterEach: number | undefined;
  afterEach(async () => {
    answeredInAfterEach = (await server.request("GET", "/healthz")).status;
  });

  it("starts a server before each test, visible to hooks registered after it", async () => {
    expect(extraSetupSawServer).toBe(true);
    const response = await server.request("GET", `/v1/Keys?AccountSid=${server.accountSid}`, { auth: owner });
    expect({ status: response.status, keys: response.json.keys }).toEqual({ status: 200, keys: [] });
    seen.push({ url: server.url, dataDir: server.dataDir, accountSid: server.accountSid });
  });

  it("gives the next test a fresh server and closes the last one after the block's own afterEach", async () => {
    expect(answeredInAfterEach).toBe(200);
    const [previous] = seen;
    expect(previous).toBeDefined();
    expect(server.accountSid).not.toBe(previous?.accountSid);
    expect(server.dataDir).not.toBe(previous?.dataDir);
    expect(existsSync(previous?.dataDir ?? "")).toBe(false);
    await expect(fetch(`${previous?.url}/healthz`)).rejects.toThrow();
  });

  it("reads the owner's credentials from the current server, also when spread", () => {
    expect({ ...owner }).toEqual({ user: server.accountSid, password: server.authToken });
    expect({ ...server }.accountSid).toBe(server.accountSid);
  });

  it("runs the server on the real time unless asked for a fake clock", () => {
    const now = Date.now();
    expect(Math.abs(server.region.clock.now() - now)).toBeLessThan(60_000);
  });
});

describe("useServer({ fakeClock: true })", () => {
  const { server, clock } = useServer({ fakeClock: true });

  it("starts the clock at the example instant and moves the server's time with it", () => {
    expect(clock.now()).toBe(EXAMPLE_INSTANT);
    clock.advance(1_500);
    expect(server.region.clock.now()).toBe(EXAMPLE_INSTANT + 1_500);
  });

  it("gives each test its own clock", () => {
    expect(clock.now()).toBe(EXAMPLE_INSTANT);
  });
});

describe("useServer without a fake clock", () => {
  const { clock } = useServer();

  it("refuses the clock, naming the option that gives one", () => {
    expect(() => clock.now()).toThrowError("ask for useServer({ fakeClock: true })");
  });
});

describe("useServer options", () => {
  const { server, owner } = useServer({ maxSubaccounts: 1 });

  it("passes them to startTestServer", async () => {
    const first = await server.request("POST", "/2010-04-01/Accounts.json", { auth: owner });
    const second = await server.request("POST", "/2010-04-01/Accounts.json", { auth: owner });
    expect([first.status, second.status, second.json.code]).toEqual([201, 400, 21480]);
  });
});

describe("useServer when a test closes the server itself", () => {
  const { server } = useServer();
  let url: string;

  it("leaves the server closed, and the hook closes nothing twice", async () => {
    url = server.url;
    await server.close();
    await server.close();
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    expect(server.accountSid).toMatch(/^AC/);
  });

  it("still gives the next test a running server", async () => {
    expect(server.url).not.toBe(url);
    expect((await server.request("GET", "/healthz")).status).toBe(200);
  });
});

describe("useServer(() => options)", () => {
  let calls = 0;
  const { server, owner } = useServer(() => ({ maxSubaccounts: ++calls }));

  it("reads the options in each test's beforeEach", async () => {
    expect(calls).toBe(1);
  });

  it("starts that test's server with them", async () => {
    expect(calls).toBe(2);
    const created = [];
    for (let index = 0; index < 3; index++) {
      created.push((await server.request("POST", "/2010-04-01/Accounts.json", { auth: owner })).status);
    }
    expect(created).toEqual([201, 201, 400]);
  });
});

describe("useServer read while the tests are collected", () => {
  const { server } = useServer();
  let collectionError: unknown;
  try {
    void server.url;
  } catch (error) {
    collectionError = error;
  }

  it("throws a clear error rather than handing out a server no hook started", () => {
    expect(collectionError).toEqual(new Error("useServer(): the server exists only while a test or its hooks run"));
  });
});
