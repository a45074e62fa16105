/**
 * Which proxies in front of Latchkey may name the client address in `X-Forwarded-For`, as Express's
 * `trust proxy` reads it: the header is walked from the RIGHT (the entry the nearest proxy appended)
 * and the client is the first address that is not a trusted proxy. Taking the leftmost entry would let
 * any client behind an appending proxy pick its own address, and with it escape the per-address
 * throttle and write any address into the audit log.
 */
export type TrustProxy =
  /** `X-Forwarded-For` is ignored: the client is the socket's peer. */
  | false
  /** The nearest `hops` proxies (the socket's peer first) are trusted, whoever they are. */
  | { readonly hops: number }
  /** Proxies at these addresses or CIDR ranges (or `loopback`, `linklocal`, `uniquelocal`) are trusted. */
  | { readonly addresses: readonly string[] };

/** The ranges proxy-addr (Fastify's and Express's parser of `X-Forwarded-For`) knows by name. */
export const NAMED_RANGES: readonly string[] = ["loopback", "linklocal", "uniquelocal"];

/** Fastify's `trustProxy` option for a setting. */
export function fastifyTrustProxy(setting: TrustProxy): false | string[] | ((address: string, hop: number) => boolean) {
  if (setting === false) return false;
  if ("addresses" in setting) return [...setting.addresses];
  // Fastify 5 reads a bare number as "trust nothing", so the hop count goes in as Express's function:
  // hop 0 is the socket's peer, hop 1 the entry it appended, and so on.
  const { hops } = setting;
  return (_address, hop) => hop < hops;
}
