/**
 * The console's screens and their paths under /console/. The server answers index.html for every
 * non-asset /console/* path, so these are real paths that survive a reload and can be bookmarked. No path
 * ever carries a secret: only key SIDs, which are identifiers.
 */

export interface KeyDraft {
  readonly friendlyName: string;
  readonly permissions: readonly string[];
}

export type Route =
  | { readonly name: "keys" }
  | { readonly name: "auth-tokens" }
  /** `draft` prefills the form (Duplicate this key); it lives in memory only, so a reload starts blank. */
  | { readonly name: "new-key"; readonly draft?: KeyDraft }
  | { readonly name: "key"; readonly sid: string }
  | { readonly name: "subaccounts" }
  | { readonly name: "password" };

export const BASE_PATH = "/console/";

export function pathOf(route: Route): string {
  switch (route.name) {
    case "keys":
      return `${BASE_PATH}keys`;
    case "auth-tokens":
      return `${BASE_PATH}auth-tokens`;
    case "new-key":
      return `${BASE_PATH}keys/new`;
    case "key":
      return `${BASE_PATH}keys/${encodeURIComponent(route.sid)}`;
    case "subaccounts":
      return `${BASE_PATH}subaccounts`;
    case "password":
      return `${BASE_PATH}password`;
  }
}

/** The route a path names; anything unknown shows the API keys list rather than an error page. */
export function routeOf(pathname: string): Route {
  const rest = pathname.startsWith(BASE_PATH) ? pathname.slice(BASE_PATH.length) : "";
  const parts = rest.split("/").filter((part) => part !== "");
  const [first, second] = parts;
  if (first === "auth-tokens" && parts.length === 1) return { name: "auth-tokens" };
  if (first === "subaccounts" && parts.length === 1) return { name: "subaccounts" };
  if (first === "password" && parts.length === 1) return { name: "password" };
  if (first === "keys" && second === "new" && parts.length === 2) return { name: "new-key" };
  if (first === "keys" && second !== undefined && parts.length === 2) {
    return { name: "key", sid: safeDecode(second) };
  }
  return { name: "keys" };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
