import { isIP } from "node:net";

/**
 * An IP literal in one spelling per address, or null when `text` is not one. Throttles count by this
 * string, so `::FFFF:203.0.113.7`, `::ffff:cb00:7107` and `203.0.113.7` must not be three counters:
 * IPv4 stays as it is, IPv6 takes the URL parser's compressed lower-case form, and an IPv4-mapped IPv6
 * address becomes its IPv4 address. Zone ids (`fe80::1%eth0`) are refused: they name an interface of
 * the sender, not a caller.
 */
export function canonicalIp(text: string): string | null {
  const kind = isIP(text);
  if (kind === 4) return text;
  if (kind !== 6 || text.includes("%")) return null;
  let hostname: string;
  try {
    hostname = new URL(`http://[${text}]/`).hostname;
  } catch {
    return null;
  }
  const address = hostname.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(address);
  if (mapped === null) return address;
  const high = Number.parseInt(mapped[1] ?? "0", 16);
  const low = Number.parseInt(mapped[2] ?? "0", 16);
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

/** Whether `text` is an IP address or a CIDR range (`10.0.0.0/8`, `fd00::/8`) with a prefix of 1 or more. */
export function isIpRange(text: string): boolean {
  const slash = text.indexOf("/");
  if (slash === -1) return isIP(text) !== 0;
  const kind = isIP(text.slice(0, slash));
  const prefix = text.slice(slash + 1);
  if (kind === 0 || !/^\d{1,3}$/.test(prefix)) return false;
  const bits = Number(prefix);
  return bits >= 1 && bits <= (kind === 4 ? 32 : 128);
}
