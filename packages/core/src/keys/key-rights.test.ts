import { describe, expect, it } from "vitest";
import type { CredentialType, Principal } from "../auth/principal.js";
import { PolicyMatcher } from "../policy/policy.js";
import type { ApiKey, KeyType } from "./api-key.js";
import {
  assertMayChange,
  assertMayCreate,
  assertMayDelete,
  type KeyEscalation,
  type KeyRightsCaller,
  permissionsBeyond,
} from "./key-rights.js";

const ACCOUNT = `AC${"a".repeat(32)}`;
const CALLER_SID = `SK${"c".repeat(32)}`;
const TARGET_SID = `SK${"d".repeat(32)}`;
const MESSAGES_ALL = "/twilio/messaging/messages/*";
const MESSAGES_READ = "/twilio/messaging/messages/read";
const CALLS_ALL = "/twilio/voice/calls/*";

function caller(type: CredentialType, allow: string[] = [], escalation: KeyEscalation = "strict"): KeyRightsCaller {
  const principal: Principal = {
    accountSid: ACCOUNT,
    credentialSid: type === "auth_token" ? ACCOUNT : CALLER_SID,
    credentialType: type,
    policy: type === "restricted" ? new PolicyMatcher({ allow }) : null,
  };
  return { escalation, principal };
}

function key(type: KeyType, options: { sid?: string; allow?: string[] } = {}): ApiKey {
  return {
    sid: options.sid ?? TARGET_SID,
    accountSid: ACCOUNT,
    friendlyName: null,
    type,
    policy: type === "restricted" ? { allow: options.allow ?? [MESSAGES_READ] } : null,
    region: "us1",
    dateCreated: 0,
    dateUpdated: 0,
  };
}

const denial = (message: string) =>
  expect.objectContaining({ code: "PERMISSION_DENIED", status: 403, twilioCode: 70051, message });

describe("permissionsBeyond", () => {
  it("lets a held resource wildcard cover each action of its resource", () => {
    expect(permissionsBeyond([MESSAGES_READ, "/twilio/messaging/messages/delete"], new Set([MESSAGES_ALL]))).toEqual(
      [],
    );
  });

  it("covers a requested wildcard only by the same wildcard", () => {
    const everyAction = ["read", "list", "create", "update", "delete"].map((a) => `/twilio/messaging/messages/${a}`);
    expect(permissionsBeyond([MESSAGES_ALL], new Set(everyAction))).toEqual([MESSAGES_ALL]);
    expect(permissionsBeyond([MESSAGES_ALL], new Set([MESSAGES_ALL]))).toEqual([]);
  });

  it("does not let a wildcard reach a sibling or a sub-resource", () => {
    const held = new Set([MESSAGES_ALL]);
    expect(permissionsBeyond(["/twilio/messaging/services/read"], held)).toEqual(["/twilio/messaging/services/read"]);
    expect(permissionsBeyond(["/twilio/messaging/messages.media/read"], held)).toEqual([
      "/twilio/messaging/messages.media/read",
    ]);
  });

  it("names every grant beyond, in the order requested", () => {
    expect(permissionsBeyond([CALLS_ALL, MESSAGES_READ, "/twilio/voice/calls/read"], new Set([MESSAGES_READ]))).toEqual(
      [CALLS_ALL, "/twilio/voice/calls/read"],
    );
  });
});

describe("assertMayCreate", () => {
  it("lets the Auth Token and a Main key create any key, in either mode", () => {
    for (const escalation of ["strict", "twilio"] as const) {
      for (const type of ["auth_token", "main"] as const) {
        expect(() => assertMayCreate(caller(type, [], escalation), { type: "standard", policy: null })).not.toThrow();
        const policy = { allow: [CALLS_ALL] };
        expect(() => assertMayCreate(caller(type, [], escalation), { type: "restricted", policy })).not.toThrow();
      }
    }
  });

  it("refuses a standard key from a restricted key", () => {
    expect(() => assertMayCreate(caller("restricted", [MESSAGES_ALL]), { type: "standard", policy: null })).toThrow(
      denial("Authorization Failed: a restricted key may create only restricted keys within its own policy"),
    );
  });

  it("lets a restricted key create a restricted key within its policy and refuses one beyond it", () => {
    const creator = caller("restricted", [MESSAGES_ALL]);
    expect(() => assertMayCreate(creator, { type: "restricted", policy: { allow: [MESSAGES_READ] } })).not.toThrow();
    expect(() =>
      assertMayCreate(creator, { type: "restricted", policy: { allow: [MESSAGES_READ, CALLS_ALL] } }),
    ).toThrow(denial(`Authorization Failed: the new key's policy grants '${CALLS_ALL}', which this key does not hold`));
  });

  it("counts the other grants beyond after naming the first", () => {
    const policy = { allow: [CALLS_ALL, "/twilio/voice/calls/read"] };
    expect(() => assertMayCreate(caller("restricted", []), { type: "restricted", policy })).toThrow(
      denial(
        `Authorization Failed: the new key's policy grants '${CALLS_ALL}' and 1 more permission, which this key does not hold`,
      ),
    );
  });

  it("lets a restricted key do what Twilio lets it in twilio mode", () => {
    const creator = caller("restricted", [], "twilio");
    expect(() => assertMayCreate(creator, { type: "standard", policy: null })).not.toThrow();
    expect(() => assertMayCreate(creator, { type: "restricted", policy: { allow: [CALLS_ALL] } })).not.toThrow();
  });

  it("answers 401/20003 to a standard key or an Access Token, in either mode", () => {
    for (const escalation of ["strict", "twilio"] as const) {
      for (const type of ["standard", "access_token"] as const) {
        expect(() => assertMayCreate(caller(type, [], escalation), { type: "standard", policy: null })).toThrow(
          expect.objectContaining({ status: 401, twilioCode: 20003 }),
        );
      }
    }
  });
});

describe("assertMayChange", () => {
  it("refuses a widening of the caller's own policy, judged against the stored one", () => {
    const self = key("restricted", { sid: CALLER_SID, allow: [MESSAGES_READ] });
    // The cached principal may lag behind the store; the stored policy is the current one.
    const stale = caller("restricted", [MESSAGES_ALL]);
    expect(() => assertMayChange(stale, self, { policy: { allow: [MESSAGES_ALL] } })).toThrow(
      denial(
        `Authorization Failed: a key may not widen its own policy: the new policy grants '${MESSAGES_ALL}', which this key does not hold`,
      ),
    );
    expect(() => assertMayChange(stale, self, { policy: { allow: [MESSAGES_READ] } })).not.toThrow();
  });

  it("keeps another key's new policy within the caller's, whatever the key held before", () => {
    const manager = caller("restricted", [MESSAGES_ALL]);
    const broad = key("restricted", { allow: [CALLS_ALL] });
    expect(() => assertMayChange(manager, broad, { policy: { allow: [MESSAGES_READ] } })).not.toThrow();
    expect(() => assertMayChange(manager, broad, { friendlyName: "renamed" })).not.toThrow();
    expect(() => assertMayChange(manager, broad, { policy: { allow: [CALLS_ALL] } })).toThrow(
      denial(`Authorization Failed: the new policy grants '${CALLS_ALL}', which this key does not hold`),
    );
  });

  it("lets a restricted key rename a standard key", () => {
    expect(() => assertMayChange(caller("restricted", []), key("standard"), { friendlyName: "x" })).not.toThrow();
  });

  it("keeps Main keys to the Auth Token and Main keys, even for an empty change", () => {
    const message = "Authorization Failed: only the Auth Token or a Main key may change a Main key";
    for (const change of [{}, { friendlyName: "x" }]) {
      expect(() => assertMayChange(caller("restricted", [MESSAGES_ALL]), key("main"), change)).toThrow(denial(message));
      expect(() => assertMayChange(caller("main"), key("main"), change)).not.toThrow();
      expect(() => assertMayChange(caller("auth_token"), key("main"), change)).not.toThrow();
      expect(() => assertMayChange(caller("restricted", [], "twilio"), key("main"), change)).not.toThrow();
    }
  });
});

describe("assertMayDelete", () => {
  it("keeps Main keys to the Auth Token and Main keys; other keys are the route permission's to delete", () => {
    expect(() => assertMayDelete(caller("restricted", []), key("main"))).toThrow(
      denial("Authorization Failed: only the Auth Token or a Main key may delete a Main key"),
    );
    for (const type of ["standard", "restricted"] as const) {
      expect(() => assertMayDelete(caller("restricted", []), key(type))).not.toThrow();
    }
    expect(() => assertMayDelete(caller("main"), key("main"))).not.toThrow();
    expect(() => assertMayDelete(caller("auth_token"), key("main"))).not.toThrow();
    expect(() => assertMayDelete(caller("restricted", [], "twilio"), key("main"))).not.toThrow();
  });
});
