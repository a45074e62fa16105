import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";

const KEY = Buffer.alloc(32, 7).toString("base64");

describe("loadConfig: LATCHKEY_MASTER_KEY_FILE", () => {
  it("reads the path, and treats an empty value as unset", () => {
    expect(loadConfig({ LATCHKEY_MASTER_KEY_FILE: "/etc/latchkey/master.key" }).masterKeyFile).toBe(
      "/etc/latchkey/master.key",
    );
    expect(loadConfig({ LATCHKEY_MASTER_KEY_FILE: "" }).masterKeyFile).toBeUndefined();
    expect(loadConfig({}).masterKeyFile).toBeUndefined();
  });

  it("refuses it together with LATCHKEY_MASTER_KEY", () => {
    const both = { LATCHKEY_MASTER_KEY: KEY, LATCHKEY_MASTER_KEY_FILE: "/etc/latchkey/master.key" };
    expect(() => loadConfig(both)).toThrow(
      new ConfigError("Set LATCHKEY_MASTER_KEY or LATCHKEY_MASTER_KEY_FILE, not both"),
    );
    expect(loadConfig({ ...both, LATCHKEY_MASTER_KEY: "" }).masterKeyFile).toBe("/etc/latchkey/master.key");
  });
});
