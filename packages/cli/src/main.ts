import { ACCOUNT_STATUSES } from "@latchkey/sdk";
import { ConfigError, parsePort } from "@latchkey/server";
import { Command, CommanderError, Option } from "commander";
import { accountsCreate } from "./commands/accounts-create.js";
import { accountsFetch } from "./commands/accounts-fetch.js";
import { accountsList } from "./commands/accounts-list.js";
import { accountsUpdate } from "./commands/accounts-update.js";
import { init } from "./commands/init.js";
import { keysCreate } from "./commands/keys-create.js";
import { serve } from "./commands/serve.js";
import { GRANT_SYNTAX, tokensCreate } from "./commands/tokens-create.js";
import { usersCreate } from "./commands/users-create.js";
import { usersDelete } from "./commands/users-delete.js";
import { usersList } from "./commands/users-list.js";
import { type Output, processOutput } from "./output.js";
import { parseRegionsFlag } from "./region-flags.js";
import { addRemoteOptions } from "./remote-options.js";

/** Runs the `latchkey` command line and resolves to the process exit code. */
export async function main(argv: readonly string[], output: Output = processOutput): Promise<number> {
  let exitCode = 0;
  const program = new Command("latchkey")
    .description("Latchkey: a self-hostable, Twilio-compatible credential authority")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => output.out(text.trimEnd()),
      writeErr: (text) => output.err(text.trimEnd()),
      // Commander's "error: unknown option '--prt'\n(Did you mean --port?)" becomes one line named
      // after the command, like every other failure.
      outputError: (text, write) => write(failureLine(program, argv, text.replace(/^error: /, ""))),
    });

  const dataOption = () => new Option("--data <dir>", "data directory (env LATCHKEY_DATA_DIR, default ./data)");
  const regionsOption = () =>
    new Option(
      "--regions <list>",
      "regions served, the default first, e.g. us1,ie1 (env LATCHKEY_REGIONS, default us1)",
    ).argParser(parseRegionsFlag);

  program
    .command("serve")
    .description("run the HTTP server (initializes an empty data dir on first start)")
    .option("--host <host>", "address to listen on (env HOST, default 127.0.0.1)")
    .option("--port <port>", "port to listen on (env PORT, default 8080)", (value) => parsePort(value, "--port"))
    .addOption(dataOption())
    .addOption(regionsOption())
    .action(async (flags) => {
      exitCode = await serve(flags, output);
    });

  program
    .command("init")
    .description("initialize an empty data dir and print the owner account's credentials in every region")
    .addOption(dataOption())
    .addOption(regionsOption())
    .option("--json", "print JSON")
    .action(async (flags) => {
      exitCode = await init(flags, output);
    });

  program
    .command("keys")
    .description("operator key commands, straight against the data dir")
    .command("create")
    .description("create a Main key (the REST API never creates Main keys)")
    .requiredOption("--type <type>", "key type: main")
    .requiredOption("--account <sid>", "Account SID that owns the key")
    .option("--friendly-name <name>", "a name of at most 64 characters")
    .option("--region <region>", "the region the key is made in and works in (default: the default region)")
    .addOption(dataOption())
    .addOption(regionsOption())
    .option("--json", "print JSON")
    .action(async (flags) => {
      exitCode = await keysCreate(flags, output);
    });

  const users = program
    .command("users")
    .description("console user commands (people who sign in to /console), straight against the data dir");

  users
    .command("create")
    .description("create a console user; without --password-stdin it gets a one-time password")
    .requiredOption("--email <email>", "the email the user signs in with")
    .requiredOption("--role <role>", "owner, administrator, developer or read-only")
    .option("--account <sid>", "Account SID the user belongs to (default: the owner account)")
    .option("--password-stdin", "read the user's password from stdin instead of making a one-time one")
    .addOption(dataOption())
    .addOption(regionsOption())
    .option("--json", "print JSON")
    .action(async (flags) => {
      exitCode = await usersCreate(flags, output);
    });

  users
    .command("list")
    .description("list every console user")
    .addOption(dataOption())
    .addOption(regionsOption())
    .option("--json", "print JSON")
    .action(async (flags) => {
      exitCode = await usersList(flags, output);
    });

  users
    .command("delete")
    .description("delete a console user and end their sessions")
    .argument("<user>", "User SID (US...) or email")
    .addOption(dataOption())
    .addOption(regionsOption())
    .option("--json", "print JSON")
    .action(async (sidOrEmail: string, flags) => {
      exitCode = await usersDelete(sidOrEmail, flags, output);
    });

  const accounts = program
    .command("accounts")
    .description("account commands, against a running server (--url or env LATCHKEY_URL)");
  const statusOption = (description: string) => new Option("--status <status>", description).choices(ACCOUNT_STATUSES);

  addRemoteOptions(
    accounts
      .command("create")
      .description("create a subaccount of the calling account")
      .option("--friendly-name <name>", "a name of 1 to 64 characters"),
  ).action(async (flags) => {
    exitCode = await accountsCreate(flags, output);
  });

  addRemoteOptions(
    accounts
      .command("list")
      .description("list the calling account and its subaccounts (every page)")
      .option("--friendly-name <name>", "only accounts with exactly this name")
      .addOption(statusOption("only accounts with this status")),
  ).action(async (flags) => {
    exitCode = await accountsList(flags, output);
  });

  addRemoteOptions(accounts.command("fetch").description("show one account").argument("<sid>", "Account SID")).action(
    async (sid: string, flags) => {
      exitCode = await accountsFetch(sid, flags, output);
    },
  );

  addRemoteOptions(
    accounts
      .command("update")
      .description("rename an account or change its status")
      .argument("<sid>", "Account SID")
      .option("--friendly-name <name>", "a name of 1 to 64 characters")
      .addOption(statusOption("the new status")),
  ).action(async (sid: string, flags) => {
    exitCode = await accountsUpdate(sid, flags, output);
  });

  program
    .command("tokens")
    .description("Access Token commands, offline: nothing is sent to a server")
    .command("create")
    .description("mint an Access Token for client-side SDKs, signed with a standard or Main key's secret")
    .requiredOption("--identity <identity>", "who the token is for (grants.identity)")
    .option("--grant <grant>", GRANT_SYNTAX, (value: string, previous: string[] = []) => [...previous, value])
    .option("--ttl <seconds>", "lifetime in seconds, 1 to 86400 (default 3600)")
    .option("--nbf <unix-seconds>", "not valid before this Unix time")
    .addOption(
      new Option("--algorithm <alg>", "signing algorithm (default HS256)").choices(["HS256", "HS384", "HS512"]),
    )
    .option("--region <region>", "the region the token is for, written in the header as twr (e.g. ie1)")
    .addOption(new Option("--account-sid <sid>", "Account SID (env TWILIO_ACCOUNT_SID)"))
    .addOption(new Option("--api-key <sid>", "API key SID (env TWILIO_API_KEY)"))
    .addOption(new Option("--api-secret <secret>", "the API key's secret (env TWILIO_API_SECRET)"))
    .option("--json", "print {token, identity, expires_at}")
    .action(async (flags) => {
      exitCode = await tokensCreate(flags, output);
    });

  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    // Every failure is one line and exit code 1: a ConfigError says what to fix; anything else is shown
    // by its message alone, since a stack trace tells an operator nothing they can act on.
    const message = error instanceof Error ? error.message : String(error);
    output.err(failureLine(program, argv, error instanceof ConfigError ? message : `unexpected error: ${message}`));
    return 1;
  }
}

/** `latchkey serve: port 8080 on 127.0.0.1 is already in use`: the command as typed, then the reason. */
function failureLine(program: Command, argv: readonly string[], reason: string): string {
  const names = ["latchkey"];
  let command = program;
  for (const word of argv.slice(2)) {
    const next = command.commands.find((candidate) => candidate.name() === word);
    if (next === undefined) break;
    names.push(word);
    command = next;
  }
  return `${names.join(" ")}: ${reason.trim().replace(/\s*\n\s*/g, " ")}`;
}
