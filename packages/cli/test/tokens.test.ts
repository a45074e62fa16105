import { beforeEach, describe, expect, it } from "vitest";
import { createStandardKey } from "../../server/test/support/route-fixtures.js";
import { GATEWAY_TOKEN } from "../../server/test/support/test-server.js";
import { useServer } from "../../server/test/support/use-server.js";
import { runCli } from "./run-cli.js";

/** The variables the command reads, emptied so the developer's own shell cannot leak into a test. */
const NO_CREDENTIAL_ENV = {
  TWILIO_ACCOUNT_SID: "",
  TWILIO_AUTH_TOKEN: "",
  TWILIO_API_KEY: "",
  TWILIO_API_SECRET: "",
};

const decodeSegment = (jwt: string, index: number) =>
  JSON.parse(Buffer.from(jwt.split(".")[index] ?? "", "base64url").toString("utf8"));

describe("latchkey tokens create", () => {
  // ie1 beside the default us1: a token's --region (its twr header) decides which region verifies it.
  const { server } = useServer({ regions: ["us1", "ie1"] });
  let key: { sid: string; password: string };
  let asKey: string[];

  beforeEach(async () => {
    key = await createStandardKey(server);
    asKey = ["--account-sid", server.accountSid, "--api-key", key.sid, "--api-secret", key.password];
  });

  const run = (args: readonly string[], env: NodeJS.ProcessEnv = {}) =>
    runCli(["tokens", "create", ...args], { ...NO_CREDENTIAL_ENV, ...env });

  /** The decision API, judging in the region of the target URL's host (`video.twilio.com`: us1). */
  const authorize = (jwt: string, targetHost = "video.twilio.com") =>
    server.request("POST", "/v1/Authorize", {
      auth: `Bearer ${GATEWAY_TOKEN}`,
      form: { Method: "GET", Url: `https://${targetHost}/v1/Rooms`, Authorization: `Bearer ${jwt}` },
    });

  /** A standard key made in ie1 (where alone it exists), through the REST API with ie1's Host. */
  async function createIe1Key(): Promise<{ sid: string; password: string }> {
    const response = await server.request("POST", "/v1/Keys", {
      host: "iam.ie1.twilio.com",
      auth: { user: server.accountSid, password: server.authTokens.ie1 ?? "" },
      form: { AccountSid: server.accountSid, FriendlyName: "ie1" },
    });
    expect(response.status).toBe(201);
    return { sid: response.json.sid, password: response.json.secret };
  }

  it("mints a token with every kind of grant that Latchkey verifies with the same grants", async () => {
    const result = await run([
      "--identity",
      "alice",
      "--grant",
      "video:room=r1",
      "--grant",
      "voice:incoming.allow=true",
      "--grant",
      `voice:outgoing.application_sid=AP${"a".repeat(32)}`,
      "--grant",
      "voice:outgoing.params.plan=pro=plus",
      "--grant",
      `chat:service_sid=IS${"c".repeat(32)}`,
      "--grant",
      "sync",
      "--grant",
      `task_router:workspace_sid=WS${"1".repeat(32)}`,
      "--grant",
      "taskrouter:role=worker",
      "--grant",
      'playback:grant={"playbackUrl":"https://example.com/live.m3u8"}',
      "--ttl",
      "600",
      ...asKey,
    ]);

    expect(result).toMatchObject({ code: 0, stderr: "" });
    const jwt = result.stdout.trim();
    expect(result.stdout).toBe(`${jwt}\n`);
    const expectedGrants = {
      identity: "alice",
      video: { room: "r1" },
      voice: {
        incoming: { allow: true },
        outgoing: { application_sid: `AP${"a".repeat(32)}`, params: { plan: "pro=plus" } },
      },
      chat: { service_sid: `IS${"c".repeat(32)}` },
      data_sync: {},
      task_router: { workspace_sid: `WS${"1".repeat(32)}`, role: "worker" },
      player: { playbackUrl: "https://example.com/live.m3u8" },
    };
    const claims = decodeSegment(jwt, 1);
    expect(claims).toMatchObject({ iss: key.sid, sub: server.accountSid, grants: expectedGrants });
    expect(claims.exp - claims.iat).toBe(600);

    const decision = await authorize(jwt);
    expect(decision.json).toMatchObject({
      allowed: true,
      account_sid: server.accountSid,
      credential_sid: key.sid,
      credential_type: "access_token",
      identity: "alice",
      grants: expectedGrants,
    });
  });

  it("reads the key from the environment and prints JSON with --json", async () => {
    const ie1Key = await createIe1Key();
    const result = await run(
      ["--identity", "bob", "--algorithm", "HS512", "--region", "ie1", "--ttl", "900", "--json"],
      { TWILIO_ACCOUNT_SID: server.accountSid, TWILIO_API_KEY: ie1Key.sid, TWILIO_API_SECRET: ie1Key.password },
    );

    expect(result).toMatchObject({ code: 0, stderr: "" });
    const printed = JSON.parse(result.stdout);
    expect(Object.keys(printed)).toEqual(["token", "identity", "expires_at"]);
    expect(printed.identity).toBe("bob");
    expect(decodeSegment(printed.token, 0)).toEqual({ alg: "HS512", typ: "JWT", cty: "twilio-fpa;v=1", twr: "ie1" });
    const claims = decodeSegment(printed.token, 1);
    expect(printed.expires_at).toBe(new Date(claims.exp * 1000).toISOString().replace(".000Z", "Z"));
    expect(claims.exp - claims.iat).toBe(900);
    expect((await authorize(printed.token, "video.ie1.twilio.com")).json).toMatchObject({
      allowed: true,
      credential_sid: ie1Key.sid,
      identity: "bob",
    });
  });

  it("writes --region into the header, so only that region verifies the token", async () => {
    // The us1 key's token with twr ie1 is judged by ie1, where the key does not exist; without
    // --region (no twr: a us1 token, as on Twilio) the same key's token is allowed in us1.
    const withRegion = await run(["--identity", "bob", "--region", "ie1", ...asKey]);
    expect(withRegion.code).toBe(0);
    expect(decodeSegment(withRegion.stdout.trim(), 0).twr).toBe("ie1");
    const inUs1 = (await authorize(withRegion.stdout.trim())).json;
    const inIe1 = (await authorize(withRegion.stdout.trim(), "video.ie1.twilio.com")).json;
    const refused = {
      allowed: false,
      account_sid: null,
      credential_sid: null,
      credential_type: null,
      permission: null,
      missing_permission: null,
      reason: "authentication_failed",
      error: {
        code: 20101,
        message: "Invalid Access Token",
        more_info: "https://www.twilio.com/docs/errors/20101",
        status: 401,
      },
    };
    expect(inUs1).toEqual(refused);
    expect(inIe1).toEqual(refused);
    const withoutRegion = await run(["--identity", "bob", ...asKey]);
    expect(decodeSegment(withoutRegion.stdout.trim(), 0).twr).toBeUndefined();
    expect((await authorize(withoutRegion.stdout.trim())).json).toMatchObject({
      allowed: true,
      credential_sid: key.sid,
    });
  });

  it("writes --nbf into the token", async () => {
    const result = await run(["--identity", "carol", "--nbf", "1700000000", ...asKey]);
    expect(result.code).toBe(0);
    expect(decodeSegment(result.stdout.trim(), 1).nbf).toBe(1_700_000_000);
  });

  it.each([
    [
      ["--grant", "fax:to=1"],
      'unknown grant product "fax" in --grant fax:to=1; use one of: video, voice, chat, sync, taskrouter, playback',
    ],
    [
      ["--grant", "video:rooms=r1"],
      'unknown field "rooms" for video grants in --grant video:rooms=r1; use one of: room',
    ],
    [["--grant", "video:room"], "--grant video:room must be video:field=value (or video alone)"],
    [["--grant", "video:room="], "--grant video:room= must be video:field=value (or video alone)"],
    [["--grant", "video:room=a", "--grant", "video:room=b"], "video:room is given twice"],
    [["--grant", "voice:incoming.allow=yes"], "voice:incoming.allow must be true or false, got yes"],
    [["--grant", "voice:outgoing.params.x=1"], "voice:outgoing.params.* needs voice:outgoing.application_sid"],
    [["--grant", "playback:grant=nope"], "playback:grant must be a JSON object"],
    [["--ttl", "86401"], "--ttl must be a whole number of seconds from 1 to 86400, got 86401"],
    [["--ttl", "1h"], "--ttl must be a whole number of seconds from 1 to 86400, got 1h"],
    [["--nbf", "-5"], "--nbf must be a Unix time in whole seconds, got -5"],
  ])("exits 1 on %j, saying why", async (args, message) => {
    const result = await run(["--identity", "alice", ...args, ...asKey]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`latchkey tokens create: ${message}`);
  });

  it("exits 1 without an API key, or with an Account SID where the key belongs", async () => {
    const none = await run(["--identity", "alice"], {
      TWILIO_ACCOUNT_SID: server.accountSid,
      TWILIO_AUTH_TOKEN: server.authToken,
    });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(
      "no API key: pass --api-key and --api-secret or set TWILIO_API_KEY and TWILIO_API_SECRET",
    );
    const half = await run(["--identity", "alice", "--api-key", key.sid, "--account-sid", server.accountSid]);
    expect(half.stderr).toContain("--api-key is given without --api-secret");
    const authToken = await run([
      "--identity",
      "alice",
      ...["--account-sid", server.accountSid, "--api-key", server.accountSid, "--api-secret", server.authToken],
    ]);
    expect(authToken.code).toBe(1);
    expect(authToken.stderr).toContain("keySid must be an API key SID");
    const noAccount = await run(["--identity", "alice", "--api-key", key.sid, "--api-secret", key.password]);
    expect(noAccount.stderr).toContain("no Account SID: pass --account-sid or set TWILIO_ACCOUNT_SID");
  });

  it("mints with a wrong secret, which Latchkey then refuses (20101)", async () => {
    const result = await run(["--identity", "alice", ...asKey.slice(0, -1), "not-the-secret"]);
    expect(result.code).toBe(0);
    expect((await authorize(result.stdout.trim())).json).toMatchObject({ allowed: false, error: { code: 20101 } });
  });
});
