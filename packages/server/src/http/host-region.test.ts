import { describe, expect, it } from "vitest";
import { type HostRegion, HostRegions } from "./host-region.js";

const served = (region: string): HostRegion => ({ served: true, region });
const notServed = (region: string): HostRegion => ({ served: false, region });

function hostRegions(): HostRegions {
  return new HostRegions({ regions: ["us1", "ie1"], domains: ["latchkey.example.com", "latchkey.twilio.com"] });
}

describe("HostRegions.regionOf", () => {
  const cases: ReadonlyArray<readonly [string, string | undefined, HostRegion]> = [
    ["{product}.{edge}.{region}.twilio.com", "api.dublin.ie1.twilio.com", served("ie1")],
    ["{product}.{region}.twilio.com", "iam.ie1.twilio.com", served("ie1")],
    ["the default region named explicitly", "api.us1.twilio.com", served("us1")],
    ["{product}.twilio.com", "api.twilio.com", served("us1")],
    ["the bare domain", "twilio.com", served("us1")],
    ["an upper-case host", "API.DUBLIN.IE1.TWILIO.COM", served("ie1")],
    ["a mixed-case host", "Iam.Ie1.Twilio.Com", served("ie1")],
    ["a port", "api.ie1.twilio.com:443", served("ie1")],
    ["a port on an unregioned host", "api.twilio.com:8080", served("us1")],
    ["a trailing dot", "api.ie1.twilio.com.", served("ie1")],
    ["a trailing dot and a port", "api.ie1.twilio.com.:443", served("ie1")],
    ["more labels than product.edge.region: the one before the domain", "a.b.c.ie1.twilio.com", served("ie1")],
    ["an IPv4 address", "127.0.0.1", served("us1")],
    ["an IPv4 address with a port", "10.1.2.3:8080", served("us1")],
    ["an IPv6 address with a port", "[::1]:8080", served("us1")],
    ["an IPv6 address without a port", "[2001:db8::1]", served("us1")],
    ["localhost", "localhost", served("us1")],
    ["localhost with a port", "localhost:8080", served("us1")],
    ["an unknown domain", "latchkey.internal", served("us1")],
    ["an unknown host with a port", "myhost:8080", served("us1")],
    ["a region-like label under an unknown domain", "api.ie1.example.org", served("us1")],
    ["a domain that only ends like twilio.com", "api.ie1.nottwilio.com", served("us1")],
    ["an operator domain", "api.ie1.latchkey.example.com", served("ie1")],
    ["an operator domain with an edge", "api.dublin.ie1.latchkey.example.com", served("ie1")],
    ["an operator domain's {product}", "api.latchkey.example.com", served("us1")],
    ["an operator domain itself", "latchkey.example.com", served("us1")],
    ["the longest domain: latchkey.twilio.com over twilio.com", "api.ie1.latchkey.twilio.com", served("ie1")],
    ["the longer domain itself", "latchkey.twilio.com", served("us1")],
    ["the longer domain's {product}, not region latchkey", "api.latchkey.twilio.com", served("us1")],
    ["an unserved region", "api.au1.twilio.com", notServed("au1")],
    ["an unserved region with an edge", "api.dublin.xx9.twilio.com", notServed("xx9")],
    ["an unserved region under an operator domain", "api.au1.latchkey.example.com", notServed("au1")],
    ["an unserved region, upper case, named lower case", "API.AU1.TWILIO.COM:443", notServed("au1")],
    ["a label that is not region-shaped", "api.staging.twilio.com", notServed("staging")],
    ["an edge without a region, which Twilio's client never builds", "api.dublin.twilio.com", notServed("dublin")],
    ["a 3-label prefix ending in a non-region label", "api.dublin.staging.twilio.com", notServed("staging")],
    ["no Host", undefined, served("us1")],
    ["an empty Host", "", served("us1")],
    ["only dots", "....", served("us1")],
    ["a single dot", ".", served("us1")],
    ["an empty label", "api..ie1.twilio.com", served("us1")],
    ["a leading dot", ".ie1.twilio.com", served("us1")],
    ["a control character", "api.ie1.twilio.com\u0000", served("us1")],
    ["a control character in the prefix", "api\r\n.au1.twilio.com", served("us1")],
    ["a space", "api.ie1.twilio.com evil", served("us1")],
    ["a port that is not digits", "api.ie1.twilio.com:https", served("us1")],
    ["two ports", "api.ie1.twilio.com:443:443", served("us1")],
    ["non-ASCII letters", "api.ié1.twilio.com", served("us1")],
    ["a 10 KB host ending like a region", `${"a".repeat(10_000)}.ie1.twilio.com`, served("us1")],
    ["a label over 63 characters", `${"a".repeat(64)}.ie1.twilio.com`, served("us1")],
  ];

  it.each(cases)("%s: %j", (_name, host, expected) => {
    expect(hostRegions().regionOf(host)).toEqual(expected);
  });

  it("answers the same from the memo as from parsing", () => {
    const regions = hostRegions();
    for (const [, host, expected] of cases) {
      expect(regions.regionOf(host)).toEqual(expected);
      expect(regions.regionOf(host)).toEqual(expected);
    }
  });

  it("reads a 63-character label and a 253-character hostname, the DNS limits", () => {
    const label = "a".repeat(63);
    const host = `${label}.${label}.${label}.${"b".repeat(46)}.ie1.twilio.com`;
    expect(host).toHaveLength(253);
    expect(hostRegions().regionOf(host)).toEqual(served("ie1"));
    expect(hostRegions().regionOf(`${host}.:65535`)).toEqual(served("ie1"));
    expect(hostRegions().regionOf(`a${host}`)).toEqual(served("us1"));
  });
});

describe("HostRegions configuration", () => {
  it("takes the first region as the default", () => {
    const regions = new HostRegions({ regions: ["ie1", "us1"], domains: [] });
    expect(regions.defaultRegion).toBe("ie1");
    expect(regions.regionOf("api.twilio.com")).toEqual(served("ie1"));
    expect(regions.regionOf("api.us1.twilio.com")).toEqual(served("us1"));
  });

  it("treats twilio.com as a domain without it being configured", () => {
    const regions = new HostRegions({ regions: ["us1", "au1"], domains: [] });
    expect(regions.regionOf("api.au1.twilio.com")).toEqual(served("au1"));
    expect(regions.regionOf("api.ie1.twilio.com")).toEqual(notServed("ie1"));
    expect(regions.regionOf("api.ie1.latchkey.example.com")).toEqual(served("us1"));
  });

  it("matches the longest domain whatever order the domains come in", () => {
    const regions = new HostRegions({ regions: ["us1", "ie1"], domains: ["example.com", "latchkey.example.com"] });
    expect(regions.regionOf("api.ie1.latchkey.example.com")).toEqual(served("ie1"));
    expect(regions.regionOf("api.latchkey.example.com")).toEqual(served("us1"));
    expect(regions.regionOf("api.ie1.example.com")).toEqual(served("ie1"));
  });

  it("tolerates upper case, a leading dot and twilio.com among the domains", () => {
    const regions = new HostRegions({ regions: ["US1", "IE1"], domains: [".Latchkey.Example.COM", "twilio.com", ""] });
    expect(regions.defaultRegion).toBe("us1");
    expect(regions.regionOf("api.ie1.latchkey.example.com")).toEqual(served("ie1"));
    expect(regions.regionOf("api.ie1.twilio.com")).toEqual(served("ie1"));
  });

  it("refuses an empty region list", () => {
    expect(() => new HostRegions({ regions: [], domains: [] })).toThrow("HostRegions needs at least one region");
  });
});

describe("HostRegions memo", () => {
  it("stays bounded after 100,000 distinct hosts and still answers correctly", () => {
    const regions = hostRegions();
    for (let index = 0; index < 100_000; index += 1) {
      const region = index % 2 === 0 ? "ie1" : "zz9";
      regions.regionOf(`h${index}.${region}.twilio.com`);
    }
    expect(regions.memoSize).toBeGreaterThan(0);
    expect(regions.memoSize).toBeLessThanOrEqual(512);
    expect(regions.regionOf("h0.ie1.twilio.com")).toEqual(served("ie1"));
    expect(regions.regionOf("h1.zz9.twilio.com")).toEqual(notServed("zz9"));
    expect(regions.regionOf("api.twilio.com")).toEqual(served("us1"));
  });

  it("does not keep hosts longer than any hostname", () => {
    const regions = hostRegions();
    for (let index = 0; index < 100; index += 1) regions.regionOf(`${"a".repeat(10_000)}${index}.ie1.twilio.com`);
    expect(regions.memoSize).toBe(0);
    regions.regionOf("api.ie1.twilio.com");
    expect(regions.memoSize).toBe(1);
  });

  it("keeps one memo per instance", () => {
    const first = hostRegions();
    const second = new HostRegions({ regions: ["ie1"], domains: [] });
    expect(first.regionOf("api.ie1.twilio.com")).toEqual(served("ie1"));
    expect(second.regionOf("api.ie1.twilio.com")).toEqual(served("ie1"));
    expect(first.regionOf("api.twilio.com")).toEqual(served("us1"));
    expect(second.regionOf("api.twilio.com")).toEqual(served("ie1"));
    expect(second.regionOf("api.us1.twilio.com")).toEqual(notServed("us1"));
    expect(first.memoSize).toBe(2);
    expect(second.memoSize).toBe(3);
  });
});
