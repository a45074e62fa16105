import { describe, expect, it } from "vitest";
import { AppError } from "../errors/app-error.js";
import {
  assertConsoleMay,
  CONSOLE_ROLE_LABELS,
  consoleActor,
  consolePrincipal,
  describeConsoleAction,
} from "./console-principal.js";
import {
  CONSOLE_ACTIONS,
  CONSOLE_ROLES,
  type ConsoleAction,
  type ConsoleRole,
  consoleRoleMay,
} from "./console-roles.js";
import type { ConsoleUser } from "./console-user.js";

const ACCOUNT = `AC${"a".repeat(32)}`;

function user(role: ConsoleRole): ConsoleUser {
  return {
    sid: `US${"1".repeat(32)}`,
    email: "dev@example.com",
    role,
    accountSid: ACCOUNT,
    mustChangePassword: false,
    region: null,
    dateCreated: 1,
    dateUpdated: 1,
  };
}

function refusal(role: ConsoleRole, action: ConsoleAction): AppError | undefined {
  try {
    assertConsoleMay(user(role), action);
    return undefined;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
}

describe("consolePrincipal and consoleActor", () => {
  it("acts for the user's account with its full power, named by the user's SID", () => {
    expect(consolePrincipal(user("read-only"))).toEqual({
      accountSid: ACCOUNT,
      credentialSid: `US${"1".repeat(32)}`,
      credentialType: "auth_token",
      policy: null,
    });
    expect(consoleActor(user("developer"), "203.0.113.9")).toEqual({
      sid: `US${"1".repeat(32)}`,
      address: "203.0.113.9",
    });
  });
});

describe("assertConsoleMay", () => {
  it("refuses with 403/70051 naming the role's label and the action in words", () => {
    const error = refusal("developer", "keys.create.main");
    expect(error?.code).toBe("PERMISSION_DENIED");
    expect(error?.status).toBe(403);
    expect(error?.twilioCode).toBe(70051);
    expect(error?.message).toBe("Authorization Failed: the Developer role may not create Main keys");
    expect(refusal("read-only", "keys.delete.standard")?.message).toBe(
      "Authorization Failed: the Read-only role may not delete Standard keys",
    );
    expect(refusal("read-only", "auth_tokens.read_primary")?.message).toBe(
      "Authorization Failed: the Read-only role may not reveal the primary auth token",
    );
    expect(refusal("developer", "subaccounts.close")?.message).toBe(
      "Authorization Failed: the Developer role may not close subaccounts",
    );
  });

  it("agrees with the role table for every role and action", () => {
    for (const role of CONSOLE_ROLES) {
      for (const action of CONSOLE_ACTIONS) {
        const error = refusal(role, action);
        expect(error === undefined, `${role} ${action}`).toBe(consoleRoleMay(role, action));
        if (error !== undefined) {
          expect(error.message).toBe(
            `Authorization Failed: the ${CONSOLE_ROLE_LABELS[role]} role may not ${describeConsoleAction(action)}`,
          );
        }
      }
    }
  });

  it("labels the roles as the console does", () => {
    expect(CONSOLE_ROLE_LABELS).toEqual({
      owner: "Owner",
      administrator: "Administrator",
      developer: "Developer",
      "read-only": "Read-only",
    });
  });

  it("refuses a role that is not in the table, without naming it", () => {
    expect(refusal("root" as ConsoleRole, "keys.list")?.message).toBe(
      "Authorization Failed: the unknown role may not list API keys",
    );
    expect(refusal("owner", "keys.destroy" as ConsoleAction)?.message).toBe(
      "Authorization Failed: the Owner role may not keys.destroy",
    );
  });
});
