import { isIP } from "node:net";
import { ConfigError } from "../config.js";

/** One DNS label as a hostname spells it (RFC 1123): letters and digits, hyphens only inside, 1–63 long. */
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * LATCHKEY_DOMAINS: `latchkey.example.com,iam.corp.example`, the domains besides twilio.com whose
 * `{product}.{region}.{domain}` hosts pick a region. Entries are trimmed and lower-cased, a repeated entry
 * counts once, and one trailing dot (the absolute spelling `example.com.`) is dropped; `twilio.com` itself
 * is allowed and redundant. Anything else that is not a hostname of two labels or more is refused at start,
 * naming the entry: a URL, a port, a wildcard or an IP address would otherwise never match a Host and
 * leave the operator wondering why every request lands in the default region.
 */
export function parseDomainList(raw: string | undefined): readonly string[] {
  const domains: string[] = [];
  for (const entry of (raw ?? "").split(",")) {
    const trimmed = entry.trim();
    if (trimmed === "") continue;
    const domain = trimmed.toLowerCase().replace(/\.$/, "");
    if (!isDomainName(domain)) {
      throw new ConfigError(
        `LATCHKEY_DOMAINS must be a comma-separated list of domain names such as latchkey.example.com (no scheme, port, path or wildcard); not a domain name: ${JSON.stringify(trimmed)}`,
      );
    }
    if (!domains.includes(domain)) domains.push(domain);
  }
  return domains;
}

function isDomainName(text: string): boolean {
  if (text.length > 253 || isIP(text) !== 0) return false;
  const labels = text.split(".");
  // An all-numeric last label is no top-level domain: it is how `10.0.0.300`-style near-addresses show.
  return labels.length >= 2 && labels.every((label) => LABEL.test(label)) && !/^[0-9]+$/.test(labels.at(-1) ?? "");
}
