import { printAccount } from "../account-output.js";
import type { Output } from "../output.js";
import { type Env, type RemoteFlags, runRemote } from "../remote-options.js";

/** `latchkey accounts fetch <sid>`: one account the caller can reach. */
export async function accountsFetch(
  sid: string,
  flags: RemoteFlags,
  output: Output,
  env: Env = process.env,
): Promise<number> {
  return runRemote("accounts fetch", flags, { output, env }, async (client) => {
    printAccount(output, await client.accounts.fetch(sid), flags.json === true);
  });
}
