/** The only reader of process.env: every setting, its default, and its validation. */

export interface ServerConfig {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /** Base64 of 32 bytes; when absent, a master.key file in the data dir is used (created with mode 0600). */
  readonly masterKey: string | undefined;
  readonly region: string;
  readonly logLevel: string;
  readonly trustProxy: boolean;
  readonly authFailuresPerAddress: number;
  readonly authFailuresPerSid: number;
  readonly authFailureWindowSeconds: number;
  readonly maxSubaccounts: number;
  /** Tokens gateways present to the decision API; at least 32 characters each. */
  readonly gatewayTokens: readonly string[];
  /** Operators' own permission catalogs (JSON or YAML), validated at start; see docs/operator-catalogs.md. */
  readonly catalogFiles: readonly string[];
}

export type ConfigOverrides = Partial<Pick<ServerConfig, "host" | "port" | "dataDir">>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function loadConfig(env: NodeJS.ProcessEnv, overrides: ConfigOverrides = {}): ServerConfig {
  return {
    host: overrides.host ?? env.HOST ?? "127.0.0.1",
    port: overrides.port ?? integer(env, "PORT", 8080, 0, 65_535),
    dataDir: overrides.dataDir ?? env.LATCHKEY_DATA_DIR ?? "./data",
    masterKey: env.LATCHKEY_MASTER_KEY === "" ? undefined : env.LATCHKEY_MASTER_KEY,
    region: regionName(env.LATCHKEY_REGION ?? "us1"),
    logLevel: oneOf(env, "LOG_LEVEL", "info", ["fatal", "error", "warn", "info", "debug", "trace", "silent"]),
    trustProxy: oneOf(env, "LATCHKEY_TRUST_PROXY", "false", ["true", "false"]) === "true",
    authFailuresPerAddress: integer(env, "LATCHKEY_AUTH_FAILURES_PER_ADDRESS", 100, 1, 1_000_000),
    authFailuresPerSid: integer(env, "LATCHKEY_AUTH_FAILURES_PER_SID", 20, 1, 1_000_000),
    authFailureWindowSeconds: integer(env, "LATCHKEY_AUTH_FAILURE_WINDOW_SECONDS", 60, 1, 86_400),
    maxSubaccounts: integer(env, "LATCHKEY_MAX_SUBACCOUNTS", 1000, 0, 1_000_000),
    gatewayTokens: gatewayTokens(env.LATCHKEY_GATEWAY_TOKENS),
    catalogFiles: commaList(env.LATCHKEY_CATALOG_FILES),
  };
}

export function parsePort(value: string): number {
  return integer({ PORT: value }, "PORT", 8080, 0, 65_535);
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

function regionName(value: string): string {
  if (!/^[a-z]{2}[0-9]$/.test(value)) throw new ConfigError("LATCHKEY_REGION must look like us1, ie1 or au1");
  return value;
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
