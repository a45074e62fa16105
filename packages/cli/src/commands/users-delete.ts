import { AppError, deleteConsoleUser } from "@latchkey/core";
import { OPERATOR_ACTOR } from "@latchkey/server";
import { type DataDirFlags, withConsoleDirectory } from "../console-directory.js";
import { type Output, printJson } from "../output.js";
import { consoleUserJson } from "./console-user-output.js";

/** `latchkey users delete US…|EMAIL`: deletes the user and signs them out everywhere. */
export async function usersDelete(
  sidOrEmail: string,
  flags: DataDirFlags & { readonly json?: boolean },
  output: Output,
): Promise<number> {
  return withConsoleDirectory(flags, async ({ deps }) => {
    try {
      const user = await deleteConsoleUser(deps, OPERATOR_ACTOR, sidOrEmail);
      if (flags.json === true) printJson(output, { ...consoleUserJson(user), deleted: true });
      else output.out(`Deleted console user ${user.sid} (${user.email}); their sessions are ended.`);
      return 0;
    } catch (error) {
      if (error instanceof AppError) {
        output.err(`latchkey users delete: ${error.message}`);
        return 1;
      }
      throw error;
    }
  });
}
