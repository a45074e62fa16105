import type { AccountStatus } from "@latchkey/sdk";
import { printAccount } from "../account-output.js";
import type { Output } from "../output.js";
import { type Env, type RemoteFlags, runRemote } from "../remote-options.js";

export interface AccountsUpdateFlags extends RemoteFlags {
  readonly friendlyName?: string;
  readonly status?: AccountStatus;
}

/** `latchkey accounts update <sid>`: renames an account or changes its status. */
export async function accountsUpdate(
  sid: string,
  flags: AccountsUpdateFlags,
  output: Output,
  env: Env = process.env,
): Promise<number> {
  if (flags.friendlyName === undefined && flags.status === undefined) {
    output.err("latchkey accounts update: nothing to change; give --friendly-name or --status");
    return 1;
  }
  return runRemote("accounts update", flags, { output, env }, async (client) => {
    const account = await client.accounts.update(sid, {
      ...(flags.friendlyName !== undefined && { friendlyName: flags.friendlyName }),
      ...(flags.status !== undefined && { status: flags.status }),
    });
    printAccount(output, account, flags.json === true);
  });
}
