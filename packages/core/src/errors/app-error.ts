import { ERROR_CATALOG, type ErrorCode } from "./catalog.js";

export interface AppErrorOptions {
  /** Overrides the catalog's default message. Must never contain a secret. */
  readonly message?: string;
  /** Extra context for logs and for headers such as Retry-After; never sent as the body. */
  readonly context?: Readonly<Record<string, unknown>>;
  readonly cause?: unknown;
}

/** The one error type the domain throws; the HTTP edge turns it into Twilio's error body. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly context: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, options: AppErrorOptions = {}) {
    super(options.message ?? ERROR_CATALOG[code].message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.context = options.context ?? {};
  }

  get status(): number {
    return ERROR_CATALOG[this.code].status;
  }

  get twilioCode(): number {
    return ERROR_CATALOG[this.code].twilioCode;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
