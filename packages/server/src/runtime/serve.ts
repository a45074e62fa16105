import { AlreadyInitializedError, initializeOwner, OWNER_ACCOUNT_SETTING, type OwnerCredentials } from "@latchkey/core";
import type { FastifyInstance } from "fastify";
import { pino } from "pino";
import { createApp } from "../app.js";
import type { ServerConfig } from "../config.js";
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

/**
 * Opens the data dir (initializing it on first start), serves HTTP, and reports the owner's
 * credentials through `onInitialized` exactly once, on the start that created them.
 */
export async function startServer(
  config: ServerConfig,
  onInitialized: (credentials: OwnerCredentials, url: string) => void,
): Promise<RunningServer> {
  // Read before the store opens: a broken catalog stops start-up without touching the data dir.
  const catalogs = await loadOperatorCatalogs(config.catalogFiles);
  const region = await openRegion({
    dataDir: config.dataDir,
    region: config.region,
    masterKey: config.masterKey,
    maxSubaccounts: config.maxSubaccounts,
    ...catalogs,
  });
  let created: OwnerCredentials | null = null;
  if ((await region.store.settings.get(OWNER_ACCOUNT_SETTING)) === undefined) {
    try {
      created = await initializeOwner(region, OPERATOR_ACTOR);
    } catch (error) {
      // Another process initialized it between our check and our write: fine, we just don't print.
      if (!(error instanceof AlreadyInitializedError)) throw error;
    }
  }
  const logger = pino({ level: config.logLevel, base: { region: config.region } });
  if (catalogs !== undefined) logger.info({ catalogFiles: config.catalogFiles }, "operator catalogs loaded");
  const app = await createApp({
    region,
    logger,
    throttles: createThrottles(config),
    trustProxy: config.trustProxy,
    gatewayTokens: config.gatewayTokens,
  });
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === "object" && address !== null ? address.port : config.port;
  const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
  if (created !== null) onInitialized(created, url);
  return {
    app,
    url,
    async close() {
      await app.close();
      await region.store.close();
    },
  };
}
