import { printAccount } from "../account-output.js";
import type { Output } from "../output.js";
import { type Env, type RemoteFlags, runRemote } from "../remote-options.js";

export interface AccountsCreateFlags extends RemoteFlags {
  readonly friendlyName?: string;
}

/** `latchkey accounts create`: a subaccount of the calling account, made by the running server. */
export async function accountsCreate(
  flags: AccountsCreateFlags,
  output: Output,
  env: Env = process.env,
): Promise<number> {
  return runRemote("accounts create", flags, { output, env }, async (client) => {
    const account = await client.accounts.create({
      ...(flags.friendlyName !== undefined && { friendlyName: flags.friendlyName }),
    });
    printAccount(output, account, flags.json === true);
    if (flags.json !== true && account.authToken !== null) {
      output.err(`The Auth Token is not shown in tables; \`latchkey accounts fetch ${account.sid} --json\` prints it.`);
    }
  });
}
