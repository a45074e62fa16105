import { type Clock, FailureThrottle, systemClock } from "@latchkey/core";
import { AuthThrottles } from "../http/auth-throttles.js";

export function createThrottles(
  limits: { authFailuresPerAddress: number; authFailuresPerSid: number; authFailureWindowSeconds: number },
  clock: Clock = systemClock,
): AuthThrottles {
  const windowMs = limits.authFailureWindowSeconds * 1000;
  return new AuthThrottles(
    new FailureThrottle({ maxFailures: limits.authFailuresPerAddress, windowMs, clock }),
    new FailureThrottle({ maxFailures: limits.authFailuresPerSid, windowMs, clock }),
  );
}
