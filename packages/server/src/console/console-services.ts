import type { ConsoleDeps } from "@latchkey/core";
import type { AuthThrottles } from "../http/auth-throttles.js";

/** What the console's handlers are given besides the request: the use cases' deps and the sign-in throttles. */
export interface ConsoleServices {
  readonly deps: ConsoleDeps;
  readonly throttles: AuthThrottles;
}
