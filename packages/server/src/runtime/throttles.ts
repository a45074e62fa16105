import { type Clock, FailureThrottle, systemClock } from "@latchkey/core";
import type { AuthThrottles } from "../http/auth-hook.js";

export function createThrottles(
  limits: { authFailuresPerAddress: number; authFailuresPerSid: number; authFailureWindowSeconds: number },
  clock: Clock = systemClock,
): AuthThrottles {
  const windowMs = limits.authFailureWindowSeconds * 1000;
  return {
    byAddress: new FailureThrottle({ maxFailures: limits.authFailuresPerAddress, windowMs, clock }),
    bySid: new FailureThrottle({ maxFailures: limits.authFailuresPerSid, windowMs, clock }),
  };
}
