export { createApp, MAX_BODY_BYTES } from "./app.js";
export { ConfigError, loadConfig, parsePort, parseRegionList, type ServerConfig } from "./config.js";
export type { ConsoleOptions } from "./console/console-options.js";
export { ROUTES } from "./routes/index.js";
export { consoleDeps, consoleSessionSettings } from "./runtime/first-console-user.js";
export { MASTER_KEY_FILE } from "./runtime/master-key.js";
export { type OpenDeployment, openDeployment } from "./runtime/open-deployment.js";
export {
  type AddedRegion,
  OPERATOR_ACTOR,
  type RunningServer,
  type StartEvents,
  startServer,
} from "./runtime/serve.js";
export { createThrottles } from "./runtime/throttles.js";
