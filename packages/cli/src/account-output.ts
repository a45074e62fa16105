import { type Account, accountToJson } from "@latchkey/sdk";
import { formatTable, type Output, printJson } from "./output.js";

const HEADERS = ["SID", "FRIENDLY NAME", "STATUS", "OWNER", "CREATED"] as const;

/** One account: a one-row table, or with `json` the API's own object (Auth Token included). */
export function printAccount(output: Output, account: Account, json: boolean): void {
  if (json) printJson(output, accountToJson(account));
  else output.out(accountTable([account]));
}

/** Accounts as a table, or with `json` an array of the API's objects (Auth Tokens included). */
export function printAccountList(output: Output, accounts: readonly Account[], json: boolean): void {
  if (json) printJson(output, accounts.map(accountToJson));
  else output.out(accountTable(accounts));
}

/** SECURITY: the table has no Auth Token column; tokens are printed only when --json asks for them. */
export function accountTable(accounts: readonly Account[]): string {
  return formatTable(
    HEADERS,
    accounts.map((account) => [
      account.sid,
      account.friendlyName ?? "-",
      account.status,
      account.ownerAccountSid ?? "-",
      formatDate(account.dateCreated),
    ]),
  );
}

/** `2016-06-13 22:50:08 UTC`: sortable, and no reader has to guess the zone. */
function formatDate(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}
