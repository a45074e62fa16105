import { AlreadyInitializedError, initializeOwner } from "@latchkey/core";
import { loadConfig, OPERATOR_ACTOR, openRegion } from "@latchkey/server";
import { type Output, printJson } from "../output.js";

/** `latchkey init`: initializes an empty data dir for scripts; refuses one that is already initialized. */
export async function init(flags: { readonly data?: string; readonly json?: boolean }, output: Output) {
  const config = loadConfig(process.env, flags.data === undefined ? {} : { dataDir: flags.data });
  const region = await openRegion({
    dataDir: config.dataDir,
    region: config.region,
    masterKey: config.masterKey,
    masterKeyFile: config.masterKeyFile,
    // init is where a generated key is first written beside the data: the moment to say how to move it.
    onWarning: (message) => output.err(`latchkey init: warning: ${message}`),
  });
  try {
    const credentials = await initializeOwner(region, OPERATOR_ACTOR);
    if (flags.json === true) {
      printJson(output, { account_sid: credentials.accountSid, auth_token: credentials.authToken });
    } else {
      output.out(`Account SID: ${credentials.accountSid}\nAuth Token:  ${credentials.authToken}`);
    }
    return 0;
  } catch (error) {
    if (error instanceof AlreadyInitializedError) {
      output.err(`latchkey init: ${error.message}; nothing was changed`);
      return 1;
    }
    throw error;
  } finally {
    await region.store.close();
  }
}
