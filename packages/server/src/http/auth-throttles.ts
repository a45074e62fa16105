import { AppError, type FailureThrottle } from "@latchkey/core";

/** Brute-force limits shared by every place that checks a credential: routes, gateways, decisions. */
export class AuthThrottles {
  constructor(
    readonly byAddress: FailureThrottle,
    readonly bySid: FailureThrottle,
  ) {}

  /** The 429 an address over its limit gets before anything is checked, or null (also for no address). */
  refusalFor(address: string | null): AppError | null {
    if (address === null) return null;
    const blockedForMs = this.byAddress.retryAfterMs(address);
    return blockedForMs > 0 ? tooManyFailures(blockedForMs) : null;
  }

  /**
   * Records a failed credential check and returns the error to answer with: 401, or 429 once the
   * SID is over its limit. SID throttling only ever changes a failure's answer: a correct secret
   * still succeeds, so a stranger cannot lock a legitimate credential out by failing against it.
   * `address` is null for a caller behind a gateway that reported none: only its SID is counted.
   */
  recordFailure(address: string | null, sid: string | null): AppError {
    if (address !== null) this.byAddress.recordFailure(address);
    if (sid !== null) {
      // Same counting as per address: the limit-th failure still gets 401, later ones 429.
      const sidBlockedForMs = this.bySid.retryAfterMs(sid);
      this.bySid.recordFailure(sid);
      if (sidBlockedForMs > 0) return tooManyFailures(sidBlockedForMs);
    }
    return new AppError("AUTHENTICATION_FAILED");
  }
}

function tooManyFailures(retryAfterMs: number): AppError {
  return new AppError("TOO_MANY_REQUESTS", {
    message: "Too many failed authentication attempts; retry later",
    context: { retryAfterMs },
  });
}
