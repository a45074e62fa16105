import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { secureRandom } from "../ports.js";
import { SecretKeeper } from "./secret-keeper.js";

const keeper = () => new SecretKeeper(randomBytes(32), secureRandom);

describe("SecretKeeper", () => {
  it("matches a secret against its verifier and rejects any other", () => {
    const secrets = keeper();
    const verifier = secrets.verifierOf("s3cret");
    expect(secrets.matches("s3cret", verifier)).toBe(true);
    expect(secrets.matches("s3creT", verifier)).toBe(false);
    expect(secrets.matches("", verifier)).toBe(false);
  });

  it("makes verifiers that depend on the master key, so a stolen table cannot be checked offline", () => {
    expect(keeper().verifierOf("same").equals(keeper().verifierOf("same"))).toBe(false);
  });

  it("seals without plaintext and opens back to the secret", () => {
    const secrets = keeper();
    const sealed = secrets.seal("abcdefghijklmnopqrstuvwxyz012345", "SK1");
    expect(sealed).not.toContain("abcdefghij");
    expect(sealed.startsWith("v1.")).toBe(true);
    expect(secrets.open(sealed, "SK1")).toBe("abcdefghijklmnopqrstuvwxyz012345");
  });

  it("refuses to open a sealed secret moved to another SID or tampered with", () => {
    const secrets = keeper();
    const sealed = secrets.seal("secret", "SK1");
    expect(() => secrets.open(sealed, "SK2")).toThrow();
    const tampered = `${sealed.slice(0, -2)}${sealed.endsWith("A") ? "B" : "A"}${sealed.slice(-1)}`;
    expect(() => secrets.open(tampered, "SK1")).toThrow();
  });

  it("gives a master-key check that differs between keys", () => {
    const master = randomBytes(32);
    expect(new SecretKeeper(master, secureRandom).masterKeyCheck()).toBe(
      new SecretKeeper(master, secureRandom).masterKeyCheck(),
    );
    expect(keeper().masterKeyCheck()).not.toBe(keeper().masterKeyCheck());
  });

  it("refuses a master key that is not 32 bytes", () => {
    expect(() => new SecretKeeper(randomBytes(16), secureRandom)).toThrow("exactly 32 bytes");
  });
});
