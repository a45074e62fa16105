import { AlreadyInitializedError, createFirstOwnerUser, initializeOwner } from "@latchkey/core";
import { consoleDeps, consoleSessionSettings, loadConfig, OPERATOR_ACTOR, openDeployment } from "@latchkey/server";
import { consoleUserLines } from "../console-banner.js";
import { labelled, type Output, printJson } from "../output.js";
import { regionOverrides } from "../region-flags.js";

/**
 * `latchkey init`: initializes an empty data dir for scripts (the owner account and its first Owner user
 * of the console); refuses one that is already initialized.
 */
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
    // SECURITY: the one-time password exists only in what init prints now; it is never stored readable.
    const consoleUser = await createFirstOwnerUser(
      consoleDeps(opened.deployment, consoleSessionSettings(config)),
      credentials.accountSid,
      config.ownerEmail,
    ).catch((error: unknown) => {
      // The owner's tokens are made and must still be printed: a missing user can be added afterwards.
      const reason = error instanceof Error ? error.message : String(error);
      output.err(
        `latchkey init: warning: the console's Owner user could not be created (${reason}): create one with latchkey users create --email ${config.ownerEmail} --role owner`,
      );
      return null;
    });
    if (flags.json === true) {
      printJson(output, {
        account_sid: credentials.accountSid,
        auth_token: credentials.authToken,
        auth_tokens: credentials.authTokens,
        console_user:
          consoleUser === null
            ? null
            : {
                sid: consoleUser.user.sid,
                email: consoleUser.user.email,
                one_time_password: consoleUser.oneTimePassword,
              },
      });
    } else {
      const tokens = Object.entries(credentials.authTokens);
      const rows = tokens.map(([region, token]): [string, string] => [`Auth Token (${region})`, token]);
      const lines = labelled([["Account SID", credentials.accountSid], ...rows], "");
      if (consoleUser !== null) {
        const user = { email: consoleUser.user.email, oneTimePassword: consoleUser.oneTimePassword };
        lines.push("", ...consoleUserLines(user, ""));
      }
      output.out(lines.join("\n"));
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
