import { AppError, type Decision, type DecisionRequest } from "@latchkey/core";
import type { AuthThrottles } from "./auth-throttles.js";

const MAX_URL_LENGTH = 8 * 1024;

/** Splits a target given as a full URL, or as Host and Path, into what a decision needs. */
export function targetOf(fields: { url?: string | undefined; host?: string | undefined; path?: string | undefined }) {
  if (fields.url !== undefined) {
    if (fields.url.length > MAX_URL_LENGTH) throw invalid("Url is longer than 8 KiB");
    let url: URL;
    try {
      url = new URL(fields.url);
    } catch {
      throw invalid("Url must be an absolute URL such as https://api.twilio.com/2010-04-01/Accounts.json");
    }
    return { host: url.host, path: url.pathname };
  }
  if (fields.host === undefined || fields.path === undefined) {
    throw new AppError("MISSING_PARAMETER", { message: "Give Url, or both Host and Path" });
  }
  if (fields.path.length > MAX_URL_LENGTH || fields.host.length > 255) throw invalid("Host or Path is too long");
  return { host: fields.host, path: fields.path.split("?", 1)[0] ?? fields.path };
}

export function methodOf(method: string | undefined): string {
  if (method === undefined || method === "") throw new AppError("MISSING_PARAMETER", { message: "Missing Method" });
  if (!/^[A-Za-z]{1,16}$/.test(method)) throw invalid("Method must be an HTTP method such as GET");
  return method.toUpperCase();
}

/**
 * Runs a decision with the same brute-force limits as direct requests: a blocked client address is
 * refused before any check, and a failed credential counts against its address and SID. The address
 * is the caller's as the gateway reported it, or null (the SID alone counts): never the gateway's own,
 * or one caller's failures would lock out every caller behind the same gateway.
 */
export async function decideThrottled(
  throttles: AuthThrottles,
  clientAddress: string | null,
  decisionRequest: DecisionRequest,
  decide: (request: DecisionRequest) => Promise<Decision>,
): Promise<Decision> {
  const refusal = throttles.refusalFor(clientAddress);
  if (refusal !== null) return throttled(refusal);
  const decision = await decide(decisionRequest);
  if (decision.allowed || decision.reason !== "authentication_failed") return decision;
  const error = throttles.recordFailure(clientAddress, decision.failedSid);
  return error.code === "TOO_MANY_REQUESTS" ? throttled(error) : decision;
}

function throttled(error: AppError): Decision {
  return {
    allowed: false,
    reason: "authentication_failed",
    principal: null,
    error,
    missingPermission: null,
    failedSid: null,
  };
}

function invalid(message: string): AppError {
  return new AppError("INVALID_PARAMETER", { message });
}
