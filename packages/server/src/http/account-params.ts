import { type AccountStatus, AppError } from "@latchkey/core";

const STATUSES: readonly AccountStatus[] = ["active", "suspended", "closed"];

export function parseAccountStatus(value: string | undefined): AccountStatus | undefined {
  if (value === undefined) return undefined;
  if (!(STATUSES as readonly string[]).includes(value)) {
    throw new AppError("INVALID_PARAMETER", { message: "Status must be one of active, suspended, closed" });
  }
  return value as AccountStatus;
}

/**
 * Account names are required text: 1 to 64 characters when given (Twilio's 20002), on create and
 * update alike. An empty name is refused rather than read as "default": on update that would discard
 * the current name, which a 400 never does.
 */
export function parseAccountName(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.length === 0 || value.length > 64) {
    throw new AppError("INVALID_FRIENDLY_NAME", { message: "FriendlyName must be 1 to 64 characters" });
  }
  return value;
}
