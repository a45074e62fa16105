import { chmodSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../config.js";

const OWNER_ONLY_DIR = 0o700;

/**
 * SECURITY: creates the data dir and the region's dir owner-only. The chmod after mkdir makes the mode
 * independent of the umask. The region dir is always ours and is tightened even when an older version
 * made it 0755; a data dir that already existed keeps its mode, since the operator may have chosen it.
 */
export function createPrivateDirs(dataDir: string, region?: string): void {
  if (mkdirSync(dataDir, { recursive: true, mode: OWNER_ONLY_DIR }) !== undefined) chmodSync(dataDir, OWNER_ONLY_DIR);
  if (region === undefined) return;
  const regionDir = join(dataDir, region);
  mkdirSync(regionDir, { recursive: true, mode: OWNER_ONLY_DIR });
  chmodSync(regionDir, OWNER_ONLY_DIR);
}

const REASONS: Readonly<Record<string, string>> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  ENOTDIR: "a part of the path is not a directory",
  EEXIST: "a file is in the way",
  EISDIR: "a directory is in the way",
  ELOOP: "too many symbolic links",
  ENAMETOOLONG: "the path is too long",
};

/**
 * Turns a file-system or SQLite failure while opening the data dir into one line an operator can act on
 * (`cannot use the data dir ./data: permission denied (mkdir ./data)`); anything else is returned as is.
 */
export function describeDataDirFailure(error: unknown, dataDir: string): unknown {
  if (!(error instanceof Error) || error instanceof ConfigError) return error;
  const { code, syscall, path } = error as NodeJS.ErrnoException;
  if (code === undefined) return error;
  const reason =
    REASONS[code] ?? (code.startsWith("SQLITE_") ? `the database cannot be opened (${error.message})` : undefined);
  if (reason === undefined) return error;
  const where = syscall !== undefined && path !== undefined ? ` (${syscall} ${path})` : "";
  return new ConfigError(`cannot use the data dir ${dataDir}: ${reason}${where}`, { cause: error });
}
