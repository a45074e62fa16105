import { AlreadyInitializedError } from "../accounts/already-initialized.js";
import type { Deployment } from "../deployment.js";
import { AppError, isAppError } from "../errors/app-error.js";
import type { DirectoryRepositories } from "./directory-port.js";

/**
 * An account change's transaction in the directory. The use case's own refusals pass through; a directory
 * that fails to answer is a 503 (nothing was changed anywhere), never a 500 or an answer about the account.
 */
export async function inDirectory<T>(
  deployment: Deployment,
  work: (tx: DirectoryRepositories) => Promise<T>,
): Promise<T> {
  try {
    return await deployment.directory.transaction(work);
  } catch (error) {
    if (isAppError(error) || error instanceof AlreadyInitializedError) throw error;
    throw new AppError("STORE_UNAVAILABLE", { message: "The account directory is not reachable", cause: error });
  }
}
