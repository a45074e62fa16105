import { AppError, checkFriendlyName, createMainKey, isSid, regionNamed } from "@latchkey/core";
import { loadConfig, OPERATOR_ACTOR, openDeployment } from "@latchkey/server";
import { type Output, printJson } from "../output.js";
import { regionOverrides } from "../region-flags.js";

export interface KeysCreateFlags {
  readonly type: string;
  readonly account: string;
  readonly friendlyName?: string;
  /** The region the key lives in (and only there); the default region when not given. */
  readonly region?: string;
  readonly data?: string;
  readonly regions?: readonly string[];
  readonly json?: boolean;
}

/**
 * `latchkey keys create --type main`: the operator's path to a Main key, straight against the data dir.
 * Standard and restricted keys are made through the REST API, where they are authorized and audited
 * with the caller's identity.
 */
export async function keysCreate(flags: KeysCreateFlags, output: Output): Promise<number> {
  if (flags.type !== "main") {
    output.err(
      "latchkey keys create: only --type main is created here; use the REST API for standard and restricted keys",
    );
    return 1;
  }
  if (!isSid("account", flags.account)) {
    output.err("latchkey keys create: --account must be an Account SID (AC followed by 32 lowercase hex digits)");
    return 1;
  }
  const config = loadConfig(process.env, {
    ...(flags.data !== undefined && { dataDir: flags.data }),
    ...regionOverrides(flags),
  });
  const regionName = flags.region ?? config.regions[0] ?? "us1";
  if (!config.regions.includes(regionName)) {
    // Name where the list came from: the flag wins over the environment, so a list given as --regions is
    // not LATCHKEY_REGIONS (which may say something else, or nothing).
    const source = flags.regions === undefined ? "LATCHKEY_REGIONS" : "--regions";
    output.err(
      `latchkey keys create: --region ${regionName} is not one of the regions served (${source}: ${config.regions.join(",")})`,
    );
    return 1;
  }
  const opened = await openDeployment({
    dataDir: config.dataDir,
    regions: config.regions,
    masterKey: config.masterKey,
    masterKeyFile: config.masterKeyFile,
  });
  const region = regionNamed(opened.deployment, regionName) ?? opened.defaultRegion;
  try {
    const friendlyName = checkFriendlyName(flags.friendlyName) ?? null;
    const { key, secret } = await createMainKey(region, OPERATOR_ACTOR, { accountSid: flags.account, friendlyName });
    if (flags.json === true) {
      printJson(output, { sid: key.sid, secret, friendly_name: key.friendlyName, region: key.region });
    } else {
      output.out(
        `Key SID: ${key.sid}\nSecret:  ${secret}\nRegion:  ${key.region} (the key works only there)\n(The secret is shown only this once.)`,
      );
    }
    return 0;
  } catch (error) {
    if (error instanceof AppError) {
      output.err(`latchkey keys create: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await opened.close();
  }
}
