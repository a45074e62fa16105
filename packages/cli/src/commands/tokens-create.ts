import {
  AccessToken,
  type AccessTokenAlgorithm,
  type AccessTokenGrant,
  ChatGrant,
  MAX_ACCESS_TOKEN_TTL_SECONDS,
  PlaybackGrant,
  SyncGrant,
  TaskRouterGrant,
  VideoGrant,
  VoiceGrant,
} from "@latchkey/sdk";
import { type Output, printJson } from "../output.js";
import type { Env } from "../remote-options.js";

export interface TokensCreateFlags {
  readonly identity: string;
  /** Each `--grant`, in order: `product` or `product:field=value`. */
  readonly grant?: readonly string[];
  readonly ttl?: string;
  readonly nbf?: string;
  readonly algorithm?: AccessTokenAlgorithm;
  readonly region?: string;
  readonly accountSid?: string;
  readonly apiKey?: string;
  readonly apiSecret?: string;
  readonly json?: boolean;
}

/**
 * `latchkey tokens create`: an Access Token for client-side SDKs, minted locally with an API key's
 * secret (nothing is sent anywhere). It prints the JWT, or with `--json` {token, identity, expires_at}.
 */
export async function tokensCreate(flags: TokensCreateFlags, output: Output, env: Env = process.env): Promise<number> {
  const fail = (message: string) => {
    output.err(`latchkey tokens create: ${message}`);
    return 1;
  };
  const credentials = resolveSigningKey(flags, env);
  if (typeof credentials === "string") return fail(credentials);
  const grants = parseGrants(flags.grant ?? []);
  if (typeof grants === "string") return fail(grants);
  const ttl = flags.ttl === undefined ? undefined : wholeNumber(flags.ttl);
  if (ttl !== undefined && (ttl === null || ttl < 1 || ttl > MAX_ACCESS_TOKEN_TTL_SECONDS)) {
    return fail(`--ttl must be a whole number of seconds from 1 to ${MAX_ACCESS_TOKEN_TTL_SECONDS}, got ${flags.ttl}`);
  }
  const nbf = flags.nbf === undefined ? undefined : wholeNumber(flags.nbf);
  if (nbf === null) return fail(`--nbf must be a Unix time in whole seconds, got ${flags.nbf}`);

  // One instant for the token and for the expiry printed with it.
  const issuedAt = Date.now();
  let jwt: string;
  let lifetime: number;
  try {
    const token = new AccessToken(credentials.accountSid, credentials.keySid, credentials.secret, {
      identity: flags.identity,
      ...(ttl !== undefined && { ttl }),
      ...(nbf !== undefined && { nbf }),
      ...(flags.region !== undefined && { region: flags.region }),
      ...(flags.algorithm !== undefined && { algorithm: flags.algorithm }),
      now: () => issuedAt,
    });
    for (const grant of grants) token.addGrant(grant);
    jwt = token.toJwt();
    lifetime = token.ttl;
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) return fail(error.message);
    throw error;
  }
  if (flags.json === true) {
    const expiresAt = new Date((Math.floor(issuedAt / 1000) + lifetime) * 1000).toISOString().replace(".000Z", "Z");
    printJson(output, { token: jwt, identity: flags.identity, expires_at: expiresAt });
  } else {
    output.out(jwt);
  }
  return 0;
}

interface SigningKey {
  readonly accountSid: string;
  readonly keySid: string;
  readonly secret: string;
}

/**
 * The key pair from --api-key/--api-secret, else from TWILIO_API_KEY/TWILIO_API_SECRET (half a pair in
 * either place is an error, not something to complete from the other); the Account SID from
 * --account-sid, else TWILIO_ACCOUNT_SID. An Auth Token never signs Access Tokens.
 */
function resolveSigningKey(flags: TokensCreateFlags, env: Env): SigningKey | string {
  const fromFlags = pairOf(flags.apiKey, flags.apiSecret, "--api-key", "--api-secret", "given");
  if (typeof fromFlags === "string") return fromFlags;
  const fromEnv =
    fromFlags === null
      ? pairOf(env.TWILIO_API_KEY, env.TWILIO_API_SECRET, "TWILIO_API_KEY", "TWILIO_API_SECRET", "set")
      : null;
  if (typeof fromEnv === "string") return fromEnv;
  const pair = fromFlags ?? fromEnv;
  if (pair === null) {
    return (
      "no API key: pass --api-key and --api-secret or set TWILIO_API_KEY and TWILIO_API_SECRET " +
      "(Access Tokens are signed with a standard or Main key's secret, never the Auth Token)"
    );
  }
  const accountSid = present(flags.accountSid) ?? present(env.TWILIO_ACCOUNT_SID);
  if (accountSid === undefined) return "no Account SID: pass --account-sid or set TWILIO_ACCOUNT_SID";
  return { accountSid, keySid: pair.keySid, secret: pair.secret };
}

function pairOf(
  keySid: string | undefined,
  secret: string | undefined,
  keyName: string,
  secretName: string,
  verb: "given" | "set",
): { keySid: string; secret: string } | string | null {
  const sid = present(keySid);
  const value = present(secret);
  if (sid !== undefined && value !== undefined) return { keySid: sid, secret: value };
  if (sid !== undefined) return `${keyName} is ${verb} without ${secretName}`;
  if (value !== undefined) return `${secretName} is ${verb} without ${keyName}`;
  return null;
}

function present(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

function wholeNumber(text: string): number | null {
  if (!/^\d{1,15}$/.test(text)) return null;
  return Number(text);
}

// ---- --grant ----------------------------------------------------------------------------------

/**
 * One product's grant, built from its `--grant` fields. Field names are those of the token's payload
 * (what Twilio documents and what Latchkey returns in `grants`), dotted for nested ones.
 */
interface ProductSpec {
  /** Other names accepted for the product: the payload key where it differs. */
  readonly aliases: readonly string[];
  /** Field names, or `prefix.*` for a family of named fields. */
  readonly fields: readonly string[];
  build(fields: ReadonlyMap<string, string>): AccessTokenGrant | string;
}

const PRODUCTS: Readonly<Record<string, ProductSpec>> = {
  video: {
    aliases: [],
    fields: ["room"],
    build: (fields) => new VideoGrant({ ...optional("room", fields.get("room")) }),
  },
  voice: {
    aliases: [],
    fields: ["incoming.allow", "outgoing.application_sid", "outgoing.params.*", "push_credential_sid", "endpoint_id"],
    build(fields) {
      const allow = fields.get("incoming.allow");
      if (allow !== undefined && allow !== "true" && allow !== "false") {
        return `voice:incoming.allow must be true or false, got ${allow}`;
      }
      const params = Object.fromEntries(
        [...fields]
          .filter(([name]) => name.startsWith("outgoing.params."))
          .map(([name, value]) => [name.slice(16), value]),
      );
      const hasParams = Object.keys(params).length > 0;
      if (hasParams && !fields.has("outgoing.application_sid")) {
        return "voice:outgoing.params.* needs voice:outgoing.application_sid (the app the parameters are for)";
      }
      return new VoiceGrant({
        ...(allow !== undefined && { incomingAllow: allow === "true" }),
        ...optional("outgoingApplicationSid", fields.get("outgoing.application_sid")),
        ...(hasParams && { outgoingApplicationParams: params }),
        ...optional("pushCredentialSid", fields.get("push_credential_sid")),
        ...optional("endpointId", fields.get("endpoint_id")),
      });
    },
  },
  chat: {
    aliases: [],
    fields: ["service_sid", "endpoint_id", "deployment_role_sid", "push_credential_sid"],
    build: (fields) =>
      new ChatGrant({
        ...optional("serviceSid", fields.get("service_sid")),
        ...optional("endpointId", fields.get("endpoint_id")),
        ...optional("deploymentRoleSid", fields.get("deployment_role_sid")),
        ...optional("pushCredentialSid", fields.get("push_credential_sid")),
      }),
  },
  sync: {
    aliases: ["data_sync"],
    fields: ["service_sid", "endpoint_id"],
    build: (fields) =>
      new SyncGrant({
        ...optional("serviceSid", fields.get("service_sid")),
        ...optional("endpointId", fields.get("endpoint_id")),
      }),
  },
  taskrouter: {
    aliases: ["task_router"],
    fields: ["workspace_sid", "worker_sid", "role"],
    build: (fields) =>
      new TaskRouterGrant({
        ...optional("workspaceSid", fields.get("workspace_sid")),
        ...optional("workerSid", fields.get("worker_sid")),
        ...optional("role", fields.get("role")),
      }),
  },
  playback: {
    aliases: ["player"],
    fields: ["grant"],
    build(fields) {
      const text = fields.get("grant");
      if (text === undefined) return new PlaybackGrant();
      let grant: unknown;
      try {
        grant = JSON.parse(text);
      } catch {
        grant = undefined;
      }
      if (typeof grant !== "object" || grant === null || Array.isArray(grant)) {
        return "playback:grant must be a JSON object, the grant the PlaybackGrant API returned";
      }
      return new PlaybackGrant({ grant: grant as Record<string, unknown> });
    },
  },
};

export const GRANT_SYNTAX =
  "product or product:field=value, repeatable; products: " +
  Object.entries(PRODUCTS)
    .map(([name, spec]) => `${name} (${spec.fields.join(", ")})`)
    .join("; ");

function optional<K extends string>(name: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [name]: value }) as { [P in K]?: string };
}

function productNamed(name: string): [string, ProductSpec] | undefined {
  return Object.entries(PRODUCTS).find(([product, spec]) => product === name || spec.aliases.includes(name));
}

function fieldAllowed(spec: ProductSpec, field: string): boolean {
  return spec.fields.some((allowed) =>
    allowed.endsWith(".*")
      ? field.startsWith(allowed.slice(0, -1)) && field.length > allowed.length - 1
      : allowed === field,
  );
}

/**
 * `--grant video:room=r1 --grant voice:incoming.allow=true --grant voice` becomes one grant per
 * product, in the order products first appear; a product alone adds its grant with no fields.
 */
export function parseGrants(specs: readonly string[]): AccessTokenGrant[] | string {
  const byProduct = new Map<string, { spec: ProductSpec; fields: Map<string, string> }>();
  for (const text of specs) {
    const colon = text.indexOf(":");
    const productName = colon < 0 ? text : text.slice(0, colon);
    const named = productNamed(productName);
    if (named === undefined) {
      const known = Object.keys(PRODUCTS).join(", ");
      return `unknown grant product "${productName}" in --grant ${text}; use one of: ${known}`;
    }
    const [product, spec] = named;
    const entry = byProduct.get(product) ?? { spec, fields: new Map<string, string>() };
    byProduct.set(product, entry);
    if (colon < 0) continue;
    const assignment = text.slice(colon + 1);
    const equals = assignment.indexOf("=");
    if (equals <= 0 || equals === assignment.length - 1) {
      return `--grant ${text} must be ${product}:field=value (or ${product} alone)`;
    }
    const field = assignment.slice(0, equals);
    if (!fieldAllowed(spec, field)) {
      return `unknown field "${field}" for ${product} grants in --grant ${text}; use one of: ${spec.fields.join(", ")}`;
    }
    if (entry.fields.has(field)) return `${product}:${field} is given twice`;
    entry.fields.set(field, assignment.slice(equals + 1));
  }
  const grants: AccessTokenGrant[] = [];
  for (const { spec, fields } of byProduct.values()) {
    const grant = spec.build(fields);
    if (typeof grant === "string") return grant;
    grants.push(grant);
  }
  return grants;
}
