/**
 * The identity of an Access Token is bounded (256 characters, the largest bound Twilio documents for
 * an identity: error 54351), so the `X-Latchkey-Identity` header a gateway forwards stays within
 * 2,304 bytes (9 per character, percent-encoded UTF-8), far below the 4–16 KiB that nginx and Node
 * accept. Longer identities make the token invalid: 401/20101 saying why.
 */
import { describe, expect, it } from "vitest";
import { type CreatedKey, createStandardKey } from "../support/route-fixtures.js";
import { useServer } from "../support/use-server.js";
import { authorizeWithToken, checkRequestWithToken, officialToken } from "./token-fixtures.js";

const TOO_LONG = {
  code: 20101,
  message: "Access Token identity is longer than 256 characters",
  more_info: "https://www.twilio.com/docs/errors/20101",
  status: 401,
};

describe("Access Token identity bound", () => {
  const { server, clock } = useServer({ fakeClock: true });

  const mint = (key: CreatedKey, identity: string) =>
    officialToken({ accountSid: server.accountSid, keySid: key.sid, secret: key.password, identity, at: clock.now() });

  it("refuses a 5,000-character identity with 401/20101 and no identity header", async () => {
    const key = await createStandardKey(server);
    const token = mint(key, "x".repeat(5_000));

    const decision = await authorizeWithToken(server, token);
    expect(decision.json).toMatchObject({ allowed: false, reason: "authentication_failed", error: TOO_LONG });
    expect(decision.json).not.toHaveProperty("identity");
    const check = await checkRequestWithToken(server, token);
    expect({
      status: check.status,
      code: check.headers.get("x-latchkey-error-code"),
      identity: check.headers.get("x-latchkey-identity"),
      body: check.json,
    }).toEqual({ status: 401, code: "20101", identity: null, body: TOO_LONG });
  });

  it("refuses 257 characters and accepts 256", async () => {
    const key = await createStandardKey(server);

    expect((await authorizeWithToken(server, mint(key, "a".repeat(257)))).json.error).toEqual(TOO_LONG);
    expect((await authorizeWithToken(server, mint(key, "a".repeat(256)))).json).toMatchObject({
      allowed: true,
      identity: "a".repeat(256),
    });
  });

  it("keeps the widest identity's header within 2,304 bytes, and it decodes back", async () => {
    const key = await createStandardKey(server);
    // U+0800 is the first 3-byte UTF-8 character: the most bytes per UTF-16 unit once percent-encoded.
    const widest = "\u0800".repeat(256);

    const check = await checkRequestWithToken(server, mint(key, widest));

    expect(check.status).toBe(204);
    const header = check.headers.get("x-latchkey-identity") ?? "";
    expect(header.length).toBe(2_304);
    expect(header).toMatch(/^[\x21-\x7e]+$/);
    expect(decodeURIComponent(header)).toBe(widest);
  });
});
