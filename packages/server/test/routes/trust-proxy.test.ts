/**
 * LATCHKEY_TRUST_PROXY as Express's `trust proxy` reads it: X-Forwarded-For is walked from the right,
 * and the client is the first address that is not a trusted proxy (a hop count, or proxy addresses and
 * CIDR ranges). A client behind an appending proxy cannot pick its own address with a forged first
 * entry: not to escape the per-address throttle, not to write it into the audit log.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";
import { auditRows, FakeClock, ownerCredentials } from "../support/route-fixtures.js";
import { startTestServer, type TestResponse, type TestServer, type TestServerOptions } from "../support/test-server.js";

const REAL_CLIENT = "203.0.113.9";
const trustProxyOf = (value: string) => loadConfig({ LATCHKEY_TRUST_PROXY: value }).trustProxy;

describe("LATCHKEY_TRUST_PROXY", () => {
  describe("parsing", () => {
    it("reads false, true (one hop), a hop count, or a list of addresses and CIDR ranges", () => {
      expect(loadConfig({}).trustProxy).toBe(false);
      expect(trustProxyOf("")).toBe(false);
      expect(trustProxyOf("false")).toBe(false);
      expect(trustProxyOf("0")).toBe(false);
      expect(trustProxyOf("true")).toEqual({ hops: 1 });
      expect(trustProxyOf("1")).toEqual({ hops: 1 });
      expect(trustProxyOf("2")).toEqual({ hops: 2 });
      expect(trustProxyOf("127.0.0.1, 10.0.0.0/8,fd00::/8 ,::1")).toEqual({
        addresses: ["127.0.0.1", "10.0.0.0/8", "fd00::/8", "::1"],
      });
      expect(trustProxyOf("loopback,uniquelocal,linklocal")).toEqual({
        addresses: ["loopback", "uniquelocal", "linklocal"],
      });
    });

    it("refuses anything else, naming the bad entry", () => {
      for (const bad of [
        "yes",
        "-1",
        "1.5",
        "33",
        "10.0.0.0/33",
        "10.0.0.0/0",
        "::/129",
        "proxy.internal",
        ",",
        "10.0.0.1/x",
      ]) {
        expect(() => trustProxyOf(bad), bad).toThrow(ConfigError);
      }
      expect(() => trustProxyOf("127.0.0.1,10.0.0.0/33")).toThrow(
        'LATCHKEY_TRUST_PROXY must be false, true (one hop), a hop count, or a comma-separated list of proxy addresses and CIDR ranges such as 127.0.0.1,10.0.0.0/8; not an address or range: "10.0.0.0/33"',
      );
      expect(() => trustProxyOf("33")).toThrow("LATCHKEY_TRUST_PROXY must be at most 32 hops");
    });
  });

  describe("behind a proxy that appends to X-Forwarded-For", () => {
    let server: TestServer | undefined;
    afterEach(async () => {
      await server?.close();
      server = undefined;
    });
    const start = async (trustProxy: string, options: Omit<TestServerOptions, "trustProxy"> = {}) => {
      server = await startTestServer({ clock: new FakeClock(), trustProxy: trustProxyOf(trustProxy), ...options });
      return server;
    };
    const wrong = (target: TestServer) => ({ user: target.accountSid, password: "0".repeat(32) });
    const listKeys = (target: TestServer, forwardedFor: string, auth = ownerCredentials(target)) =>
      target.request("GET", `/v1/Keys?AccountSid=${target.accountSid}`, {
        auth,
        headers: { "x-forwarded-for": forwardedFor },
      });
    const expectStatus = (response: TestResponse, status: number, label?: string) =>
      expect({ status: response.status, code: response.json?.code }, label).toEqual({
        status,
        code: status === 200 ? undefined : status === 401 ? 20003 : 20429,
      });
    /** Creates a key with a forged first X-Forwarded-For entry and returns the audit row's address. */
    const auditedAddress = async (target: TestServer, forwardedFor: string): Promise<string | undefined> => {
      const created = await target.request("POST", "/v1/Keys", {
        auth: ownerCredentials(target),
        headers: { "x-forwarded-for": forwardedFor },
        form: { AccountSid: target.accountSid, FriendlyName: "audited" },
      });
      expect(created.status).toBe(201);
      const rows = await auditRows(target);
      return rows.find((row) => row.action === "key.created" && row.targetSid === created.json.sid)?.address;
    };

    it("with one hop, a forged first entry does not escape the per-address throttle", async () => {
      const target = await start("1", { authFailuresPerAddress: 100, authFailuresPerSid: 1_000_000 });
      for (let attempt = 0; attempt < 100; attempt += 1) {
        // A new forged address every time; the proxy appends the one it saw.
        const forged = `198.51.${attempt >> 8}.${attempt & 255}`;
        expectStatus(await listKeys(target, `${forged}, ${REAL_CLIENT}`, wrong(target)), 401, `failure ${attempt + 1}`);
      }
      expectStatus(await listKeys(target, `198.51.100.250, ${REAL_CLIENT}`), 429, "the real client, forging again");
      expectStatus(await listKeys(target, REAL_CLIENT), 429, "the real client");
      expectStatus(await listKeys(target, "198.51.100.251"), 200, "another client of the proxy");
    });

    it("`true` is one hop too, not the leftmost entry", async () => {
      const target = await start("true", { authFailuresPerAddress: 2 });
      expectStatus(await listKeys(target, `198.51.100.1, ${REAL_CLIENT}`, wrong(target)), 401);
      expectStatus(await listKeys(target, `198.51.100.2, ${REAL_CLIENT}`, wrong(target)), 401);
      expectStatus(await listKeys(target, `198.51.100.3, ${REAL_CLIENT}`), 429);
    });

    it("writes the real address, not the forged one, into the audit log", async () => {
      const target = await start("1");
      expect(await auditedAddress(target, `198.51.100.7, ${REAL_CLIENT}`)).toBe(REAL_CLIENT);
    });

    it("with two hops, takes the entry the outer proxy appended", async () => {
      const target = await start("2");
      expect(await auditedAddress(target, `198.51.100.7, ${REAL_CLIENT}, 10.0.0.5`)).toBe(REAL_CLIENT);
    });

    it("with trusted addresses, skips every trusted proxy from the right and stops at the first other", async () => {
      const target = await start("127.0.0.1,10.0.0.0/8");
      expect(await auditedAddress(target, `198.51.100.7, ${REAL_CLIENT}, 10.0.0.5, 10.1.2.3`)).toBe(REAL_CLIENT);
      // An untrusted hop in the middle is where trust ends, whatever it claims further left.
      expect(await auditedAddress(target, `${REAL_CLIENT}, 192.0.2.8, 10.0.0.5`)).toBe("192.0.2.8");
    });

    it("ignores X-Forwarded-For from a peer that is not a trusted proxy", async () => {
      const target = await start("10.0.0.0/8");
      expect(await auditedAddress(target, `198.51.100.7, ${REAL_CLIENT}`)).toBe("127.0.0.1");
    });

    it("ignores X-Forwarded-For when false", async () => {
      const target = await start("false");
      expect(await auditedAddress(target, `198.51.100.7, ${REAL_CLIENT}`)).toBe("127.0.0.1");
    });
  });
});
