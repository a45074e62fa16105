/** The only reader of process.env: every setting, its default, and its validation. */
import { type KeyEscalation, normalizeConsoleEmail } from "@latchkey/core";
import { parseDomainList } from "./http/domain-names.js";
import { isIpRange } from "./http/ip-address.js";
import { NAMED_RANGES, type TrustProxy } from "./http/trust-proxy.js";

export interface ServerConfig {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /** Base64 of 32 bytes; when absent, a master.key file in the data dir is used (created with mode 0600). */
  readonly masterKey: string | undefined;
  /** A file holding the base64 key, kept outside the data dir; it wins over master.key; not with masterKey. */
  readonly masterKeyFile: string | undefined;
  /** The regions served (Twilio's region ids), the default first. */
  readonly regions: readonly string[];
  /** Domains besides twilio.com whose `{product}.{region}.` hosts pick a region (LATCHKEY_DOMAINS). */
  readonly domains: readonly string[];
  readonly logLevel: string;
  /** Which proxies may name the client in X-Forwarded-For: none, the nearest N, or those at given addresses. */
  readonly trustProxy: TrustProxy;
  readonly authFailuresPerAddress: number;
  readonly authFailuresPerSid: number;
  readonly authFailureWindowSeconds: number;
  readonly maxSubaccounts: number;
  /** Tokens gateways present to the decision API; at least 32 characters each. */
  readonly gatewayTokens: readonly string[];
  /** Operators' own permission catalogs (JSON or YAML), validated at start; see docs/operator-catalogs.md. */
  readonly catalogFiles: readonly string[];
  /** `strict`: keys manage keys only within their own rights; `twilio`: as on Twilio. */
  readonly keyEscalation: KeyEscalation;
  /** The email of the Owner user the first start creates (LATCHKEY_OWNER_EMAIL), normalized. */
  readonly ownerEmail: string;
  /** A console session unused for this long ends (LATCHKEY_CONSOLE_IDLE_MINUTES, default 30). */
  readonly consoleIdleTimeoutMs: number;
}

export type ConfigOverrides = Partial<Pick<ServerConfig, "host" | "port" | "dataDir" | "regions">>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function loadConfig(env: NodeJS.ProcessEnv, overrides: ConfigOverrides = {}): ServerConfig {
  return {
    host: overrides.host ?? env.HOST ?? "127.0.0.1",
    port: overrides.port ?? integer(env, "PORT", 8080, 0, 65_535),
    dataDir: overrides.dataDir ?? env.LATCHKEY_DATA_DIR ?? "./data",
    masterKey: env.LATCHKEY_MASTER_KEY === "" ? undefined : env.LATCHKEY_MASTER_KEY,
    masterKeyFile: masterKeyFile(env),
    regions: overrides.regions ?? parseRegionList(env.LATCHKEY_REGIONS, "LATCHKEY_REGIONS"),
    domains: parseDomainList(env.LATCHKEY_DOMAINS),
    logLevel: oneOf(env, "LOG_LEVEL", "info", ["fatal", "error", "warn", "info", "debug", "trace", "silent"]),
    trustProxy: trustProxy(env.LATCHKEY_TRUST_PROXY),
    authFailuresPerAddress: integer(env, "LATCHKEY_AUTH_FAILURES_PER_ADDRESS", 100, 1, 1_000_000),
    authFailuresPerSid: integer(env, "LATCHKEY_AUTH_FAILURES_PER_SID", 20, 1, 1_000_000),
    authFailureWindowSeconds: integer(env, "LATCHKEY_AUTH_FAILURE_WINDOW_SECONDS", 60, 1, 86_400),
    maxSubaccounts: integer(env, "LATCHKEY_MAX_SUBACCOUNTS", 1000, 0, 1_000_000),
    gatewayTokens: gatewayTokens(env.LATCHKEY_GATEWAY_TOKENS),
    catalogFiles: commaList(env.LATCHKEY_CATALOG_FILES),
    keyEscalation: keyEscalation(env),
    ownerEmail: ownerEmail(env.LATCHKEY_OWNER_EMAIL),
    consoleIdleTimeoutMs: integer(env, "LATCHKEY_CONSOLE_IDLE_MINUTES", 30, 1, 1440) * 60_000,
  };
}

/** `name` is how the error names the value: `PORT` for the variable, `--port` for the flag. */
export function parsePort(value: string, name = "PORT"): number {
  return integer({ [name]: value }, name, 8080, 0, 65_535);
}

export const MASTER_KEY_SOURCES_CONFLICT = "Set LATCHKEY_MASTER_KEY or LATCHKEY_MASTER_KEY_FILE, not both";

function masterKeyFile(env: NodeJS.ProcessEnv): string | undefined {
  const file = env.LATCHKEY_MASTER_KEY_FILE === "" ? undefined : env.LATCHKEY_MASTER_KEY_FILE;
  // Two keys would leave one silently unused, and the operator unsure which one seals the data.
  if (file !== undefined && (env.LATCHKEY_MASTER_KEY ?? "") !== "") throw new ConfigError(MASTER_KEY_SOURCES_CONFLICT);
  return file;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= min && value <= max)) throw new ConfigError(`${name} must be an integer from ${min} to ${max}`);
  return value;
}

function oneOf(env: NodeJS.ProcessEnv, name: string, fallback: string, allowed: readonly string[]): string {
  const value = env[name] ?? fallback;
  if (!allowed.includes(value)) throw new ConfigError(`${name} must be one of ${allowed.join(", ")}`);
  return value;
}

function keyEscalation(env: NodeJS.ProcessEnv): KeyEscalation {
  const value = oneOf(env, "LATCHKEY_KEY_ESCALATION", "strict", ["strict", "twilio"]);
  return value === "twilio" ? "twilio" : "strict";
}

export const DEFAULT_OWNER_EMAIL = "owner@localhost";

/** Checked here, not at first start: a typo must stop the start before the owner account is made. */
function ownerEmail(raw: string | undefined): string {
  if (raw === undefined || raw === "") return DEFAULT_OWNER_EMAIL;
  const email = normalizeConsoleEmail(raw);
  if (email === undefined) {
    throw new ConfigError(
      "LATCHKEY_OWNER_EMAIL must be an email address such as owner@example.com (one @, no spaces, at most 254 characters)",
    );
  }
  return email;
}

/**
 * `false` (the default), a hop count, or a comma-separated list of proxy addresses and CIDR ranges.
 * SECURITY: `true` means one hop, not Express's "trust every hop", which would hand the client address
 * to the leftmost X-Forwarded-For entry, the one a client writes itself.
 */
function trustProxy(raw: string | undefined): TrustProxy {
  const value = (raw ?? "").trim();
  if (value === "" || value === "false" || value === "0") return false;
  if (value === "true") return { hops: 1 };
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 32) throw new ConfigError("LATCHKEY_TRUST_PROXY must be at most 32 hops");
    return { hops };
  }
  const addresses = commaList(value);
  const bad = addresses.find((entry) => !NAMED_RANGES.includes(entry) && !isIpRange(entry));
  if (bad !== undefined || addresses.length === 0) {
    throw new ConfigError(
      `LATCHKEY_TRUST_PROXY must be false, true (one hop), a hop count, or a comma-separated list of proxy addresses and CIDR ranges such as 127.0.0.1,10.0.0.0/8${bad === undefined ? "" : `; not an address or range: ${JSON.stringify(bad)}`}`,
    );
  }
  return { addresses };
}

/**
 * `us1,ie1,au1`: Twilio's region ids, lower case, the default region first; `us1` when unset. `name` is how
 * the error names the value (`--regions` for the flag).
 */
export function parseRegionList(raw: string | undefined, name = "LATCHKEY_REGIONS"): readonly string[] {
  const regions = commaList(raw);
  if (regions.length === 0) return ["us1"];
  const bad = regions.find((region) => !/^[a-z]{2}[0-9]$/.test(region));
  if (bad !== undefined) {
    throw new ConfigError(
      `${name} must be a comma-separated list of region ids such as us1,ie1,au1 (two lower-case letters and a digit); not a region id: ${JSON.stringify(bad)}`,
    );
  }
  const repeated = regions.find((region, index) => regions.indexOf(region) !== index);
  if (repeated !== undefined) throw new ConfigError(`${name} names ${repeated} twice`);
  return regions;
}

function gatewayTokens(raw: string | undefined): readonly string[] {
  const tokens = (raw ?? "")
    .split(",")
    .map((token) => token.trim())
    .filter((token) => token !== "");
  // SECURITY: a gateway token opens the credential oracle; short ones are guessable.
  if (tokens.some((token) => token.length < 32)) {
    throw new ConfigError("Each token in LATCHKEY_GATEWAY_TOKENS must be at least 32 characters");
  }
  return tokens;
}

function commaList(raw: string | undefined): readonly string[] {
  return (raw ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}
