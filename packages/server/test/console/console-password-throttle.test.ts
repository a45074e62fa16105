/**
 * A wrong current password on POST /console/api/password is a failed password check like a failed sign-in:
 * counted per address and per email by the same AuthThrottles, so a borrowed session cannot guess the
 * password at scrypt speed, while the right password from elsewhere still works.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONSOLE_TEST_PASSWORD, type ConsoleSignIn, startTestServer, type TestServer } from "../support/test-server.js";
import { expectConsoleError } from "./console-fixtures.js";

const TOO_MANY = "Too many failed authentication attempts; retry later";

describe("console password change throttling", () => {
  let server: TestServer;
  let browser: ConsoleSignIn;
  beforeAll(async () => {
    server = await startTestServer({
      trustProxy: { hops: 1 },
      authFailuresPerAddress: 3,
      authFailuresPerSid: 3,
      authFailureWindowSeconds: 600,
    });
    const user = await server.createConsoleUser({ email: "guessed@example.com", role: "owner" });
    browser = await server.signInToConsole(user.email, user.password);
  });
  afterAll(() => server.close());

  const changePassword = (address: string, currentPassword: string) =>
    server.request("POST", "/console/api/password", {
      headers: { ...browser.headers(true), "x-forwarded-for": address },
      body: JSON.stringify({ current_password: currentPassword, new_password: `${CONSOLE_TEST_PASSWORD} next` }),
    });

  it("counts wrong current passwords: the limit-th is 400, then the address gets 429", async () => {
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      expectConsoleError(
        await changePassword("198.51.100.7", `guess number ${attempt}`),
        400,
        20001,
        "The current password is wrong",
      );
    }
    const refused = await changePassword("198.51.100.7", CONSOLE_TEST_PASSWORD);
    expectConsoleError(refused, 429, 20429, TOO_MANY);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    // The password was not changed.
    expect((await server.deployment.directory.users.findByEmail("guessed@example.com"))?.dateUpdated).toBe(
      (await server.deployment.directory.users.findByEmail("guessed@example.com"))?.dateCreated,
    );
  });

  it("answers the email's further guesses from other addresses with 429, yet takes the right password", async () => {
    const guess = await changePassword("203.0.113.8", "one more guess");
    expectConsoleError(guess, 429, 20429, TOO_MANY);
    const right = await changePassword("203.0.113.9", CONSOLE_TEST_PASSWORD);
    expect(right.status).toBe(200);
  });
});
