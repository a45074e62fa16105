import { AlreadyInitializedError, initializeOwner } from "@latchkey/core";
import { loadConfig, OPERATOR_ACTOR, openDeployment } from "@latchkey/server";
import { labelled, type Output, printJson } from "../output.js";
import { regionOverrides } from "../region-flags.js";

/** `latchkey init`: initializes an empty data dir for scripts; refuses one that is already initialized. */
export async function init(
  flags: { readonly data?: string; readonly regions?: readonly string[]; readonly json?: boolean },
  output: Output,
) {
  const config = loadConfig(process.env, {
    ...(flags.data !== undefined && { dataDir: flags.data }),
    ...regionOverrides(flags),
  });
  const opened = await openDeployment({
    dataDir: config.dataDir,
    regions: config.regions,
    masterKey: config.masterKey,
    masterKeyFile: config.masterKeyFile,
    // init is where a generated key is first written beside the data: the moment to say how to move it.
    onWarning: (message) => output.err(`latchkey init: warning: ${message}`),
  });
  try {
    const credentials = await initializeOwner(opened.deployment, OPERATOR_ACTOR);
    if (flags.json === true) {
      printJson(output, {
        account_sid: credentials.accountSid,
        auth_token: credentials.authToken,
        auth_tokens: credentials.authTokens,
      });
    } else {
      const tokens = Object.entries(credentials.authTokens);
      const rows = tokens.map(([region, token]): [string, string] => [`Auth Token (${region})`, token]);
      output.out(labelled([["Account SID", credentials.accountSid], ...rows], "").join("\n"));
    }
    return 0;
  } catch (error) {
    if (error instanceof AlreadyInitializedError) {
      output.err(`latchkey init: ${error.message}; nothing was changed`);
      return 1;
    }
    throw error;
  } finally {
    await opened.close();
  }
}
