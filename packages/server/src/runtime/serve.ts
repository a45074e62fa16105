import {
  AlreadyInitializedError,
  type Deployment,
  initializeOwner,
  OWNER_ACCOUNT_SETTING,
  type OwnerCredentials,
} from "@latchkey/core";
import type { FastifyInstance } from "fastify";
import { pino } from "pino";
import { createApp } from "../app.js";
import type { ServerConfig } from "../config.js";
import {
  consoleDeps,
  consoleSessionSettings,
  createFirstConsoleUser,
  type FirstConsoleUser,
  hasConsoleUser,
  noConsoleUserWarning,
} from "./first-console-user.js";
import { describeListenFailure } from "./listen-failure.js";
import { openDeployment } from "./open-deployment.js";
import { loadOperatorCatalogs } from "./operator-catalogs.js";
import { createThrottles } from "./throttles.js";

export const OPERATOR_ACTOR = { sid: "operator", address: "local" } as const;

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly url: string;
  /** Stops accepting connections, lets in-flight requests finish, then closes every store. */
  close(): Promise<void>;
}

/** The owner's Auth Token in a region this start added to an existing deployment. */
export interface AddedRegion {
  readonly region: string;
  readonly accountSid: string;
  readonly authToken: string;
}

/** What the caller of `startServer` is told. */
export interface StartEvents {
  /**
   * Called once, on the start that created the owner, after the server listens; with the owner account's
   * first console user (null when it could not be made: a warning then says how to make one).
   */
  onInitialized(credentials: OwnerCredentials, url: string, consoleUser: FirstConsoleUser | null): void;
  /**
   * Called once per region that got the owner account's copy on this start (a region added to the
   * list, or one that missed it before): its new Auth Token, shown this once.
   */
  onRegionAdded?(added: AddedRegion, url: string): void;
  /** Something the operator should fix that does not stop the start (it is also logged as a warning). */
  onWarning?(message: string): void;
}

/**
 * Opens the data dir, serves HTTP, then initializes an empty data dir (or brings regions added since the
 * last start up to the account directory) and reports the owner's new credentials exactly once, on the
 * start that created them. A start that fails throws a ConfigError whose message is one line for the
 * operator (a busy port, a data dir it may not write) and leaves the data dir uninitialized.
 */
export async function startServer(config: ServerConfig, events: StartEvents): Promise<RunningServer> {
  // Read before the store opens: a broken catalog stops start-up without touching the data dir.
  const catalogs = await loadOperatorCatalogs(config.catalogFiles);
  const logger = pino({ level: config.logLevel });
  if (catalogs !== undefined) logger.info({ catalogFiles: config.catalogFiles }, "operator catalogs loaded");
  const warnings: string[] = [];
  let url = "";
  let ownerSid: string | undefined;
  const reportAdded = (region: string, authToken: string) => {
    if (ownerSid !== undefined) events.onRegionAdded?.({ region, accountSid: ownerSid, authToken }, url);
  };
  const opened = await openDeployment({
    dataDir: config.dataDir,
    regions: config.regions,
    masterKey: config.masterKey,
    masterKeyFile: config.masterKeyFile,
    // Held until the server listens: a start that fails says only why it failed, in one line.
    onWarning: (message) => warnings.push(message),
    onReplicationFailure: (region, error) =>
      logger.error({ region, err: error }, "region could not copy an account change; retrying"),
    onReconciled: ({ ownerAuthToken, ...counts }) => {
      // SECURITY: a new owner token goes to the operator's banner alone, never into a log line.
      logger.info(counts, "region caught up with the account directory");
      if (ownerAuthToken !== null) reportAdded(counts.region, ownerAuthToken);
    },
    maxSubaccounts: config.maxSubaccounts,
    keyEscalation: config.keyEscalation,
    ...catalogs,
  });
  const { deployment } = opened;
  let app: FastifyInstance | undefined;
  let created: OwnerCredentials | null;
  let consoleUser: FirstConsoleUser | null = null;
  const sessions = consoleSessionSettings(config);
  const added: { region: string; authToken: string }[] = [];
  try {
    app = await createApp({
      deployment,
      domains: config.domains,
      logger,
      throttles: createThrottles(config),
      trustProxy: config.trustProxy,
      gatewayTokens: config.gatewayTokens,
      console: sessions,
    });
    try {
      await app.listen({ host: config.host, port: config.port });
    } catch (error) {
      throw describeListenFailure(error, config.host, config.port);
    }
    // The owner (and a new region's copy of it) is created only once the server can serve. Created
    // earlier, a start that then fails (a busy port) would have made the Auth Token and shown it to no
    // one, and the next start, finding an owner, would show nothing: the token would be lost. The other
    // way out, keeping the banner until it is shown, would mean storing the token where it could be read
    // back, which no secret may be.
    created = await initializeOwnerOnce(deployment);
    ownerSid = created?.accountSid ?? (await deployment.directory.settings.get(OWNER_ACCOUNT_SETTING));
    url = listeningUrl(app, config);
    const consoleUrl = `${url}/console`;
    // The Owner user is made here for the same reasons as the owner: its one-time password exists only
    // in the banner, so it is made once the server can serve, on the start that shows it.
    if (created !== null) {
      const input = { ownerAccountSid: created.accountSid, email: config.ownerEmail, consoleUrl };
      consoleUser = await createFirstConsoleUser(consoleDeps(deployment, sessions), input, logger);
    }
    if (created !== null ? consoleUser === null : !(await hasConsoleUser(deployment))) {
      warnings.push(noConsoleUserWarning(consoleUrl, config.dataDir));
    }
    for (const reconciliation of await opened.reconcile()) {
      if (reconciliation.ownerAuthToken !== null) {
        added.push({ region: reconciliation.region, authToken: reconciliation.ownerAuthToken });
      }
    }
  } catch (error) {
    await app?.close();
    await opened.close();
    throw error;
  }
  for (const message of warnings) {
    logger.warn(message);
    events.onWarning?.(message);
  }
  if (created !== null) events.onInitialized(created, url, consoleUser);
  for (const region of added) reportAdded(region.region, region.authToken);
  return {
    app,
    url,
    async close() {
      await app.close();
      await opened.close();
    },
  };
}

/** `http://127.0.0.1:8080`: the address the server listens on, with the port it got for port 0. */
function listeningUrl(app: FastifyInstance, config: ServerConfig): string {
  const address = app.server.address();
  const port = typeof address === "object" && address !== null ? address.port : config.port;
  return `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
}

/** The owner's credentials when this start created them; null when the data dir already had an owner. */
async function initializeOwnerOnce(deployment: Deployment): Promise<OwnerCredentials | null> {
  if ((await deployment.directory.settings.get(OWNER_ACCOUNT_SETTING)) !== undefined) return null;
  try {
    return await initializeOwner(deployment, OPERATOR_ACTOR);
  } catch (error) {
    // Another process initialized it between our check and our write: fine, we just don't print.
    if (error instanceof AlreadyInitializedError) return null;
    throw error;
  }
}
