// The distinct callers of a failed-authentication flood (`npm run bench:throttle`): the i-th one has an
// address and a SID of its own, so every failure it makes is a new key in both throttle tables.

/** Indices below this have a distinct address: 10.0.0.0/8 holds 2^24. */
export const FLOOD_KEY_SPACE = 2 ** 24;

/** The i-th caller's address, in 10.0.0.0/8: private, so it names nobody real. */
export function floodAddress(index) {
  return `10.${(index >>> 16) & 255}.${(index >>> 8) & 255}.${index & 255}`;
}

/** The i-th caller's API key SID: well-formed, and never issued by the bench server. */
export function floodSid(index) {
  return `SK${"f".repeat(8)}${index.toString(16).padStart(24, "0")}`;
}

/** Basic credentials for the i-th caller's SID with a wrong secret: every request is a failure. */
export function floodAuthorization(index) {
  return `Basic ${Buffer.from(`${floodSid(index)}:${"0".repeat(32)}`).toString("base64")}`;
}
