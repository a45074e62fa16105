import { AppError, CONSOLE_ROLES, checkNewPassword, createConsoleUser, parseConsoleRole } from "@latchkey/core";
import { OPERATOR_ACTOR } from "@latchkey/server";
import { type DataDirFlags, withConsoleDirectory } from "../console-directory.js";
import { labelled, type Output, printJson } from "../output.js";
import { consoleUserJson } from "./console-user-output.js";

export interface UsersCreateFlags extends DataDirFlags {
  readonly email: string;
  readonly role: string;
  /** The account the user belongs to; the owner account when not given. */
  readonly account?: string;
  readonly passwordStdin?: boolean;
  readonly json?: boolean;
}

/** Where the password is read from with --password-stdin; tests of main() pass their own. */
export type ReadStdin = () => Promise<string>;

const COMMAND = "latchkey users create";
/** Exit code for a command line that cannot mean anything (as for Commander's own usage errors). */
export const USAGE_EXIT_CODE = 2;
// Far above any password checkNewPassword accepts, so an accidental pipe of a large file stops early.
const MAX_STDIN_BYTES = 64 * 1024;

/**
 * `latchkey users create`: a console user, straight against the data dir. Without --password-stdin the
 * user gets a one-time password, printed this once, which they must change at first sign-in.
 */
export async function usersCreate(
  flags: UsersCreateFlags,
  output: Output,
  readStdin: ReadStdin = readProcessStdin,
): Promise<number> {
  const role = parseConsoleRole(flags.role);
  if (role === undefined) {
    output.err(`${COMMAND}: --role must be one of ${CONSOLE_ROLES.join(", ")} (not ${JSON.stringify(flags.role)})`);
    return USAGE_EXIT_CODE;
  }
  let password: string | null = null;
  if (flags.passwordStdin === true) {
    // One trailing newline is what `echo` and a terminal's Enter add; anything else is the password.
    password = (await readStdin()).replace(/\r?\n$/, "");
    const reason = password === "" ? "--password-stdin read an empty password" : checkNewPassword(password);
    if (reason !== null) {
      output.err(`${COMMAND}: ${reason}`);
      return 1;
    }
  }
  return withConsoleDirectory(flags, async ({ deps, ownerAccountSid }) => {
    try {
      const accountSid = flags.account ?? ownerAccountSid;
      const input = { email: flags.email, role, accountSid, password };
      const { user, oneTimePassword } = await createConsoleUser(deps, OPERATOR_ACTOR, input);
      if (flags.json === true) {
        printJson(output, {
          ...consoleUserJson(user),
          ...(oneTimePassword !== null && { one_time_password: oneTimePassword }),
        });
        return 0;
      }
      const rows: [string, string][] = [
        ["User SID", user.sid],
        ["Email", user.email],
        ["Role", user.role],
        ["Account SID", user.accountSid],
      ];
      if (oneTimePassword !== null) rows.push(["One-time password", oneTimePassword]);
      output.out(labelled(rows, "").join("\n"));
      if (oneTimePassword !== null) {
        output.out("(Shown only this once. It must be changed at first sign-in.)");
      }
      return 0;
    } catch (error) {
      if (error instanceof AppError) {
        output.err(`${COMMAND}: ${error.message}`);
        return 1;
      }
      throw error;
    }
  });
}

/** All of stdin as UTF-8; past MAX_STDIN_BYTES it stops reading (and checkNewPassword refuses the length). */
async function readProcessStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    chunks.push(bytes);
    size += bytes.length;
    if (size > MAX_STDIN_BYTES) break;
  }
  return Buffer.concat(chunks).toString("utf8");
}
