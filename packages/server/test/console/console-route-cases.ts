/**
 * One request per console API route, with a well-formed body, for the checks every route must pass whatever
 * its state (no session, no CSRF token): the refusal comes before any key or account is looked up.
 */
import { regionPath } from "./console-fixtures.js";

export interface ConsoleRouteCase {
  readonly method: "GET" | "POST" | "PUT" | "DELETE";
  readonly path: string;
  readonly body?: unknown;
}

const KEY = `SK${"0".repeat(32)}`;
const SUBACCOUNT = `AC${"0".repeat(32)}`;

export const CONSOLE_ROUTE_CASES: readonly ConsoleRouteCase[] = [
  { method: "POST", path: "/console/api/session", body: { email: "x@example.com", password: "y".repeat(12) } },
  { method: "GET", path: "/console/api/session" },
  { method: "DELETE", path: "/console/api/session" },
  {
    method: "POST",
    path: "/console/api/password",
    body: { current_password: "a".repeat(12), new_password: "b".repeat(12) },
  },
  { method: "PUT", path: "/console/api/preferences", body: { region: "us1" } },
  { method: "GET", path: regionPath("us1", "keys") },
  { method: "POST", path: regionPath("us1", "keys"), body: { type: "standard", friendly_name: "k" } },
  { method: "GET", path: regionPath("us1", `keys/${KEY}`) },
  { method: "POST", path: regionPath("us1", `keys/${KEY}`), body: { friendly_name: "k" } },
  { method: "DELETE", path: regionPath("us1", `keys/${KEY}`) },
  { method: "GET", path: regionPath("us1", "permissions") },
  { method: "GET", path: regionPath("us1", "auth-tokens") },
  { method: "POST", path: regionPath("us1", "auth-tokens/primary/reveal") },
  { method: "POST", path: regionPath("us1", "auth-tokens/secondary") },
  { method: "DELETE", path: regionPath("us1", "auth-tokens/secondary") },
  { method: "POST", path: regionPath("us1", "auth-tokens/promote") },
  { method: "GET", path: regionPath("us1", "subaccounts") },
  { method: "POST", path: regionPath("us1", "subaccounts"), body: { friendly_name: "s" } },
  { method: "POST", path: regionPath("us1", `subaccounts/${SUBACCOUNT}`), body: { status: "suspended" } },
];

/** Every route but sign-in: they all need a session. */
export const SESSION_ROUTE_CASES = CONSOLE_ROUTE_CASES.filter(
  (route) => !(route.method === "POST" && route.path === "/console/api/session"),
);

/** The state-changing routes that need a CSRF token. */
export const MUTATION_ROUTE_CASES = SESSION_ROUTE_CASES.filter((route) => route.method !== "GET");
