import { randomBytes } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { type ConsolePage, DESKTOP, launchChromium, openConsolePage } from "./browser.js";
import { type ConsoleRoleName, type CreatedConsoleUser, createConsoleUser } from "./console-users.js";
import { type LatchkeyServer, startLatchkeyServer } from "./latchkey-server.js";
import { signIn } from "./sign-in.js";

/** A password good enough for the server's rules (12+ characters), the same for every test user. */
export const TEST_PASSWORD = "correct horse battery staple";

export interface ConsoleSuite {
  readonly server: LatchkeyServer;
  readonly browser: Browser;
  /** A token the server accepts from gateways on POST /v1/Authorize. */
  readonly gatewayToken: string;
  /**
   * A new console user of `role` (made by `latchkey users create`), signed in, in a fresh browser
   * context: each test is its own person with its own cookie jar and its own saved region.
   */
  signedIn(
    role: ConsoleRoleName,
    viewport?: { readonly width: number; readonly height: number },
  ): Promise<ConsolePage & { readonly user: CreatedConsoleUser }>;
}

/**
 * One real server (fresh data dir) and one Chromium for a test file, started in beforeAll and stopped in
 * afterAll. The returned object's fields are readable from the tests on.
 */
export function useConsoleSuite(options: { readonly regions?: readonly string[] } = {}): ConsoleSuite {
  const gatewayToken = randomBytes(32).toString("hex");
  let server: LatchkeyServer | undefined;
  let browser: Browser | undefined;
  let users = 0;

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startLatchkeyServer({
        ...(options.regions !== undefined && { regions: options.regions }),
        env: { LATCHKEY_GATEWAY_TOKENS: gatewayToken },
      }),
      launchChromium(),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const suite: ConsoleSuite = {
    get server() {
      if (server === undefined) throw new Error("the server starts in beforeAll");
      return server;
    },
    get browser() {
      if (browser === undefined) throw new Error("the browser starts in beforeAll");
      return browser;
    },
    gatewayToken,
    async signedIn(role, viewport = DESKTOP) {
      users += 1;
      const user = await createConsoleUser(suite.server, {
        email: `${role}-${users}@example.com`,
        role,
        password: TEST_PASSWORD,
      });
      const opened = await openConsolePage(suite.browser, suite.server.url, viewport);
      await signIn(opened.page, suite.server.consoleUrl, user.email, user.password);
      await opened.page.getByRole("heading", { name: "API keys & auth tokens" }).waitFor();
      return { ...opened, user };
    },
  };
  return suite;
}
