import {
  AlreadyInitializedError,
  initializeOwner,
  OWNER_ACCOUNT_SETTING,
  type OwnerCredentials,
  type RegionContext,
} from "@latchkey/core";
import type { FastifyInstance } from "fastify";
import { pino } from "pino";
import { createApp } from "../app.js";
import type { ServerConfig } from "../config.js";
import { describeListenFailure } from "./listen-failure.js";
import { openRegion } from "./open-region.js";
import { loadOperatorCatalogs } from "./operator-catalogs.js";
import { createThrottles } from "./throttles.js";

export const OPERATOR_ACTOR = { sid: "operator", address: "local" } as const;

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly url: string;
  /** Stops accepting connections, lets in-flight requests finish, then closes the store. */
  close(): Promise<void>;
}

/** What the caller of `startServer` is told. */
export interface StartEvents {
  /** Called once, on the start that created the owner, after the server listens. */
  onInitialized(credentials: OwnerCredentials, url: string): void;
  /** Something the operator should fix that does not stop the start (it is also logged as a warning). */
  onWarning?(message: string): void;
}

/**
 * Opens the data dir, serves HTTP, then initializes an empty data dir and reports the owner's
 * credentials through `onInitialized` exactly once, on the start that created them. A start that fails
 * throws a ConfigError whose message is one line for the operator (a busy port, a data dir it may not
 * write) and leaves the data dir uninitialized.
 */
export async function startServer(config: ServerConfig, events: StartEvents): Promise<RunningServer> {
  // Read before the store opens: a broken catalog stops start-up without touching the data dir.
  const catalogs = await loadOperatorCatalogs(config.catalogFiles);
  const logger = pino({ level: config.logLevel, base: { region: config.region } });
  if (catalogs !== undefined) logger.info({ catalogFiles: config.catalogFiles }, "operator catalogs loaded");
  const warnings: string[] = [];
  const region = await openRegion({
    dataDir: config.dataDir,
    region: config.region,
    masterKey: config.masterKey,
    masterKeyFile: config.masterKeyFile,
    // Held until the server listens: a start that fails says only why it failed, in one line.
    onWarning: (message) => warnings.push(message),
    maxSubaccounts: config.maxSubaccounts,
    keyEscalation: config.keyEscalation,
    ...catalogs,
  });
  let app: FastifyInstance | undefined;
  let created: OwnerCredentials | null;
  try {
    app = await createApp({
      region,
      logger,
      throttles: createThrottles(config),
      trustProxy: config.trustProxy,
      gatewayTokens: config.gatewayTokens,
    });
    try {
      await app.listen({ host: config.host, port: config.port });
    } catch (error) {
      throw describeListenFailure(error, config.host, config.port);
    }
    // The owner is created only once the server can serve. Created earlier, a start that then fails (a
    // busy port) would have made the Auth Token and shown it to no one, and the next start, finding an
    // owner, would show nothing: the token would be lost. The other way out, keeping the banner until it
    // is shown, would mean storing the token where it could be read back, which no secret may be.
    created = await initializeOwnerOnce(region);
  } catch (error) {
    await app?.close();
    await region.store.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === "object" && address !== null ? address.port : config.port;
  const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
  for (const message of warnings) {
    logger.warn(message);
    events.onWarning?.(message);
  }
  if (created !== null) events.onInitialized(created, url);
  return {
    app,
    url,
    async close() {
      await app.close();
      await region.store.close();
    },
  };
}

/** The owner's credentials when this start created them; null when the data dir already had an owner. */
async function initializeOwnerOnce(region: RegionContext): Promise<OwnerCredentials | null> {
  if ((await region.store.settings.get(OWNER_ACCOUNT_SETTING)) !== undefined) return null;
  try {
    return await initializeOwner(region, OPERATOR_ACTOR);
  } catch (error) {
    // Another process initialized it between our check and our write: fine, we just don't print.
    if (error instanceof AlreadyInitializedError) return null;
    throw error;
  }
}
