import type { Deployment } from "../deployment.js";
import type { DirectoryRepositories } from "../directory/directory-port.js";
import { AppError, isAppError } from "../errors/app-error.js";

/**
 * A read or single write of console users or sessions outside a transaction. As for account changes (inDirectory), a
 * directory that fails to answer is a 503, never a 500 and never "not signed in" (which would look like
 * a lost session when it is an outage).
 */
export async function withDirectory<T>(
  deployment: Deployment,
  work: (repositories: DirectoryRepositories) => Promise<T>,
): Promise<T> {
  try {
    return await work(deployment.directory);
  } catch (error) {
    if (isAppError(error)) throw error;
    throw new AppError("STORE_UNAVAILABLE", { message: "The account directory is not reachable", cause: error });
  }
}
