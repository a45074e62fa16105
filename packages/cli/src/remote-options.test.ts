import { describe, expect, it } from "vitest";
import { DEFAULT_URL, resolveRemote } from "./remote-options.js";

const TOKEN_ENV = { TWILIO_ACCOUNT_SID: "ACenv", TWILIO_AUTH_TOKEN: "token-env" };
const KEY_ENV = { TWILIO_API_KEY: "SKenv", TWILIO_API_SECRET: "secret-env" };

describe("resolveRemote", () => {
  it("uses the default URL and the Account SID pair from the environment", () => {
    expect(resolveRemote({}, TOKEN_ENV)).toEqual({
      ok: true,
      target: { baseUrl: DEFAULT_URL, username: "ACenv", password: "token-env" },
    });
  });

  it("takes --url over LATCHKEY_URL over the default", () => {
    const env = { ...TOKEN_ENV, LATCHKEY_URL: "http://env:1" };
    expect(resolveRemote({}, env)).toMatchObject({ target: { baseUrl: "http://env:1" } });
    expect(resolveRemote({ url: "https://flag:2" }, env)).toMatchObject({ target: { baseUrl: "https://flag:2" } });
  });

  it("prefers an API key pair over an Account SID pair in the environment", () => {
    expect(resolveRemote({}, { ...TOKEN_ENV, ...KEY_ENV })).toMatchObject({
      target: { username: "SKenv", password: "secret-env" },
    });
  });

  it("lets credential flags win over the environment", () => {
    const env = { ...TOKEN_ENV, ...KEY_ENV };
    expect(resolveRemote({ accountSid: "ACflag", authToken: "token-flag" }, env)).toMatchObject({
      target: { username: "ACflag", password: "token-flag" },
    });
    expect(resolveRemote({ apiKey: "SKflag", apiSecret: "secret-flag" }, env)).toMatchObject({
      target: { username: "SKflag", password: "secret-flag" },
    });
  });

  it("treats empty values as not given", () => {
    expect(resolveRemote({ url: "" }, { ...TOKEN_ENV, LATCHKEY_URL: "", TWILIO_API_KEY: "" })).toMatchObject({
      target: { baseUrl: DEFAULT_URL, username: "ACenv" },
    });
  });

  it("rejects half a pair of flags rather than completing it from the environment", () => {
    expect(resolveRemote({ accountSid: "ACflag" }, TOKEN_ENV)).toEqual({
      ok: false,
      message: "--account-sid is given without --auth-token",
    });
    expect(resolveRemote({ apiSecret: "s" }, TOKEN_ENV)).toEqual({
      ok: false,
      message: "--api-secret is given without --api-key",
    });
  });

  it("rejects both pairs of flags at once", () => {
    const flags = { accountSid: "AC", authToken: "t", apiKey: "SK", apiSecret: "s" };
    expect(resolveRemote(flags, {})).toMatchObject({ ok: false, message: expect.stringContaining("not both") });
  });

  it("explains what is missing when there are no credentials", () => {
    const none = resolveRemote({}, {});
    expect(none).toMatchObject({ ok: false, message: expect.stringMatching(/^no credentials: pass --account-sid/) });
    expect(resolveRemote({}, { TWILIO_API_KEY: "SK" })).toMatchObject({
      ok: false,
      message: expect.stringContaining("; TWILIO_API_KEY is set without TWILIO_API_SECRET"),
    });
  });

  it("rejects URLs that are not http(s) or that carry credentials", () => {
    expect(resolveRemote({ url: "ftp://x" }, TOKEN_ENV)).toMatchObject({
      ok: false,
      message: "the server URL must be an http or https URL, got ftp://x",
    });
    expect(resolveRemote({ url: "nonsense" }, TOKEN_ENV)).toMatchObject({ ok: false });
    expect(resolveRemote({ url: "http://AC:token@host" }, TOKEN_ENV)).toMatchObject({
      ok: false,
      message: expect.stringContaining("must not carry credentials"),
    });
  });
});
