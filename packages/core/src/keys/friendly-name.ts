import { AppError } from "../errors/app-error.js";
import type { ErrorCode } from "../errors/catalog.js";
import { MAX_FRIENDLY_NAME_LENGTH } from "./api-key.js";

/**
 * Normalizes an optional FriendlyName: absent stays absent, empty means "no name" (null), and over
 * 64 characters is refused with the code the calling API uses.
 */
export function checkFriendlyName(
  value: string | undefined,
  errorCode: ErrorCode = "INVALID_FRIENDLY_NAME",
): string | null | undefined {
  if (value === undefined) return undefined;
  if (value.length > MAX_FRIENDLY_NAME_LENGTH) {
    throw new AppError(errorCode, {
      message: `FriendlyName must be at most ${MAX_FRIENDLY_NAME_LENGTH} characters; it has ${value.length}`,
    });
  }
  return value === "" ? null : value;
}
