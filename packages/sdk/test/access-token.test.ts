/**
 * Our Access Tokens against the official `twilio` library's: with the same inputs at the same frozen
 * instant, the two JWTs must be the same bytes, for every algorithm, grant, region and nbf.
 */
import { createHmac } from "node:crypto";
import {
  AccessToken,
  type AccessTokenAlgorithm,
  type AccessTokenGrant,
  ChatGrant,
  PlaybackGrant,
  SyncGrant,
  TaskRouterGrant,
  VideoGrant,
  VoiceGrant,
} from "@latchkey/sdk";
import twilio from "twilio";
import { afterEach, describe, expect, it, vi } from "vitest";

const Official = twilio.jwt.AccessToken;
type OfficialGrant = Parameters<InstanceType<typeof Official>["addGrant"]>[0];
const ACCOUNT_SID = `AC${"0123456789abcdef".repeat(2)}`;
const KEY_SID = `SK${"fedcba9876543210".repeat(2)}`;
const SECRET = "s3cr3tS3cr3tS3cr3tS3cr3tS3cr3t00";
/** 2026-11-20T10:06:49.123Z: milliseconds included, to prove both floor to the same second. */
const INSTANT = 1_795_601_209_123;
const ALGORITHMS: readonly AccessTokenAlgorithm[] = ["HS256", "HS384", "HS512"];

interface Inputs {
  readonly identity: string;
  readonly ttl?: number;
  readonly nbf?: number;
  readonly region?: string;
}

/** The same grant for both libraries: ours and the official one, built from the same options. */
interface GrantPair {
  readonly name: string;
  readonly ours: () => AccessTokenGrant;
  readonly theirs: () => OfficialGrant;
}

const GRANTS: readonly GrantPair[] = [
  {
    name: "video",
    ours: () => new VideoGrant({ room: "daily-standup" }),
    theirs: () => new Official.VideoGrant({ room: "daily-standup" }),
  },
  { name: "video (any room)", ours: () => new VideoGrant(), theirs: () => new Official.VideoGrant() },
  {
    name: "voice",
    ours: () =>
      new VoiceGrant({
        incomingAllow: true,
        outgoingApplicationSid: `AP${"1".repeat(32)}`,
        outgoingApplicationParams: { plan: "pro", seats: 3, nested: { ok: true } },
        pushCredentialSid: `CR${"2".repeat(32)}`,
        endpointId: "alice-laptop",
      }),
    theirs: () =>
      new Official.VoiceGrant({
        incomingAllow: true,
        outgoingApplicationSid: `AP${"1".repeat(32)}`,
        outgoingApplicationParams: { plan: "pro", seats: 3, nested: { ok: true } },
        pushCredentialSid: `CR${"2".repeat(32)}`,
        endpointId: "alice-laptop",
      }),
  },
  {
    name: "voice (incoming false, params without app)",
    ours: () => new VoiceGrant({ incomingAllow: false, outgoingApplicationParams: { dropped: true } }),
    theirs: () => new Official.VoiceGrant({ incomingAllow: false, outgoingApplicationParams: { dropped: true } }),
  },
  {
    name: "chat",
    ours: () =>
      new ChatGrant({
        serviceSid: `IS${"3".repeat(32)}`,
        endpointId: "app:alice:device",
        deploymentRoleSid: `RL${"4".repeat(32)}`,
        pushCredentialSid: `CR${"5".repeat(32)}`,
      }),
    theirs: () =>
      new Official.ChatGrant({
        serviceSid: `IS${"3".repeat(32)}`,
        endpointId: "app:alice:device",
        deploymentRoleSid: `RL${"4".repeat(32)}`,
        pushCredentialSid: `CR${"5".repeat(32)}`,
      }),
  },
  {
    name: "sync",
    ours: () => new SyncGrant({ serviceSid: `IS${"6".repeat(32)}`, endpointId: "sync-endpoint" }),
    theirs: () => new Official.SyncGrant({ serviceSid: `IS${"6".repeat(32)}`, endpointId: "sync-endpoint" }),
  },
  {
    name: "taskrouter",
    ours: () =>
      new TaskRouterGrant({ workspaceSid: `WS${"7".repeat(32)}`, workerSid: `WK${"8".repeat(32)}`, role: "worker" }),
    theirs: () =>
      new Official.TaskRouterGrant({
        workspaceSid: `WS${"7".repeat(32)}`,
        workerSid: `WK${"8".repeat(32)}`,
        role: "worker",
      }),
  },
  {
    name: "playback",
    ours: () =>
      new PlaybackGrant({
        grant: { requestCredentials: null, playbackUrl: "https://example.com/live.m3u8", playerStreamerSid: "VJ1" },
      }),
    theirs: () =>
      new Official.PlaybackGrant({
        grant: { requestCredentials: null, playbackUrl: "https://example.com/live.m3u8", playerStreamerSid: "VJ1" },
      }),
  },
  { name: "playback (empty)", ours: () => new PlaybackGrant(), theirs: () => new Official.PlaybackGrant() },
];

function ours(inputs: Inputs, grants: readonly GrantPair[], algorithm?: AccessTokenAlgorithm): string {
  const token = new AccessToken(ACCOUNT_SID, KEY_SID, SECRET, { ...inputs, now: () => INSTANT });
  for (const grant of grants) token.addGrant(grant.ours());
  return token.toJwt(algorithm);
}

function theirs(inputs: Inputs, grants: readonly GrantPair[], algorithm?: AccessTokenAlgorithm): string {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(INSTANT);
  try {
    const token = new Official(ACCOUNT_SID, KEY_SID, SECRET, inputs);
    for (const grant of grants) token.addGrant(grant.theirs());
    return token.toJwt(algorithm);
  } finally {
    vi.useRealTimers();
  }
}

function decode(jwt: string): { header: unknown; claims: any } {
  const [header = "", claims = ""] = jwt.split(".");
  return {
    header: JSON.parse(Buffer.from(header, "base64url").toString("utf8")),
    claims: JSON.parse(Buffer.from(claims, "base64url").toString("utf8")),
  };
}

describe("AccessToken is byte-compatible with the official twilio library", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  describe.each(ALGORITHMS)("%s", (algorithm) => {
    it.each(GRANTS.map((grant) => [grant.name, grant] as const))("with a %s grant", (_name, grant) => {
      const inputs = { identity: "alice", ttl: 600 };
      expect(ours(inputs, [grant], algorithm)).toBe(theirs(inputs, [grant], algorithm));
    });

    it("with every grant at once, a region and nbf", () => {
      const inputs = { identity: "alice@example.com", ttl: 86_400, nbf: 1_795_600_000, region: "ie1" };
      const jwt = ours(inputs, GRANTS, algorithm);
      expect(jwt).toBe(theirs(inputs, GRANTS, algorithm));
      expect(decode(jwt).header).toEqual({ alg: algorithm, typ: "JWT", cty: "twilio-fpa;v=1", twr: "ie1" });
    });

    it("with no grant, the default ttl, nbf 0 and a unicode identity", () => {
      const inputs = { identity: 'Zoë 🦊 "quoted" \\ </script>', nbf: 0 };
      expect(ours(inputs, [], algorithm)).toBe(theirs(inputs, [], algorithm));
    });
  });

  it("uses HS256 by default, or the constructor's algorithm", () => {
    const inputs = { identity: "bob", region: "au1" };
    expect(ours(inputs, [GRANTS[0] as GrantPair])).toBe(theirs(inputs, [GRANTS[0] as GrantPair]));
    const hs512 = new AccessToken(ACCOUNT_SID, KEY_SID, SECRET, { ...inputs, algorithm: "HS512", now: () => INSTANT });
    expect(hs512.toJwt()).toBe(theirs(inputs, [], "HS512"));
  });

  it("lets a second grant of one product replace the first, in the first one's place", () => {
    const pairs = [GRANTS[0], GRANTS[4], GRANTS[1]] as GrantPair[];
    const inputs = { identity: "carol" };
    const jwt = ours(inputs, pairs);
    expect(jwt).toBe(theirs(inputs, pairs));
    expect(Object.keys(decode(jwt).claims.grants)).toEqual(["identity", "video", "chat"]);
  });

  it("writes the claims in the documented order and shape", () => {
    const jwt = ours({ identity: "alice", ttl: 600, nbf: 1_795_600_000 }, [GRANTS[0] as GrantPair]);
    const { header, claims } = decode(jwt);
    const iat = Math.floor(INSTANT / 1000);
    expect(JSON.stringify(header)).toBe('{"alg":"HS256","typ":"JWT","cty":"twilio-fpa;v=1"}');
    expect(Object.keys(claims)).toEqual(["jti", "grants", "nbf", "iat", "exp", "iss", "sub"]);
    expect(claims).toEqual({
      jti: `${KEY_SID}-${iat}`,
      grants: { identity: "alice", video: { room: "daily-standup" } },
      nbf: 1_795_600_000,
      iat,
      exp: iat + 600,
      iss: KEY_SID,
      sub: ACCOUNT_SID,
    });
    const [head, body, signature] = jwt.split(".");
    expect(signature).toBe(createHmac("sha256", SECRET).update(`${head}.${body}`).digest("base64url"));
  });

  it("stamps the clock at each toJwt call", () => {
    let now = INSTANT;
    const token = new AccessToken(ACCOUNT_SID, KEY_SID, SECRET, { identity: "alice", now: () => now });
    const first = decode(token.toJwt()).claims;
    now += 5000;
    const second = decode(token.toJwt()).claims;
    expect(second.iat - first.iat).toBe(5);
    expect(second.jti).toBe(`${KEY_SID}-${second.iat}`);
  });

  describe("refuses", () => {
    const make = (options: Record<string, unknown>, sids: [string, string] = [ACCOUNT_SID, KEY_SID]) =>
      new AccessToken(sids[0], sids[1], SECRET, { identity: "alice", ...options } as any);

    it.each([0, -1, 86_401, 1.5, Number.NaN, Number.POSITIVE_INFINITY])("ttl %s", (ttl) => {
      expect(() => make({ ttl })).toThrow(RangeError);
    });

    it("the maximum ttl of 86400 is fine", () => {
      expect(() => make({ ttl: 86_400 })).not.toThrow();
    });

    it.each([-1, 1.5, Number.NaN])("nbf %s", (nbf) => {
      expect(() => make({ nbf })).toThrow(RangeError);
    });

    it.each([
      ["", "empty"],
      ["eu west", "spaces"],
      ["dublin\u00e9", "non-ASCII"],
    ])("region %j (%s)", (region) => {
      expect(() => make({ region })).toThrow(TypeError);
    });

    it("an Account SID as the key: Auth Tokens cannot sign Access Tokens", () => {
      expect(() => make({}, [ACCOUNT_SID, ACCOUNT_SID])).toThrow(/API key SID/);
    });

    it("a malformed Account SID, an empty secret or identity", () => {
      expect(() => make({}, [KEY_SID, KEY_SID])).toThrow(/Account SID/);
      expect(() => new AccessToken(ACCOUNT_SID, KEY_SID, "", { identity: "alice" })).toThrow(/keySecret/);
      expect(() => make({ identity: "" })).toThrow(/identity/);
    });

    it("an unknown algorithm", () => {
      expect(() => make({ algorithm: "RS256" })).toThrow(/Allowed values are HS256, HS384, HS512/);
      expect(() => make({}).toJwt("none" as AccessTokenAlgorithm)).toThrow(TypeError);
    });

    it("a grant that would overwrite the identity", () => {
      expect(() => make({}).addGrant({ key: "identity", toPayload: () => ({}) })).toThrow(TypeError);
    });
  });

  it("never shows the secret when inspected or serialized", async () => {
    const token = make();
    const { inspect } = await import("node:util");
    expect(inspect(token)).not.toContain(SECRET);
    expect(JSON.stringify(token)).not.toContain(SECRET);
  });
});

function make(): AccessToken {
  return new AccessToken(ACCOUNT_SID, KEY_SID, SECRET, { identity: "alice" });
}
