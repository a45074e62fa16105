import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/test-server.js";
import { expectConsoleError } from "./console-fixtures.js";

const WRONG = "The email or password is wrong";
const TOO_MANY = "Too many failed authentication attempts; retry later";

function signIn(server: TestServer, address: string, email: string, password: string) {
  return server.request("POST", "/console/api/session", {
    headers: { "content-type": "application/json", "x-forwarded-for": address },
    body: JSON.stringify({ email, password }),
  });
}

describe("console sign-in throttling", () => {
  let server: TestServer;
  let email: string;
  let password: string;
  beforeAll(async () => {
    // A trusted proxy names the client, so one test can sign in from several addresses.
    server = await startTestServer({
      trustProxy: { hops: 1 },
      authFailuresPerAddress: 3,
      authFailuresPerSid: 3,
      authFailureWindowSeconds: 600,
    });
    ({ email, password } = await server.createConsoleUser({ email: "victim@example.com", role: "owner" }));
  });
  afterAll(() => server.close());

  it("answers an address's 3rd failure with 401, then 429 with Retry-After, even for the right password", async () => {
    for (let attempt = 1; attempt <= 3; attempt++) {
      expectConsoleError(
        await signIn(server, "198.51.100.1", `nobody${attempt}@example.com`, "wrong password!"),
        401,
        20003,
        WRONG,
      );
    }
    const refused = await signIn(server, "198.51.100.1", email, password);
    expectConsoleError(refused, 429, 20429, TOO_MANY);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.headers.get("set-cookie")).toBeNull();
    // Another address is not affected.
    expect((await signIn(server, "198.51.100.2", email, password)).status).toBe(200);
  });

  it("counts failures per email across addresses and spellings, yet lets the right password in", async () => {
    const spellings = ["victim@example.com", "VICTIM@example.com", " Victim@Example.com "];
    for (const [index, spelling] of spellings.entries()) {
      expectConsoleError(
        await signIn(server, `203.0.113.${index + 1}`, spelling, "wrong password!"),
        401,
        20003,
        WRONG,
      );
    }
    const fourth = await signIn(server, "203.0.113.10", email, "still the wrong one");
    expectConsoleError(fourth, 429, 20429, TOO_MANY);
    expect(Number(fourth.headers.get("retry-after"))).toBeGreaterThan(0);
    // SECURITY: a stranger failing against an email cannot lock its owner out.
    const owner = await signIn(server, "203.0.113.11", email, password);
    expect(owner.status).toBe(200);
  });
});
