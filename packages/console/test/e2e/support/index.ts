export { type ConsolePage, DESKTOP, launchChromium, openConsolePage, PHONE } from "./browser.js";
export { type ConsoleRoleName, type CreatedConsoleUser, createConsoleUser } from "./console-users.js";
export {
  LATCHKEY_BIN,
  type LatchkeyServer,
  type LatchkeyServerOptions,
  startLatchkeyServer,
} from "./latchkey-server.js";
export { changeOneTimePassword, signIn, signInAsNewOwner } from "./sign-in.js";
