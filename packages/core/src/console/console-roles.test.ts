import { describe, expect, it } from "vitest";
import {
  CONSOLE_ACTIONS,
  CONSOLE_ROLE_RULES,
  CONSOLE_ROLES,
  type ConsoleAction,
  type ConsoleRole,
  consoleKeyAction,
  consoleRoleMay,
  parseConsoleRole,
} from "./console-roles.js";

const ALL: readonly ConsoleRole[] = ["owner", "administrator", "developer", "read-only"];
const KEY_MANAGERS: readonly ConsoleRole[] = ["owner", "administrator", "developer"];
const ADMINS: readonly ConsoleRole[] = ["owner", "administrator"];

// The expected model, written independently of the table's shape: who may do each action.
const EXPECTED: Record<ConsoleAction, readonly ConsoleRole[]> = {
  "regions.select": ALL,
  "users.change_own_password": ALL,
  "permission_catalog.read": ALL,
  "keys.list": ALL,
  "keys.read": ALL,
  "auth_tokens.list": ALL,
  "keys.create.standard": KEY_MANAGERS,
  "keys.create.restricted": KEY_MANAGERS,
  "keys.rename.standard": KEY_MANAGERS,
  "keys.rename.restricted": KEY_MANAGERS,
  "keys.delete.standard": KEY_MANAGERS,
  "keys.delete.restricted": KEY_MANAGERS,
  "keys.edit_permissions": KEY_MANAGERS,
  "keys.duplicate": KEY_MANAGERS,
  "keys.create.main": ADMINS,
  "keys.rename.main": ADMINS,
  "keys.delete.main": ADMINS,
  "auth_tokens.read_primary": ADMINS,
  "auth_tokens.create_secondary": ADMINS,
  "auth_tokens.promote": ADMINS,
  "auth_tokens.delete_secondary": ADMINS,
  "subaccounts.list": ADMINS,
  "subaccounts.create": ADMINS,
  "subaccounts.rename": ADMINS,
  "subaccounts.suspend": ADMINS,
  "subaccounts.reactivate": ADMINS,
  "subaccounts.close": ADMINS,
};

describe("console role rules", () => {
  it("names exactly the four roles and the expected actions", () => {
    expect([...CONSOLE_ROLES]).toEqual(ALL);
    expect([...CONSOLE_ACTIONS].sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(CONSOLE_ACTIONS).toHaveLength(27);
  });

  for (const action of Object.keys(EXPECTED) as ConsoleAction[]) {
    for (const role of ALL) {
      const allowed = EXPECTED[action].includes(role);
      it(`${allowed ? "lets" : "refuses"} ${role} ${action}`, () => {
        expect(consoleRoleMay(role, action)).toBe(allowed);
      });
    }
  }

  it("gives owner and administrator identical rights", () => {
    for (const action of CONSOLE_ACTIONS) {
      expect(consoleRoleMay("administrator", action)).toBe(consoleRoleMay("owner", action));
      expect(consoleRoleMay("owner", action)).toBe(true);
    }
  });

  it("refuses a role or action string that is not in the table, prototype names included", () => {
    expect(consoleRoleMay("root" as ConsoleRole, "keys.list")).toBe(false);
    expect(consoleRoleMay("owner", "keys.destroy" as ConsoleAction)).toBe(false);
    expect(consoleRoleMay("owner", "constructor" as ConsoleAction)).toBe(false);
    expect(consoleRoleMay("owner", "__proto__" as ConsoleAction)).toBe(false);
    expect(consoleRoleMay("toString" as ConsoleRole, "keys.list")).toBe(false);
  });

  it("cannot be changed at runtime", () => {
    expect(Object.isFrozen(CONSOLE_ROLE_RULES)).toBe(true);
    expect(() => {
      (CONSOLE_ROLE_RULES["keys.create.main"] as Record<ConsoleRole, boolean>).developer = true;
    }).toThrow(TypeError);
    expect(consoleRoleMay("developer", "keys.create.main")).toBe(false);
  });

  it("builds key actions from a key's own type", () => {
    expect(consoleKeyAction("delete", "main")).toBe("keys.delete.main");
    expect(consoleKeyAction("rename", "restricted")).toBe("keys.rename.restricted");
    expect(consoleRoleMay("developer", consoleKeyAction("rename", "main"))).toBe(false);
    expect(consoleRoleMay("developer", consoleKeyAction("create", "standard"))).toBe(true);
  });
});

describe("parseConsoleRole", () => {
  it("reads each role, forgiving case and surrounding spaces", () => {
    expect(parseConsoleRole("owner")).toBe("owner");
    expect(parseConsoleRole("administrator")).toBe("administrator");
    expect(parseConsoleRole("developer")).toBe("developer");
    expect(parseConsoleRole("read-only")).toBe("read-only");
    expect(parseConsoleRole(" Read-only ")).toBe("read-only");
    expect(parseConsoleRole("ADMINISTRATOR")).toBe("administrator");
  });

  it("refuses anything else", () => {
    for (const text of ["", "admin", "readonly", "read only", "read_only", "owners", "constructor", "toString"]) {
      expect(parseConsoleRole(text)).toBeUndefined();
    }
  });
});
