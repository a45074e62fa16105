import { randomUUID } from "node:crypto";

/** `RQ` and 32 hex digits, the form of Twilio's `Twilio-Request-Id`. */
export function newRequestId(): string {
  return `RQ${randomUUID().replaceAll("-", "")}`;
}
