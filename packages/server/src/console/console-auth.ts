import { AppError, resumeSession } from "@latchkey/core";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { ConsoleServices } from "./console-services.js";
import { csrfRefusal } from "./csrf.js";
import { readSessionCookie } from "./session-cookie.js";

/**
 * Which sessions a console route admits: `session` a signed-in user who has chosen their own password;
 * `one-time-password` also one still holding a one-time password (reading and ending the session,
 * changing the password).
 */
export type ConsoleGate = "session" | "one-time-password";

/**
 * The hook in front of every console route but sign-in, run before the body is read: resumes the session
 * named by the cookie, checks the CSRF token of a state-changing request, and holds a user with a one-time
 * password to changing it.
 */
export function consoleAuthHook(services: ConsoleServices, gate: ConsoleGate) {
  return async function authenticateConsole(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const token = readSessionCookie(request);
    const resumed = token === undefined ? undefined : await resumeSession(services.deps, token);
    if (token === undefined || resumed === undefined) throw signInFirst();
    const refusal = csrfRefusal(request, token);
    if (refusal !== null) throw refusal;
    // SECURITY: a one-time password was shown to whoever made the user (a banner, a terminal); until the
    // person replaces it, the session may do nothing else.
    if (resumed.user.mustChangePassword && gate !== "one-time-password") {
      throw new AppError("ACCESS_DENIED", { message: "Change your one-time password first" });
    }
    request.consoleSession = { ...resumed, token };
  };
}

export function signInFirst(): AppError {
  return new AppError("AUTHENTICATION_FAILED", { message: "Sign in to use the console" });
}
