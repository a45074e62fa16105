import { AppError, normalizeConsoleEmail, signIn } from "@latchkey/core";
import type { ConsoleRoute } from "../console-route.js";
import { jsonFields, optionalString } from "../json-body.js";
import { sessionBody } from "../session-body.js";
import { setSessionCookie } from "../session-cookie.js";
import { signInRefusal } from "../sign-in-origin.js";

/** POST /console/api/session: sign in with email and password. */
export const createSession: ConsoleRoute = {
  method: "POST",
  url: "/console/api/session",
  gate: "public",
  async handler(request, reply, { deps, throttles }) {
    // SECURITY: an address over its failure limit is refused before any password is hashed.
    const throttled = throttles.refusalFor(request.ip);
    if (throttled !== null) throw throttled;
    const refusal = signInRefusal(request);
    if (refusal !== null) throw refusal;
    const fields = jsonFields(request);
    const email = optionalString(fields, "email") ?? "";
    const password = optionalString(fields, "password") ?? "";
    const result = await signIn(deps, { email, password });
    if (!result.ok) {
      // Counted per address and per email (as the API counts per SID): a stranger failing against an email
      // turns its failures into 429s but never locks out the right password from another address.
      const normalized = normalizeConsoleEmail(email);
      const failure = throttles.recordFailure(request.ip, normalized === undefined ? null : `console:${normalized}`);
      throw failure.code === "AUTHENTICATION_FAILED"
        ? new AppError("AUTHENTICATION_FAILED", { message: "The email or password is wrong" })
        : failure;
    }
    setSessionCookie(request, reply, result.token, deps.maxSessionMs);
    return sessionBody(deps.deployment, result.user, result.token);
  },
};
