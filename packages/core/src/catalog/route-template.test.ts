import { describe, expect, it } from "vitest";
import { routeShape, routeTemplateProblem, templatesOverlap } from "./route-template.js";

describe("routeTemplateProblem", () => {
  it("accepts static segments, whole-segment params and params with a suffix", () => {
    expect(routeTemplateProblem("/v1/Invoices")).toBeUndefined();
    expect(routeTemplateProblem("/v1/Invoices/{Sid}")).toBeUndefined();
    expect(routeTemplateProblem("/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json")).toBeUndefined();
    expect(routeTemplateProblem("/v1/Files/a%20b;v=1:x@y")).toBeUndefined();
  });

  it("names what is wrong with a template the route tree cannot hold", () => {
    expect(routeTemplateProblem("v1/Invoices")).toBe("must start with /");
    expect(routeTemplateProblem("/")).toBe("must name at least one segment after /");
    expect(routeTemplateProblem("/v1/Invoices/")).toBe("must not have empty segments or a trailing slash");
    expect(routeTemplateProblem("/v1//Invoices")).toBe("must not have empty segments or a trailing slash");
    expect(routeTemplateProblem("/v1/Invoices?Page=1")).toBe("must not carry a query string or fragment");
    expect(routeTemplateProblem("/v1/In voices")).toBe(
      "segment 'In voices' holds characters a URL path carries only encoded",
    );
    expect(routeTemplateProblem("/v1/{Sid}.j son")).toBe(
      "segment '{Sid}.j son' holds characters a URL path carries only encoded",
    );
    expect(routeTemplateProblem(`/${"a".repeat(1024)}`)).toBe("must be at most 1024 characters");
    expect(routeTemplateProblem("/v1/{1Sid}")).toMatch(/^segment '\{1Sid\}' is not a valid param/);
    expect(routeTemplateProblem("/v1/{A}{B}")).toMatch(/^segment '\{A\}\{B\}' is not a valid param/);
  });
});

describe("routeShape", () => {
  it("blanks param names, since they do not tell endpoints apart", () => {
    const shape = (path: string) => routeShape({ host: "billing", method: "get", path });
    expect(shape("/v1/Invoices/{Sid}")).toBe("billing GET /v1/Invoices/{}");
    expect(shape("/v1/Invoices/{InvoiceSid}")).toBe(shape("/v1/Invoices/{Sid}"));
    expect(shape("/v1/Invoices/{Sid}.json")).not.toBe(shape("/v1/Invoices/{Sid}"));
  });
});

describe("templatesOverlap", () => {
  it("is true when some request path matches both", () => {
    expect(templatesOverlap("/v1/Invoices/{Sid}", "/v1/Invoices/{Id}")).toBe(true);
    expect(templatesOverlap("/v1/Invoices/{Sid}", "/v1/Invoices/Summary")).toBe(true);
    expect(templatesOverlap("/v1/Invoices/Summary.json", "/v1/Invoices/{Sid}.json")).toBe(true);
    expect(templatesOverlap("/v1/{Sid}.json", "/v1/{Sid}")).toBe(true);
  });

  it("is false when no request path can match both", () => {
    expect(templatesOverlap("/v1/Invoices", "/v1/Invoices/{Sid}")).toBe(false);
    expect(templatesOverlap("/v1/Invoices/{Sid}.json", "/v1/Invoices/{Sid}.xml")).toBe(false);
    expect(templatesOverlap("/v1/Invoices/.json", "/v1/Invoices/{Sid}.json")).toBe(false);
    expect(templatesOverlap("/v1/Invoices/Summary", "/v1/Invoices/Totals")).toBe(false);
  });
});
