import type { AccountStatus } from "@latchkey/sdk";
import { printAccountList } from "../account-output.js";
import type { Output } from "../output.js";
import { type Env, type RemoteFlags, runRemote } from "../remote-options.js";

export interface AccountsListFlags extends RemoteFlags {
  readonly friendlyName?: string;
  readonly status?: AccountStatus;
}

/** `latchkey accounts list`: the calling account and its subaccounts, every page of them. */
export async function accountsList(flags: AccountsListFlags, output: Output, env: Env = process.env): Promise<number> {
  return runRemote("accounts list", flags, { output, env }, async (client) => {
    const accounts = await client.accounts.list({
      ...(flags.friendlyName !== undefined && { friendlyName: flags.friendlyName }),
      ...(flags.status !== undefined && { status: flags.status }),
    });
    printAccountList(output, accounts, flags.json === true);
  });
}
