import { describe, expect, it } from "vitest";
import { ConfigError } from "../config.js";
import { parseDomainList } from "./domain-names.js";

const refusal = (entry: string) =>
  new ConfigError(
    `LATCHKEY_DOMAINS must be a comma-separated list of domain names such as latchkey.example.com (no scheme, port, path or wildcard); not a domain name: ${JSON.stringify(entry)}`,
  );

describe("parseDomainList", () => {
  it("is empty when unset or blank", () => {
    expect(parseDomainList(undefined)).toEqual([]);
    expect(parseDomainList("")).toEqual([]);
    expect(parseDomainList(" , ,")).toEqual([]);
  });

  it("splits, trims and lower-cases", () => {
    expect(parseDomainList(" Latchkey.Example.COM , iam.corp.example ")).toEqual([
      "latchkey.example.com",
      "iam.corp.example",
    ]);
  });

  it("counts a repeated domain once, whatever its case or trailing dot", () => {
    expect(parseDomainList("a.example.com,A.EXAMPLE.COM,b.example.com,a.example.com.")).toEqual([
      "a.example.com",
      "b.example.com",
    ]);
  });

  it("allows twilio.com, which is redundant", () => {
    expect(parseDomainList("twilio.com,latchkey.example.com")).toEqual(["twilio.com", "latchkey.example.com"]);
  });

  it("accepts the DNS limits: 63-character labels, 253 characters, inner hyphens, digits", () => {
    const label = "a".repeat(63);
    const longest = `${label}.${label}.${label}.${"b".repeat(61)}`;
    expect(longest).toHaveLength(253);
    expect(parseDomainList(longest)).toEqual([longest]);
    expect(parseDomainList("my-host.x1.example")).toEqual(["my-host.x1.example"]);
    expect(parseDomainList("123.example.com")).toEqual(["123.example.com"]);
  });

  const refused: ReadonlyArray<readonly [string, string]> = [
    ["a single label", "localhost"],
    ["a scheme", "https://latchkey.example.com"],
    ["a port", "latchkey.example.com:443"],
    ["a path", "latchkey.example.com/iam"],
    ["a wildcard", "*.example.com"],
    ["an IPv4 address", "10.0.0.1"],
    ["an all-numeric last label", "10.0.0.300"],
    ["an IPv6 address", "::1"],
    ["a bracketed IPv6 address", "[::1]"],
    ["a leading dot", ".example.com"],
    ["an empty label", "a..example.com"],
    ["a leading hyphen", "-a.example.com"],
    ["a trailing hyphen", "a-.example.com"],
    ["an underscore", "my_host.example.com"],
    ["a space inside", "latchkey example.com"],
    ["non-ASCII letters", "lätchkey.example.com"],
    ["a control character", "latchkey\u0000.example.com"],
    ["a label over 63 characters", `${"a".repeat(64)}.example.com`],
    ["over 253 characters", `${"a.".repeat(126)}ab`],
    ["only dots", "..."],
  ];

  it.each(refused)("refuses %s, naming it: %j", (_name, entry) => {
    expect(() => parseDomainList(`latchkey.example.com, ${entry}`)).toThrow(refusal(entry));
  });

  it("throws a ConfigError", () => {
    expect(() => parseDomainList("*.example.com")).toThrow(ConfigError);
  });
});
