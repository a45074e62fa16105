/**
 * Everything the client throws is a `LatchkeyError`: catch that one class to handle every failure, or
 * the two subclasses to tell "the server said no" from "the server could not be reached". A bare
 * `LatchkeyError` means a successful answer that did not hold what the API promises.
 *
 * @example
 * ```ts
 * try {
 *   await client.accounts.fetch(sid);
 * } catch (error) {
 *   if (error instanceof LatchkeyError) console.error(error.message);
 *   else throw error;
 * }
 * ```
 */
export class LatchkeyError extends Error {
  override readonly name: string = "LatchkeyError";
}

export interface LatchkeyApiErrorInit {
  readonly status: number;
  /** Twilio's error code (20404, 20003, …); null when the body carried none. */
  readonly code: number | null;
  readonly message: string;
  readonly moreInfo: string | null;
}

/**
 * The server answered with an HTTP error, or with a body that is not what the API promises. `code`,
 * `message` and `moreInfo` come from Twilio's error body `{code, message, more_info, status}`; when the
 * body is not JSON (a proxy's HTML page, say) `code` and `moreInfo` are null and the message says so.
 *
 * @example
 * ```ts
 * try {
 *   await client.accounts.fetch("AC00000000000000000000000000000000");
 * } catch (error) {
 *   if (error instanceof LatchkeyApiError && error.code === 20404) console.log("no such account");
 *   else throw error;
 * }
 * ```
 */
export class LatchkeyApiError extends LatchkeyError {
  override readonly name = "LatchkeyApiError";
  /** The HTTP status of the response. */
  readonly status: number;
  readonly code: number | null;
  readonly moreInfo: string | null;

  constructor(init: LatchkeyApiErrorInit) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.moreInfo = init.moreInfo;
  }
}

/**
 * No HTTP answer arrived: the server is unreachable, refused the connection, or did not answer in time.
 * The underlying failure is the `cause`.
 *
 * @example
 * ```ts
 * try {
 *   await client.accounts.list();
 * } catch (error) {
 *   if (error instanceof LatchkeyConnectionError) console.error("is the server running?", error.message);
 *   else throw error;
 * }
 * ```
 */
export class LatchkeyConnectionError extends LatchkeyError {
  override readonly name = "LatchkeyConnectionError";
}
