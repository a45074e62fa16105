import { describe, expect, it } from "vitest";
import { PolicyMatcher } from "../policy/policy.js";
import { type RouteDefinition, RouteTreeBuilder } from "./route-tree.js";

const ACCOUNT = "/2010-04-01/Accounts/{AccountSid}";

function treeOf(...routes: RouteDefinition[]) {
  const builder = new RouteTreeBuilder();
  for (const route of routes) builder.add(route);
  return builder.build();
}

function route(method: string, path: string, name: string, host = "api"): RouteDefinition {
  return { host, method, path, permission: name };
}

const callRoutes = [
  route("GET", `${ACCOUNT}/Calls.json`, "/twilio/voice/calls/list"),
  route("POST", `${ACCOUNT}/Calls.json`, "/twilio/voice/calls/create"),
  route("GET", `${ACCOUNT}/Calls/{Sid}.json`, "/twilio/voice/calls/read"),
  route("POST", `${ACCOUNT}/Calls/{Sid}.json`, "/twilio/voice/calls/update"),
  route("DELETE", `${ACCOUNT}/Calls/{Sid}.json`, "/twilio/voice/calls/delete"),
  route("GET", `${ACCOUNT}/Calls/{CallSid}/Recordings.json`, "/twilio/voice/calls.recordings/list"),
  route("GET", `${ACCOUNT}/Calls/{CallSid}/Recordings/{Sid}.json`, "/twilio/voice/calls.recordings/read"),
];

describe("RouteTree.match", () => {
  it("returns the template, the params and the permission of a matched endpoint", () => {
    const tree = treeOf(...callRoutes);
    const match = tree.match({ host: "api", method: "GET", path: "/2010-04-01/Accounts/AC1/Calls/CA2.json" });
    expect(match?.template).toBe(`${ACCOUNT}/Calls/{Sid}.json`);
    expect(match?.params).toEqual({ AccountSid: "AC1", Sid: "CA2" });
    expect(match?.permissions).toEqual([
      { name: "/twilio/voice/calls/read", wildcard: "/twilio/voice/calls/*", action: "read" },
    ]);
  });

  it("tells a `{Sid}.json` instance from a bare `{CallSid}` parent at the same depth", () => {
    const tree = treeOf(...callRoutes);
    const nested = tree.match({
      host: "api",
      method: "GET",
      path: "/2010-04-01/Accounts/AC1/Calls/CA2/Recordings/RE3.json",
    });
    expect(nested?.template).toBe(`${ACCOUNT}/Calls/{CallSid}/Recordings/{Sid}.json`);
    expect(nested?.params).toEqual({ AccountSid: "AC1", CallSid: "CA2", Sid: "RE3" });
    expect(nested?.permissions.map((p) => p.name)).toEqual(["/twilio/voice/calls.recordings/read"]);
  });

  it("names each param as its own template does when templates share a param position", () => {
    const tree = treeOf(
      route("GET", "/v2/Flows/{Sid}", "/twilio/studio/flows/read", "studio"),
      route("GET", "/v2/Flows/{FlowSid}/Executions", "/twilio/studio/executions/list", "studio"),
    );
    expect(tree.match({ host: "studio", method: "GET", path: "/v2/Flows/FW1" })?.params).toEqual({ Sid: "FW1" });
    expect(tree.match({ host: "studio", method: "GET", path: "/v2/Flows/FW1/Executions" })?.params).toEqual({
      FlowSid: "FW1",
    });
  });

  it("requires the `.json` suffix where the template has it, and a non-empty value before it", () => {
    const tree = treeOf(...callRoutes);
    expect(tree.match({ host: "api", method: "GET", path: "/2010-04-01/Accounts/AC1/Calls/CA2" })).toBeUndefined();
    expect(tree.match({ host: "api", method: "GET", path: "/2010-04-01/Accounts/AC1/Calls" })).toBeUndefined();
    expect(tree.match({ host: "api", method: "GET", path: "/2010-04-01/Accounts/AC1/Calls/.json" })).toBeUndefined();
  });

  it("prefers a static segment over a param", () => {
    const tree = treeOf(
      route(
        "GET",
        "/v1/Workspaces/{WorkspaceSid}/Workers/Statistics",
        "/twilio/taskrouter/workspaces.workers.statistics/list",
        "taskrouter",
      ),
      route(
        "GET",
        "/v1/Workspaces/{WorkspaceSid}/Workers/{Sid}",
        "/twilio/taskrouter/workspaces.workers/read",
        "taskrouter",
      ),
    );
    const statistics = tree.match({ host: "taskrouter", method: "GET", path: "/v1/Workspaces/WS1/Workers/Statistics" });
    expect(statistics?.template).toBe("/v1/Workspaces/{WorkspaceSid}/Workers/Statistics");
    const worker = tree.match({ host: "taskrouter", method: "GET", path: "/v1/Workspaces/WS1/Workers/WK2" });
    expect(worker?.params).toEqual({ WorkspaceSid: "WS1", Sid: "WK2" });
  });

  it("falls back to the param branch when the static branch leads nowhere", () => {
    const tree = treeOf(
      route(
        "GET",
        "/v1/TaskQueues/Statistics",
        "/twilio/taskrouter/workspaces.task-queues.statistics/list",
        "taskrouter",
      ),
      route(
        "GET",
        "/v1/TaskQueues/{TaskQueueSid}/Statistics",
        "/twilio/taskrouter/workspaces.task-queues.instance-statistics/list",
        "taskrouter",
      ),
    );
    const match = tree.match({ host: "taskrouter", method: "GET", path: "/v1/TaskQueues/Statistics/Statistics" });
    expect(match?.template).toBe("/v1/TaskQueues/{TaskQueueSid}/Statistics");
    expect(match?.params).toEqual({ TaskQueueSid: "Statistics" });
  });

  it("does not match an unknown path, an unknown host or a path that stops at an inner node", () => {
    const tree = treeOf(...callRoutes);
    expect(tree.match({ host: "api", method: "GET", path: "/2010-04-01/Accounts/AC1/Widgets.json" })).toBeUndefined();
    expect(tree.match({ host: "voice", method: "GET", path: "/2010-04-01/Accounts/AC1/Calls.json" })).toBeUndefined();
    expect(tree.match({ host: "api", method: "GET", path: "/2010-04-01/Accounts/AC1" })).toBeUndefined();
    expect(tree.match({ host: "api", method: "GET", path: "/" })).toBeUndefined();
    expect(tree.match({ host: "api", method: "GET", path: "" })).toBeUndefined();
  });

  it("does not match a known path under a method it lacks, and treats HEAD as its own method", () => {
    const tree = treeOf(...callRoutes);
    const path = "/2010-04-01/Accounts/AC1/Calls.json";
    expect(tree.match({ host: "api", method: "DELETE", path })).toBeUndefined();
    expect(tree.match({ host: "api", method: "HEAD", path })).toBeUndefined();
    expect(tree.match({ host: "api", method: "post", path })?.permissions[0]?.name).toBe("/twilio/voice/calls/create");
  });

  it("ignores the query string and fragment but rejects a trailing slash or an empty segment", () => {
    const tree = treeOf(...callRoutes);
    const list = "/2010-04-01/Accounts/AC1/Calls.json";
    expect(tree.match({ host: "api", method: "GET", path: `${list}?PageSize=20&To=%2B1555` })?.template).toBe(
      `${ACCOUNT}/Calls.json`,
    );
    expect(tree.match({ host: "api", method: "GET", path: `${list}#top` })?.template).toBe(`${ACCOUNT}/Calls.json`);
    expect(tree.match({ host: "api", method: "GET", path: `${list}/` })).toBeUndefined();
    expect(tree.match({ host: "api", method: "GET", path: "/2010-04-01/Accounts//Calls.json" })).toBeUndefined();
    expect(tree.match({ host: "api", method: "GET", path: "//2010-04-01/Accounts/AC1/Calls.json" })).toBeUndefined();
  });

  it("returns param values as they appear in the path", () => {
    const tree = treeOf(route("GET", "/v2/PhoneNumbers/{PhoneNumber}", "/twilio/lookup/phone-numbers/read", "lookups"));
    const match = tree.match({ host: "lookups", method: "GET", path: "/v2/PhoneNumbers/%2B15551234567?Fields=x" });
    expect(match?.params).toEqual({ PhoneNumber: "%2B15551234567" });
  });
});

describe("RouteTreeBuilder", () => {
  it("lets several permissions open one endpoint", () => {
    const tree = treeOf(
      route("GET", "/v1/Keys", "/twilio/iam/api-keys/list", "iam"),
      route("GET", "/v1/Keys", "/acme/iam/key-audit/list", "iam"),
      route("GET", "/v1/Keys", "/twilio/iam/api-keys/list", "iam"),
    );
    const match = tree.match({ host: "iam", method: "GET", path: "/v1/Keys" });
    expect(match?.permissions.map((p) => p.name)).toEqual(["/twilio/iam/api-keys/list", "/acme/iam/key-audit/list"]);
    expect(tree.size).toBe(1);
  });

  it("keeps a resource `*` only where no specific permission of that resource opens the endpoint", () => {
    const wildcardFirst = treeOf(
      route("GET", "/v1/Rooms/{Sid}", "/twilio/video/rooms/*", "video"),
      route("GET", "/v1/Rooms/{Sid}", "/twilio/video/rooms/read", "video"),
    );
    const specificFirst = treeOf(
      route("GET", "/v1/Rooms/{Sid}", "/twilio/video/rooms/read", "video"),
      route("GET", "/v1/Rooms/{Sid}", "/twilio/video/rooms/*", "video"),
    );
    const wildcardOnly = treeOf(
      route(
        "GET",
        "/v1/ConnectionPolicies/{ConnectionPolicySid}/Targets",
        "/twilio/voice/sip.connection-policies.targets/*",
        "voice",
      ),
    );
    const room = { host: "video", method: "GET", path: "/v1/Rooms/RM1" };
    expect(wildcardFirst.match(room)?.permissions.map((p) => p.name)).toEqual(["/twilio/video/rooms/read"]);
    expect(specificFirst.match(room)?.permissions.map((p) => p.name)).toEqual(["/twilio/video/rooms/read"]);
    const targets = wildcardOnly.match({ host: "voice", method: "GET", path: "/v1/ConnectionPolicies/NY1/Targets" });
    expect(targets?.permissions).toEqual([
      {
        name: "/twilio/voice/sip.connection-policies.targets/*",
        wildcard: "/twilio/voice/sip.connection-policies.targets/*",
        action: "*",
      },
    ]);
  });

  it("yields permissions that PolicyMatcher grants through the specific action or the resource `*`", () => {
    const tree = treeOf(...callRoutes);
    const match = tree.match({ host: "api", method: "DELETE", path: "/2010-04-01/Accounts/AC1/Calls/CA2.json" });
    const required = match?.permissions[0];
    if (required === undefined) throw new Error("DELETE on a call should require a permission");
    expect(required.name).toBe("/twilio/voice/calls/delete");
    expect(new PolicyMatcher({ allow: ["/twilio/voice/calls/delete"] }).allows(required)).toBe(true);
    expect(new PolicyMatcher({ allow: ["/twilio/voice/calls/*"] }).allows(required)).toBe(true);
    expect(new PolicyMatcher({ allow: ["/twilio/voice/calls/read"] }).allows(required)).toBe(false);
    expect(new PolicyMatcher({ allow: ["/twilio/voice/calls.recordings/*"] }).allows(required)).toBe(false);
  });

  it("accepts an operator's own namespace and host next to Twilio's", () => {
    const tree = new RouteTreeBuilder()
      .addCatalog({
        permissions: { "/twilio/voice/calls/list": [{ host: "api", method: "GET", path: `${ACCOUNT}/Calls.json` }] },
      })
      .addCatalog({
        permissions: {
          "/acme/billing/invoices/read": [{ host: "billing", method: "GET", path: "/v1/Invoices/{Sid}" }],
          "/acme/billing/invoices/list": [{ host: "billing", method: "GET", path: "/v1/Invoices" }],
        },
      })
      .build();
    expect(tree.match({ host: "billing", method: "GET", path: "/v1/Invoices/IN1" })?.permissions).toEqual([
      { name: "/acme/billing/invoices/read", wildcard: "/acme/billing/invoices/*", action: "read" },
    ]);
    expect(tree.match({ host: "api", method: "GET", path: "/2010-04-01/Accounts/AC1/Calls.json" })).toBeDefined();
    expect(tree.size).toBe(3);
  });

  it("rejects two templates that differ only in a param name for the same method", () => {
    const builder = new RouteTreeBuilder().add(route("GET", "/v1/Rooms/{Sid}", "/twilio/video/rooms/read", "video"));
    expect(() => builder.add(route("GET", "/v1/Rooms/{RoomSid}", "/twilio/video/rooms/read", "video"))).toThrow(
      /conflicts with \/v1\/Rooms\/\{Sid\}/,
    );
  });

  it("rejects malformed templates and permissions", () => {
    const builder = new RouteTreeBuilder();
    expect(() => builder.add(route("GET", "v1/Rooms", "/twilio/video/rooms/list"))).toThrow(/absolute path/);
    expect(() => builder.add(route("GET", "/v1/Rooms/", "/twilio/video/rooms/list"))).toThrow(/empty segments/);
    expect(() => builder.add(route("GET", "/v1/Rooms?x=1", "/twilio/video/rooms/list"))).toThrow(/absolute path/);
    expect(() => builder.add(route("GET", "/v1/Room{Sid}", "/twilio/video/rooms/read"))).toThrow(/fill its segment/);
    expect(() => builder.add(route("GET", "/v1/Rooms", "/twilio/video/rooms/browse"))).toThrow(/Not a permission/);
  });

  it("cannot be used after build", () => {
    const builder = new RouteTreeBuilder();
    builder.build();
    expect(() => builder.add(route("GET", "/v1/Rooms", "/twilio/video/rooms/list"))).toThrow(/already built/);
    expect(() => builder.build()).toThrow(/already built/);
  });
});
