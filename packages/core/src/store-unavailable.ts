import { AppError, isAppError } from "./errors/app-error.js";
import type { Store, StoreRepositories } from "./store-port.js";

/**
 * The Store, with every failure of the engine itself (a locked, missing or corrupt file, a lost
 * connection) turned into STORE_UNAVAILABLE (503/20503). A region whose store fails then answers 503,
 * never a 500 or an answer that reads like a fact (a missing key); the use cases' own refusals inside a
 * transaction pass through unchanged. Only calls that reach the engine pay for it: a warm credential
 * check never does.
 */
export function reportingUnavailable(store: Store): Store {
  return {
    ...guardRepositories(store),
    async transaction(work) {
      try {
        return await store.transaction((tx) => work(tx));
      } catch (error) {
        throw asUnavailable(error);
      }
    },
    ping: () => store.ping().catch(rethrowUnavailable),
    close: () => store.close(),
  };
}

function guardRepositories(repositories: StoreRepositories): StoreRepositories {
  return {
    accounts: guard(repositories.accounts),
    keys: guard(repositories.keys),
    audit: guard(repositories.audit),
    settings: guard(repositories.settings),
  };
}

/** Every method of `repository`, with its rejections turned into STORE_UNAVAILABLE. */
function guard<T extends object>(repository: T): T {
  const guarded: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(repository)) {
    guarded[name] =
      typeof method === "function"
        ? (...args: unknown[]) => (method as (...a: unknown[]) => Promise<unknown>)(...args).catch(rethrowUnavailable)
        : method;
  }
  return guarded as T;
}

function asUnavailable(error: unknown): unknown {
  return isAppError(error) || !(error instanceof Error) ? error : new AppError("STORE_UNAVAILABLE", { cause: error });
}

function rethrowUnavailable(error: unknown): never {
  throw asUnavailable(error);
}
