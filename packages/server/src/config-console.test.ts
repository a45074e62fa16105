import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";

describe("loadConfig: the console", () => {
  it("names the first Owner user owner@localhost unless LATCHKEY_OWNER_EMAIL says otherwise", () => {
    expect(loadConfig({}).ownerEmail).toBe("owner@localhost");
    expect(loadConfig({ LATCHKEY_OWNER_EMAIL: "" }).ownerEmail).toBe("owner@localhost");
    expect(loadConfig({ LATCHKEY_OWNER_EMAIL: "  Ops@Example.COM " }).ownerEmail).toBe("ops@example.com");
  });

  it("refuses a LATCHKEY_OWNER_EMAIL that is not an email address, naming the variable", () => {
    const message =
      "LATCHKEY_OWNER_EMAIL must be an email address such as owner@example.com (one @, no spaces, at most 254 characters)";
    for (const bad of ["owner", "a@b@c", "owner @example.com", "@", `${"a".repeat(250)}@b.co`]) {
      expect(() => loadConfig({ LATCHKEY_OWNER_EMAIL: bad })).toThrow(new ConfigError(message));
    }
  });

  it("ends idle console sessions after LATCHKEY_CONSOLE_IDLE_MINUTES, 30 by default, 1 to 1440", () => {
    expect(loadConfig({}).consoleIdleTimeoutMs).toBe(30 * 60_000);
    expect(loadConfig({ LATCHKEY_CONSOLE_IDLE_MINUTES: "1" }).consoleIdleTimeoutMs).toBe(60_000);
    expect(loadConfig({ LATCHKEY_CONSOLE_IDLE_MINUTES: "1440" }).consoleIdleTimeoutMs).toBe(1440 * 60_000);
    for (const bad of ["0", "1441", "-5", "1.5", "ten"]) {
      expect(() => loadConfig({ LATCHKEY_CONSOLE_IDLE_MINUTES: bad })).toThrow(
        new ConfigError("LATCHKEY_CONSOLE_IDLE_MINUTES must be an integer from 1 to 1440"),
      );
    }
  });
});
