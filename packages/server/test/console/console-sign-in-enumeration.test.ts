/**
 * Sign-in does not tell which emails exist: an unknown email and a wrong password get the same answer,
 * headers included, both before and after the per-email limit turns failures into 429s.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestResponse, type TestServer } from "../support/test-server.js";
import { expectConsoleError } from "./console-fixtures.js";

/** Headers that differ between any two answers (time, per-request ids); Retry-After is compared apart. */
const VARYING = new Set(["date", "x-request-id", "twilio-request-id", "keep-alive", "connection", "retry-after"]);

function answer(response: TestResponse) {
  const headers = Object.fromEntries([...response.headers].filter(([name]) => !VARYING.has(name)));
  const retryAfter = response.headers.get("retry-after");
  // Two failures a few ms apart may round to seconds either side of a boundary: both lie in the window.
  const waits = retryAfter === null ? null : Number(retryAfter) >= 599 && Number(retryAfter) <= 600;
  return { status: response.status, text: response.text, headers, waits };
}

describe("console sign-in answers", () => {
  let server: TestServer;
  let email: string;
  beforeAll(async () => {
    server = await startTestServer({
      trustProxy: { hops: 1 },
      authFailuresPerAddress: 1_000,
      authFailuresPerSid: 2,
      authFailureWindowSeconds: 600,
    });
    ({ email } = await server.createConsoleUser({ email: "known@example.com", role: "developer" }));
  });
  afterAll(() => server.close());

  const signIn = (address: string, body: unknown) =>
    server.request("POST", "/console/api/session", {
      headers: { "content-type": "application/json", "x-forwarded-for": address },
      body: JSON.stringify(body),
    });

  it("answers an unknown email exactly as a wrong password, headers included, then 429 alike", async () => {
    const known: ReturnType<typeof answer>[] = [];
    const unknown: ReturnType<typeof answer>[] = [];
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      known.push(answer(await signIn(`198.51.100.${attempt}`, { email, password: "not the right one" })));
      unknown.push(answer(await signIn(`203.0.113.${attempt}`, { email: "nobody@example.com", password: "nor this" })));
    }
    expect(unknown).toEqual(known);
    expect(known.map((entry) => entry.status)).toEqual([401, 401, 429]);
    expect(known[0]?.headers["set-cookie"]).toBeUndefined();
    expect(known.map((entry) => entry.waits)).toEqual([null, null, true]);
  });

  it("answers a malformed email as an unknown one, and takes no password over 1024 bytes", async () => {
    const malformed = await signIn("192.0.2.1", { email: "no at sign", password: "whatever it is" });
    expectConsoleError(malformed, 401, 20003, "The email or password is wrong");
    const huge = await signIn("192.0.2.2", { email: "someone@example.com", password: "p".repeat(1025) });
    expectConsoleError(huge, 401, 20003, "The email or password is wrong");
  });
});
