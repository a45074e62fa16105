import { listConsoleUsers } from "@latchkey/core";
import { type DataDirFlags, withConsoleDirectory } from "../console-directory.js";
import { formatTable, type Output, printJson } from "../output.js";
import { consoleUserJson, isoDate } from "./console-user-output.js";

const HEADERS = ["SID", "EMAIL", "ROLE", "ACCOUNT", "CREATED"] as const;

/** `latchkey users list`: every console user of the data dir, in email order. */
export async function usersList(flags: DataDirFlags & { readonly json?: boolean }, output: Output): Promise<number> {
  return withConsoleDirectory(flags, async ({ deps }) => {
    const users = await listConsoleUsers(deps);
    if (flags.json === true) {
      printJson(
        output,
        users.map((user) => ({
          ...consoleUserJson(user),
          must_change_password: user.mustChangePassword,
          date_created: isoDate(user.dateCreated),
        })),
      );
    } else if (users.length === 0) {
      output.out("No console users. Create one with: latchkey users create --email <email> --role owner");
    } else {
      const rows = users.map((user) => [user.sid, user.email, user.role, user.accountSid, isoDate(user.dateCreated)]);
      output.out(formatTable(HEADERS, rows));
    }
    return 0;
  });
}
