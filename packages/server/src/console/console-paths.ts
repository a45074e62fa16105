/** Everything the console serves lives under this path; the REST APIs never use it. */
export const CONSOLE_PREFIX = "/console";
export const CONSOLE_API_PREFIX = "/console/api";

/** Is `url` (path and query as received) the console's, API included? */
export function isConsolePath(url: string): boolean {
  return url === CONSOLE_PREFIX || url.startsWith(`${CONSOLE_PREFIX}/`) || url.startsWith(`${CONSOLE_PREFIX}?`);
}

export function isConsoleApiPath(url: string): boolean {
  return (
    url === CONSOLE_API_PREFIX || url.startsWith(`${CONSOLE_API_PREFIX}/`) || url.startsWith(`${CONSOLE_API_PREFIX}?`)
  );
}
