import type { ConsoleSession, ConsoleUser } from "@latchkey/core";
import type { FastifyRequest } from "fastify";

/** The session a console request resumed (console-auth.ts), with the cookie token its CSRF token derives from. */
export interface SignedIn {
  readonly user: ConsoleUser;
  readonly session: ConsoleSession;
  /** SECURITY: the cookie's token; used to derive the CSRF token, never logged or sent back. */
  readonly token: string;
}

declare module "fastify" {
  interface FastifyRequest {
    /** Set by the console's session hook on every console route but sign-in. */
    consoleSession: SignedIn | null;
  }
}

/** The signed-in user of a console route; a route reached without the session hook is a programming error. */
export function signedInOf(request: FastifyRequest): SignedIn {
  const signedIn = request.consoleSession;
  if (signedIn === null) throw new Error(`Console route ${request.url} ran without a session`);
  return signedIn;
}
