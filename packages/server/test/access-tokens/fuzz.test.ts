/**
 * A seeded property test of Access Token verification through the decision API. Valid tokens are
 * mutated in two ways:
 *
 * - tampered, as by someone without the key's secret: bit flips, truncation, inserted and deleted
 *   characters (unicode, dots, padding), swapped or replaced segments, edited headers and claims
 *   under the old signature, re-encodings. None of these may be allowed unless the signed part of the
 *   token is byte-for-byte the original and its signature decodes to the original bytes (the only
 *   semantic no-op: the same claims under the same signature).
 * - forged with the key's real secret but one defect each (a bad header, a claim of the wrong type,
 *   a lifetime over a day, an expiry in the past, a foreign issuer or subject, ...): each must be
 *   refused with its exact Twilio code.
 *
 * A third family signs odd but valid tokens (unicode and lone surrogates, deep and large grants):
 * they must be allowed, with their grants returned intact. Nothing may ever answer 500.
 *
 * LATCHKEY_FUZZ_SEED and LATCHKEY_FUZZ_CASES replay or widen a run; a failure names its seed and case.
 */
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStandardKey, EXAMPLE_INSTANT, FakeClock } from "../support/route-fixtures.js";
import { GATEWAY_TOKEN, startTestServer, type TestServer } from "../support/test-server.js";
import { everyOfficialGrant, Official, officialToken } from "./token-fixtures.js";

const SEED = Number(process.env.LATCHKEY_FUZZ_SEED ?? 0x1a7c4e);
const CASES = Number(process.env.LATCHKEY_FUZZ_CASES ?? 1500);
const NOW = Math.floor(EXAMPLE_INSTANT / 1000);
const SKEW = 60;
const HMAC_OF: Record<string, string> = { HS256: "sha256", HS384: "sha384", HS512: "sha512" };
const TOKEN_CODES = [20101, 20102, 20103, 20104];
/** Grants may nest this many levels of objects and arrays, their own object included; deeper is malformed. */
const MAX_DEPTH = 32;

/** mulberry32: small, fast and good enough to pick mutations; the same seed replays the same run. */
class Rng {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }
  int(below: number): number {
    return Math.floor(this.next() * below);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
}

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64url");
const json = (value: unknown) => b64(JSON.stringify(value));
const decode = (segment: string): unknown => JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));

const ODD_CHARACTERS = [
  ".",
  "..",
  "=",
  "==",
  " ",
  "\t",
  "\n",
  "\u0000",
  "+",
  "/",
  "-",
  "_",
  "é",
  "🦊",
  "\ud800",
  "\u202e",
];
const ODD_STRINGS = ["", " ", "é", "🦊", "\ud800", "\udfff\ud800", "\u0000", "a".repeat(5000), "%00", "<script>", "\\"];
const ODD_NUMBERS = [0, -1, 1.5, -0.5, 1e308, -1e308, 2 ** 53, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, 1e-9];

function randomJson(rng: Rng, depth = 0): unknown {
  switch (rng.int(depth > 2 ? 5 : 7)) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return rng.pick(ODD_NUMBERS);
    case 3:
      return rng.pick(ODD_STRINGS);
    case 4:
      return rng.int(2 ** 31);
    case 5:
      return Array.from({ length: rng.int(4) }, () => randomJson(rng, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: rng.int(5) }, () => [
          rng.pick(["alg", "typ", "cty", "iss", "sub", "exp", "iat", "nbf", "jti", "grants", "__proto__", "x"]),
          randomJson(rng, depth + 1),
        ]),
      );
  }
}

interface Base {
  readonly token: string;
  readonly grants: unknown;
}

interface Case {
  readonly family: "tampered" | "forged" | "odd-valid";
  readonly description: string;
  readonly token: string;
  /** For forged tokens: the codes the defect may be refused with. */
  readonly codes?: readonly number[];
  /** For odd but valid tokens: the grants they carry. */
  readonly grants?: unknown;
}

describe("Access Token fuzzing", () => {
  let server: TestServer;
  let key: { sid: string; password: string };
  let bases: Base[];
  const rng = new Rng(SEED);

  beforeAll(async () => {
    server = await startTestServer({
      clock: new FakeClock(),
      authFailuresPerAddress: 10_000_000,
      authFailuresPerSid: 10_000_000,
    });
    key = await createStandardKey(server);
    const mint = (options: Partial<Parameters<typeof officialToken>[0]>) =>
      officialToken({
        accountSid: server.accountSid,
        keySid: key.sid,
        secret: key.password,
        at: EXAMPLE_INSTANT,
        ...options,
      });
    bases = [
      mint({}),
      mint({ algorithm: "HS384", region: "us1", nbf: NOW - 5, grants: [new Official.VideoGrant({ room: "r1" })] }),
      mint({ algorithm: "HS512", identity: "Zoë 🦊", ttl: 86_400, grants: everyOfficialGrant() }),
    ].map((token) => ({ token, grants: (decode(token.split(".")[1] ?? "") as { grants: unknown }).grants }));
  });
  afterAll(async () => {
    await server.close();
  });

  // ---- tampered: no secret ------------------------------------------------------------------

  function tamper(token: string): { token: string; description: string } {
    const [header = "", claims = "", signature = ""] = token.split(".");
    const at = (text: string) => rng.int(text.length + 1);
    const mutations: Array<() => [string, string]> = [
      () => {
        const index = rng.int(token.length);
        const code = token.charCodeAt(index) ^ (1 << rng.int(8));
        return [
          `${token.slice(0, index)}${String.fromCharCode(code)}${token.slice(index + 1)}`,
          `bit flip at ${index}`,
        ];
      },
      () => {
        const index = rng.int(token.length);
        return [token.slice(0, index), `truncated to ${index}`];
      },
      () => {
        const index = at(token);
        const inserted = rng.pick(ODD_CHARACTERS);
        return [
          `${token.slice(0, index)}${inserted}${token.slice(index)}`,
          `inserted ${JSON.stringify(inserted)} at ${index}`,
        ];
      },
      () => {
        const from = rng.int(token.length);
        const length = 1 + rng.int(8);
        return [`${token.slice(0, from)}${token.slice(from + length)}`, `deleted ${length} at ${from}`];
      },
      () => [
        rng.pick([`${token}.`, `.${token}`, `${header}..${claims}.${signature}`, `${token}.${signature}`]),
        "extra dots",
      ],
      () => [`${json(randomJson(rng))}.${claims}.${signature}`, "random JSON header"],
      () => [`${header}.${json(randomJson(rng))}.${signature}`, "random JSON claims"],
      () => {
        const alg = rng.pick(["none", "HS256", "HS384", "HS512", "RS256"]);
        return [`${json({ alg, typ: "JWT", cty: "twilio-fpa;v=1" })}.${claims}`, `alg ${alg} without a signature`];
      },
      () => {
        const alg = rng.pick(["none", "HS256", "HS384", "HS512", "RS256"]);
        return [`${json({ alg, typ: "JWT", cty: "twilio-fpa;v=1" })}.${claims}.${signature}`, `alg ${alg} re-labelled`];
      },
      () => {
        const original = decode(claims) as Record<string, any>;
        const edits: Array<[string, Record<string, unknown>]> = [
          ["longer life", { exp: original.exp + 3600 }],
          ["another identity", { grants: { ...original.grants, identity: "mallory" } }],
          ["another room", { grants: { ...original.grants, video: { room: "board-meeting" } } }],
          ["no nbf", { nbf: undefined }],
          ["extra claim", { admin: true }],
          ["another issuer", { iss: `SK${"0".repeat(32)}` }],
        ];
        const [name, edit] = rng.pick(edits);
        return [`${header}.${json({ ...original, ...edit })}.${signature}`, `claims edited: ${name}`];
      },
      () => {
        // The same JSON, encoded otherwise: standard base64 with padding, or with whitespace.
        const which = rng.int(2);
        const segment = which === 0 ? header : claims;
        const reencoded = Buffer.from(segment, "base64url").toString("base64");
        const parts = [header, claims, signature];
        parts[which] = reencoded === segment ? `${segment}=` : reencoded;
        return [parts.join("."), `segment ${which} re-encoded`];
      },
      () => [`${claims}.${header}.${signature}`, "header and claims swapped"],
      () => {
        const length = Buffer.from(signature, "base64url").length;
        const random = Buffer.from(Array.from({ length }, () => rng.int(256))).toString("base64url");
        return [
          `${header}.${claims}.${rng.pick([random, "", signature.slice(0, -1), `${signature}A`])}`,
          "signature replaced",
        ];
      },
      () => {
        const secret = rng.pick([`${key.password.slice(0, -1)}x`, "", server.authToken, key.sid]);
        const hash = HMAC_OF[(decode(header) as { alg: string }).alg] ?? "sha256";
        const resigned = createHmac(hash, secret).update(`${header}.${claims}`).digest("base64url");
        return [`${header}.${claims}.${resigned}`, "signed with another secret"];
      },
      () => [rng.chance(0.5) ? token.toUpperCase() : token.toLowerCase(), "case changed"],
      () => {
        const repeat = 2 + rng.int(rng.chance(0.2) ? 300 : 20);
        return [
          rng.pick([token.repeat(repeat), `${header}.${claims.repeat(repeat)}.${signature}`]),
          `repeated ${repeat}x`,
        ];
      },
      // Same signed part, the signature written otherwise: a no-op the oracle must let through.
      () => [`${header}.${claims}.${signature}${rng.pick(["=", "==", " "])}`, "signature padded"],
    ];
    let current = token;
    const descriptions: string[] = [];
    const rounds = rng.chance(0.25) ? 2 + rng.int(2) : 1;
    for (let round = 0; round < rounds; round += 1) {
      // Later rounds mutate the previous round's output at the character level, so mutations compose.
      const [mutated, description] = round === 0 ? rng.pick(mutations)() : tamperAgain(current);
      current = mutated;
      descriptions.push(description);
    }
    return { token: current, description: descriptions.join(" + ") };
  }

  /** One more character-level mutation of an already mutated token. */
  function tamperAgain(current: string): [string, string] {
    const index = rng.int(current.length + 1);
    const choice = rng.int(3);
    if (choice === 0) return [current.slice(0, index), `then truncated to ${index}`];
    if (choice === 1) {
      const inserted = rng.pick(ODD_CHARACTERS);
      return [
        `${current.slice(0, index)}${inserted}${current.slice(index)}`,
        `then inserted ${JSON.stringify(inserted)}`,
      ];
    }
    const code = (current.charCodeAt(Math.min(index, current.length - 1)) || 65) ^ (1 << rng.int(8));
    return [
      `${current.slice(0, index)}${String.fromCharCode(code)}${current.slice(index + 1)}`,
      `then bit flip at ${index}`,
    ];
  }

  /** The only tampering allowed through: the same signed bytes and a signature decoding to the same bytes. */
  function isNoOp(effective: string, original: string): boolean {
    const parts = effective.split(".");
    const [header, claims, signature] = original.split(".");
    return (
      parts.length === 3 &&
      parts[0] === header &&
      parts[1] === claims &&
      Buffer.from(parts[2] ?? "", "base64url").equals(Buffer.from(signature ?? "", "base64url"))
    );
  }

  // ---- forged: the real secret, one defect ---------------------------------------------------

  function validClaims(): Record<string, unknown> {
    return {
      jti: `${key.sid}-${NOW}`,
      grants: { identity: "alice", video: { room: "r1" } },
      iat: NOW,
      exp: NOW + 600,
      iss: key.sid,
      sub: server.accountSid,
    };
  }

  /** Signs with the key's real secret; `claims` as a string is the claims JSON text itself. */
  function sign(header: unknown, claims: unknown): string {
    const alg = typeof header === "object" && header !== null ? (header as { alg?: unknown }).alg : undefined;
    const hash = (typeof alg === "string" && Object.hasOwn(HMAC_OF, alg) ? HMAC_OF[alg] : undefined) ?? "sha256";
    const signed = `${json(header)}.${typeof claims === "string" ? b64(claims) : json(claims)}`;
    return `${signed}.${createHmac(hash, key.password).update(signed).digest("base64url")}`;
  }

  const WRONG_TYPES: readonly unknown[] = ["1", 1.5, -1, 1e308, 2 ** 53, null, [], {}, true];

  function forge(): Case {
    const header: Record<string, unknown> = {
      alg: rng.pick(["HS256", "HS384", "HS512"]),
      typ: "JWT",
      cty: "twilio-fpa;v=1",
    };
    const claims = validClaims();
    const defects: Array<() => [string, readonly number[], unknown?, unknown?]> = [
      () => {
        const alg = rng.pick<unknown>([
          "none",
          "None",
          "NONE",
          "RS256",
          "ES256",
          "PS256",
          "hs256",
          "HS256 ",
          " HS256",
          "HS1",
          "constructor",
          "__proto__",
          "toString",
          "",
          256,
          null,
          ["HS256"],
          {},
        ]);
        return [`alg ${JSON.stringify(alg)}`, [20102], { ...header, alg }];
      },
      () => {
        const typ = rng.pick<unknown>([undefined, "jwt", "JWS", "", 1, null]);
        return [`typ ${JSON.stringify(typ)}`, [20102], { ...header, typ }];
      },
      () => {
        const cty = rng.pick<unknown>([
          undefined,
          "twilio-fpa;v=2",
          "twilio-fpa",
          " twilio-fpa;v=1",
          "TWILIO-FPA;V=1",
          0,
          null,
        ]);
        return [`cty ${JSON.stringify(cty)}`, [20102], { ...header, cty }];
      },
      () => {
        const twr = rng.pick<unknown>([1, null, {}, [], true]);
        return [`twr ${JSON.stringify(twr)}`, [20102], { ...header, twr }];
      },
      () => {
        const replaced = rng.pick<unknown>([[], "HS256", 1, null, [header]]);
        return [`header ${JSON.stringify(replaced)}`, [20102], replaced];
      },
      () => {
        const name = rng.pick(["iat", "exp", "nbf", "jti", "iss", "sub", "grants"]);
        const value = rng.pick(WRONG_TYPES.filter((candidate) => !(name === "grants" && isPlainObject(candidate))));
        // A string where a string belongs is not a type error: those are the issuer cases below.
        const typed = (name === "jti" || name === "iss" || name === "sub") && typeof value === "string" ? 7 : value;
        return [`${name} ${JSON.stringify(typed)}`, [20101], undefined, { ...claims, [name]: typed }];
      },
      () => {
        const name = rng.pick(["jti", "iss", "sub", "iat", "exp", "grants"]);
        const { [name]: _dropped, ...rest } = claims;
        return [`no ${name}`, [20101], undefined, rest];
      },
      () => {
        const replaced = rng.pick<unknown>([[], [claims], "claims", 42, null]);
        return [`claims ${JSON.stringify(replaced).slice(0, 40)}`, [20101], undefined, replaced];
      },
      () => {
        const iss = rng.pick([
          server.accountSid,
          "",
          `sk${key.sid.slice(2)}`,
          key.sid.toUpperCase(),
          `${key.sid}0`,
          key.sid.slice(0, -1),
          "SK",
        ]);
        return [`iss ${iss}`, [20103], undefined, { ...claims, iss }];
      },
      () => [
        `unknown key`,
        [20101],
        undefined,
        {
          ...claims,
          iss: `SK${rng
            .int(2 ** 31)
            .toString(16)
            .padStart(32, "0")}`,
        },
      ],
      () => {
        const sub = rng.pick([`AC${"0".repeat(32)}`, "", server.accountSid.toUpperCase(), key.sid, "alice"]);
        return [`sub ${sub}`, [20103], undefined, { ...claims, sub }];
      },
      () => {
        const ttl = 86_401 + rng.int(10_000_000);
        return [`ttl ${ttl}`, [20104], undefined, { ...claims, iat: NOW, exp: NOW + ttl }];
      },
      () => {
        const ago = SKEW + rng.int(10_000_000);
        return [`expired ${ago}s ago`, [20104], undefined, { ...claims, iat: NOW - ago - 600, exp: NOW - ago }];
      },
      () => {
        const ahead = SKEW + 1 + rng.int(10_000_000);
        return [`nbf ${ahead}s ahead`, [20104], undefined, { ...claims, nbf: NOW + ahead }];
      },
      () => {
        // Written as text: JSON.stringify itself overflows the stack on such values.
        const depth = rng.pick([MAX_DEPTH, 500, 4000, 5500]);
        const open = rng.chance(0.5) ? ["[", "]"] : ['{"n":', "}"];
        const nested = `${(open[0] ?? "").repeat(depth)}1${(open[1] ?? "").repeat(depth)}`;
        const text = JSON.stringify({ ...claims, grants: { identity: "deep", player: "@" } }).replace('"@"', nested);
        return [`grants ${depth} deep`, [20101], undefined, text];
      },
    ];
    const [description, codes, forgedHeader = header, forgedClaims = claims] = rng.pick(defects)();
    return { family: "forged", description, token: sign(forgedHeader, forgedClaims), codes };
  }

  // ---- odd but valid ------------------------------------------------------------------------

  function oddValid(): Case {
    const claims = validClaims();
    const variants: Array<() => [string, Record<string, unknown>, Record<string, unknown>?]> = [
      () => {
        // At most 254 units plus a 2-unit suffix: identities over 256 are refused (identity-bound.test.ts).
        const identity =
          rng.pick(ODD_STRINGS.filter((value) => value !== "" && value.length <= 254)) + rng.pick(["", "🦊", "\ud800"]);
        return [`identity ${JSON.stringify(identity).slice(0, 30)}`, { identity, x: randomJson(rng) }];
      },
      () => {
        const depth = 1 + rng.int(MAX_DEPTH - 1);
        let nested: unknown = "leaf";
        for (let level = 0; level < depth; level += 1) nested = rng.chance(0.5) ? [nested] : { n: nested };
        return [`grants ${depth} deep`, { identity: "deep", player: nested }];
      },
      () => [`identity of type ${typeof 7}`, { identity: rng.pick<unknown>([7, null, [], {}]) as never }],
      () => [`large grants`, { identity: "large", chat: { endpoint_id: "e".repeat(8000) } }],
      () => [`extra header fields`, { identity: "extra" }, { kid: key.sid, twr: "us1", x5u: "https://evil.example" }],
    ];
    const [description, grants, extraHeader = {}] = rng.pick(variants)();
    const header = { alg: "HS256", typ: "JWT", cty: "twilio-fpa;v=1", ...extraHeader };
    const token = sign(header, { ...claims, grants });
    return { family: "odd-valid", description, token, grants: JSON.parse(JSON.stringify(grants)) };
  }

  // ---- the property -------------------------------------------------------------------------

  async function authorize(token: string) {
    return server.request("POST", "/v1/Authorize", {
      auth: `Bearer ${GATEWAY_TOKEN}`,
      form: { Method: "GET", Url: "https://video.twilio.com/v1/Rooms", Authorization: `Bearer ${token}` },
    });
  }

  /** GET /v1/Authorize/Request, for tokens a header can carry unchanged. */
  async function check(token: string) {
    return server.request("GET", "/v1/Authorize/Request", {
      headers: {
        "x-latchkey-gateway": `Bearer ${GATEWAY_TOKEN}`,
        "x-original-method": "GET",
        "x-original-uri": "/v1/Rooms",
        "x-original-host": "video.twilio.com",
        "x-twilio-token": token,
      },
    });
  }

  const headerSafe = (token: string) => /^[\x21-\x7e]*$/.test(token) && token.length > 0 && token.length < 8 * 1024;

  it(`never answers 500 and never allows a tampered or forged token (seed ${SEED}, ${CASES} cases)`, async () => {
    const failures: string[] = [];
    const tally = { tampered: 0, forged: 0, "odd-valid": 0, noOps: 0, viaHeader: 0 };
    for (let index = 0; index < CASES; index += 1) {
      const roll = rng.next();
      const base = rng.pick(bases);
      let subject: Case;
      if (roll < 0.6) subject = { family: "tampered", ...tamper(base.token) };
      else if (roll < 0.9) subject = forge();
      else subject = oddValid();
      tally[subject.family] += 1;
      const where = `case ${index} (${subject.family}: ${subject.description})`;

      const response = await authorize(subject.token);
      if (response.status !== 200) {
        failures.push(`${where}: POST answered ${response.status} ${response.text.slice(0, 200)}`);
        continue;
      }
      const decision = response.json;
      const effective = subject.token.trim();
      if (subject.family === "tampered") {
        const noOp = isNoOp(effective, base.token);
        if (noOp) tally.noOps += 1;
        if (decision.allowed && !noOp) failures.push(`${where}: a tampered token was allowed`);
        if (decision.allowed && noOp) expect(decision.grants, where).toEqual(base.grants);
        if (!decision.allowed && !TOKEN_CODES.includes(decision.error?.code)) {
          failures.push(`${where}: refused with ${JSON.stringify(decision.error)}`);
        }
      } else if (subject.family === "forged") {
        if (decision.allowed) failures.push(`${where}: a forged token was allowed`);
        else if (!subject.codes?.includes(decision.error?.code)) {
          failures.push(`${where}: expected ${subject.codes?.join("/")}, got ${decision.error?.code}`);
        }
      } else {
        if (!decision.allowed) failures.push(`${where}: refused with ${JSON.stringify(decision.error)}`);
        else {
          expect(decision.grants, where).toEqual(subject.grants);
          const identity = (subject.grants as { identity?: unknown }).identity;
          expect(decision.identity, where).toEqual(typeof identity === "string" ? identity : null);
        }
      }

      if (headerSafe(subject.token)) {
        tally.viaHeader += 1;
        const viaHeader = await check(subject.token);
        if (viaHeader.status !== (decision.allowed ? 204 : 401)) {
          failures.push(`${where}: GET answered ${viaHeader.status} where POST said allowed=${decision.allowed}`);
        }
      }
      if (failures.length >= 10) break;
    }
    expect(failures, `seed ${SEED}`).toEqual([]);
    // The run exercised every family, and the header route too.
    expect(tally.tampered).toBeGreaterThan(CASES / 3);
    expect(tally.forged).toBeGreaterThan(CASES / 6);
    expect(tally["odd-valid"]).toBeGreaterThan(CASES / 30);
    expect(tally.viaHeader).toBeGreaterThan(CASES / 4);
  });

  it("lets odd valid tokens through GET /v1/Authorize/Request too, whatever their identity", async () => {
    for (const identity of ["Zoë", "🦊", "\ud800", "a\udfffb", "line\nbreak", "\u0000", "%41", "x".repeat(256)]) {
      const token = sign(
        { alg: "HS256", typ: "JWT", cty: "twilio-fpa;v=1" },
        { ...validClaims(), grants: { identity } },
      );
      const response = await check(token);
      expect(response.status, JSON.stringify(identity)).toBe(204);
      const header = response.headers.get("x-latchkey-identity") ?? "";
      expect(header).toMatch(/^[\x21-\x7e]*$/);
      expect(decodeURIComponent(header)).toBe(identity.replace(/\p{Surrogate}/gu, "\ufffd"));
    }
  });
});

function isPlainObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
