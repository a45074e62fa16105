/**
 * `useServer()` registers the start and close of a fresh test server around every test of the describe
 * block it is called in, and hands back stable names for that server, its owner's credentials and its
 * clock. Each name forwards to the current test's instance, so test bodies read `server.request(…)`
 * exactly as they did with a `let server` assigned in `beforeEach`, and no state outlives a test.
 *
 * Hooks: the server starts in a `beforeEach` registered where `useServer()` is called, so a `beforeEach`
 * registered after it already sees the server; vitest runs `afterEach` hooks in reverse order
 * (`sequence.hooks: "stack"`), so the server closes after the block's own `afterEach` hooks have run.
 */
import { afterEach, beforeEach } from "vitest";
import { type Credentials, FakeClock } from "./route-fixtures.js";
import { startTestServer, type TestServer, type TestServerOptions } from "./test-server.js";

export interface UseServerOptions extends Omit<TestServerOptions, "clock"> {
  /**
   * Run the server on a {@link FakeClock} starting at EXAMPLE_INSTANT, fresh for each test and moved
   * through `clock`. Without it the server reads the real time and `clock` is not available.
   */
  readonly fakeClock?: boolean;
}

/** The part of {@link FakeClock} a test moves. */
export interface TestClock {
  now(): number;
  advance(ms: number): void;
}

export interface ServerHarness {
  /** The current test's server. */
  readonly server: TestServer;
  /** The owner account's Auth Token as Basic credentials (`ownerCredentials(server)`). */
  readonly owner: Credentials;
  /** The current test's fake clock; only with `useServer({ fakeClock: true })`. */
  readonly clock: TestClock;
}

/**
 * `options` may be a function, called in each `beforeEach`, for options that depend on per-test state
 * made by an earlier hook (a catalog file written to a fresh directory).
 *
 * @example
 * describe("GET /v1/Keys", () => {
 *   const { server, owner, clock } = useServer({ fakeClock: true });
 *
 *   it("lists no keys on a fresh account", async () => {
 *     const response = await server.request("GET", `/v1/Keys?AccountSid=${server.accountSid}`, { auth: owner });
 *     expect(response.json.keys).toEqual([]);
 *   });
 * });
 */
export function useServer(options: UseServerOptions | (() => UseServerOptions) = {}): ServerHarness {
  let fakeClock = typeof options !== "function" && options.fakeClock === true;
  let server: TestServer | undefined;
  let clock: FakeClock | undefined;

  beforeEach(async () => {
    const { fakeClock: wantsClock = false, ...serverOptions } = typeof options === "function" ? options() : options;
    fakeClock = wantsClock;
    clock = fakeClock ? new FakeClock() : undefined;
    const started = await startTestServer({ ...serverOptions, ...(clock !== undefined && { clock }) });
    // A test may close its server itself (to see a client fail to connect); the hook then closes nothing.
    let closing: Promise<void> | undefined;
    server = {
      ...started,
      close: () => {
        closing ??= started.close();
        return closing;
      },
    };
  });
  afterEach(async () => {
    const closing = server;
    server = undefined;
    clock = undefined;
    await closing?.close();
  });

  const currentServer = (): TestServer => {
    if (server === undefined) throw new Error("useServer(): the server exists only while a test or its hooks run");
    return server;
  };
  const currentClock = (): FakeClock => {
    if (clock !== undefined) return clock;
    throw new Error(
      fakeClock
        ? "useServer(): the clock exists only while a test or its hooks run"
        : "useServer(): this server reads the real time; ask for useServer({ fakeClock: true }) to move a clock",
    );
  };

  return {
    server: forwardTo(currentServer),
    owner: {
      get user() {
        return currentServer().accountSid;
      },
      get password() {
        return currentServer().authToken;
      },
    },
    clock: {
      now: () => currentClock().now(),
      advance: (ms) => currentClock().advance(ms),
    },
  };
}

/**
 * An object that reads every property from `current()` at the moment it is read. The traps beyond `get`
 * let spreading, `in` and printing in a failed assertion see the current object's own properties.
 */
function forwardTo<T extends object>(current: () => T): T {
  return new Proxy({} as T, {
    get: (_target, property) => Reflect.get(current(), property),
    has: (_target, property) => Reflect.has(current(), property),
    ownKeys: () => Reflect.ownKeys(current()),
    getOwnPropertyDescriptor: (_target, property) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(current(), property);
      return descriptor === undefined ? undefined : { ...descriptor, configurable: true };
    },
  });
}
