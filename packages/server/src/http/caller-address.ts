/**
 * The address of the caller behind a gateway, for the brute-force limits of the decision API. Only an
 * authenticated gateway's word counts (the decision routes read it after the gateway check), and never
 * the gateway's own address: charging it would block every caller behind the gateway once a hundred of
 * them failed. With no address reported, a failure counts against the claimed SID only.
 */
import { AppError } from "@latchkey/core";
import type { FastifyRequest } from "fastify";
import { canonicalIp } from "./ip-address.js";

/**
 * A reported address in its canonical spelling; null when none was reported. Anything that is not an IP
 * literal is a 400: a gateway that sends `unknown` or `host:port` is misconfigured, and guessing would
 * either drop the address limit or let one caller count as many.
 */
export function reportedAddress(value: string | undefined, field: string): string | null {
  if (value === undefined || value === "") return null;
  const address = canonicalIp(value);
  if (address === null) {
    throw new AppError("INVALID_PARAMETER", {
      message: `${field} must be an IP address (IPv4 or IPv6), such as 203.0.113.7`,
    });
  }
  return address;
}

/**
 * The caller address a gateway put in the headers of GET /v1/Authorize/Request or /Envoy/*: X-Real-IP
 * when set, else the X-Forwarded-For entry the gateway appended. That is the entry just beyond the
 * gateway's own address: the rightmost one, or with LATCHKEY_TRUST_PROXY the one left of the entries
 * that trusted proxies between the gateway and Latchkey appended. Entries further left were written by
 * the caller itself and prove nothing.
 */
export function forwardedCallerAddress(request: FastifyRequest): string | null {
  const realIp = single(request.headers["x-real-ip"]);
  if (realIp !== undefined && realIp !== "") return reportedAddress(realIp, "X-Real-IP");
  const forwardedFor = request.headers["x-forwarded-for"];
  if (forwardedFor === undefined || forwardedFor === "") return null;
  // Split as proxy-addr splits it (empty entries skipped), so positions agree with `request.ips`.
  const entries = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor)
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  // `request.ips` (socket peer first) exists only with trustProxy; all but its last entry are trusted proxies.
  const consumedByProxies = (request.ips?.length ?? 1) - 1;
  return reportedAddress(entries[entries.length - 1 - consumedByProxies], "X-Forwarded-For");
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
