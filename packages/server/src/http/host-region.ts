/**
 * Which region a `Host` header addresses, read the way Twilio's clients build hosts:
 * `{product}.{edge}.{region}.{domain}` (`api.dublin.ie1.twilio.com`) and `{product}.{region}.{domain}`
 * (`iam.ie1.twilio.com`) name a region; `{product}.{domain}`, the bare domain, an IP address, `localhost`
 * and any host under no known domain (`latchkey.internal`) go to the default region, so a Latchkey
 * reached by address or by an internal name keeps working as a single-region server does.
 *
 * The rules beyond what Twilio's clients build, chosen so that a host never lands silently in a region
 * it did not name:
 * - With two prefix labels or more, the label right before the domain is the region, however many labels
 *   come first (`a.b.c.ie1.twilio.com` is ie1): it is the one position every Twilio host shape agrees on.
 * - A label in that position that is not a region served here is reported as not served, naming it, and
 *   so is one that is not even region-shaped (`api.staging.twilio.com`, `api.dublin.twilio.com`). Twilio
 *   would not route either, and its client never builds an edge without a region (it adds us1 when only
 *   an edge is set), so guessing "edge only, hence us1" or "unknown, hence default" would answer from a
 *   region's data the caller did not ask for, where a 404 naming `dublin` says at once what went wrong.
 * - A Host that is not a hostname (over 253 characters, characters other than letters, digits, `-`, `_`
 *   and dots, empty labels, a port that is not digits) is under no known domain: default region. The
 *   label a not-served answer names has therefore always passed that check, so it is safe to echo in
 *   the 404.
 */
export type HostRegion =
  | { readonly served: true; readonly region: string }
  | { readonly served: false; readonly region: string };

/** Hostname labels as Hosts carry them; `_` is tolerated because internal names use it. */
const HOSTNAME = /^[a-z0-9_-]{1,63}(?:\.[a-z0-9_-]{1,63})*$/;
const PORT = /^[0-9]{1,5}$/;
const MAX_HOSTNAME = 253;
/** A 253-character hostname, its trailing dot and `:65535`: nothing longer can name a region. */
const MAX_HOST = MAX_HOSTNAME + 1 + 6;
/**
 * SECURITY: the memo holds at most this many hosts, each at most MAX_HOST long, so a flood of distinct
 * Host headers costs a bounded ~130 KB and re-parsing, never unbounded memory.
 */
const MEMO_ENTRIES = 512;

export class HostRegions {
  readonly defaultRegion: string;
  readonly #default: HostRegion;
  readonly #served: ReadonlyMap<string, HostRegion>;
  /** Every domain, twilio.com included, longest first: `latchkey.twilio.com` must win over `twilio.com`. */
  readonly #domains: readonly string[];
  /**
   * Keyed by the header as received, so a hit costs one Map lookup and no lower-casing or slicing; case
   * variants of one host take separate entries, which the bound makes harmless.
   */
  readonly #memo = new Map<string, HostRegion>();

  constructor(options: { readonly regions: readonly string[]; readonly domains: readonly string[] }) {
    const regions = options.regions.map((region) => region.trim().toLowerCase());
    const [first] = regions;
    if (first === undefined) throw new Error("HostRegions needs at least one region");
    this.defaultRegion = first;
    const results = regions.map((region): HostRegion => Object.freeze({ served: true, region }));
    this.#served = new Map(results.map((result) => [result.region, result]));
    this.#default = results[0] ?? { served: true, region: first };
    const domains = ["twilio.com", ...options.domains].map(bareDomain).filter((domain) => domain !== "");
    this.#domains = [...new Set(domains)].sort((a, b) => b.length - a.length);
  }

  /** The region the Host header addresses; runs on every request, so answers from the memo first. */
  regionOf(host: string | undefined): HostRegion {
    if (host === undefined || host === "") return this.#default;
    const known = this.#memo.get(host);
    if (known !== undefined) return known;
    const found = this.#parse(host);
    if (host.length <= MAX_HOST) this.#remember(host, found);
    return found;
  }

  /** How many hosts the memo holds; never more than its bound. */
  get memoSize(): number {
    return this.#memo.size;
  }

  #remember(host: string, found: HostRegion): void {
    if (this.#memo.size >= MEMO_ENTRIES) {
      // Map iterates in insertion order: the first key is the oldest entry.
      const oldest = this.#memo.keys().next();
      if (oldest.done !== true) this.#memo.delete(oldest.value);
    }
    this.#memo.set(host, found);
  }

  #parse(raw: string): HostRegion {
    const host = hostnameOf(raw);
    if (host === null) return this.#default;
    for (const domain of this.#domains) {
      if (host === domain) return this.#default;
      const prefixEnd = host.length - domain.length - 1;
      if (prefixEnd > 0 && host.endsWith(domain) && host[prefixEnd] === ".") {
        return this.#regionOfPrefix(host.slice(0, prefixEnd));
      }
    }
    return this.#default;
  }

  /** `api` → default; `api.ie1`, `api.dublin.ie1`, `a.b.c.ie1` → the last label. */
  #regionOfPrefix(prefix: string): HostRegion {
    const lastDot = prefix.lastIndexOf(".");
    if (lastDot === -1) return this.#default;
    const label = prefix.slice(lastDot + 1);
    return this.#served.get(label) ?? { served: false, region: label };
  }
}

/** `.Latchkey.Example.COM` → `latchkey.example.com`: config validates domains, but a stray dot costs nothing to forgive. */
function bareDomain(domain: string): string {
  return domain
    .trim()
    .toLowerCase()
    .replace(/^\.+|\.+$/g, "");
}

/** The lower-case hostname of a Host header without port or trailing dot, or null when it is not one. */
function hostnameOf(raw: string): string | null {
  if (raw.length > MAX_HOST) return null;
  let host = raw.toLowerCase();
  // `[::1]:8080`: an IPv6 literal names no region.
  if (host.startsWith("[")) return null;
  const colon = host.indexOf(":");
  if (colon !== -1) {
    if (!PORT.test(host.slice(colon + 1))) return null;
    host = host.slice(0, colon);
  }
  if (host.endsWith(".")) host = host.slice(0, -1);
  return host.length <= MAX_HOSTNAME && HOSTNAME.test(host) ? host : null;
}
