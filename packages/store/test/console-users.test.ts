import {
  AppError,
  createConsoleUser,
  createFirstOwnerUser,
  deleteConsoleUser,
  listConsoleUsers,
  resumeSession,
  signIn,
  verifyPassword,
} from "@latchkey/core";
import { CountingRandom } from "@latchkey/core/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ConsoleFixture, openConsoleFixture } from "./console-deployment.js";

const ACTOR = { sid: "operator", address: "test" };
const PASSWORD = "correct horse battery staple";
const SUBACCOUNT = `AC${"c".repeat(32)}`;

async function refusal(
  work: Promise<unknown>,
): Promise<{ code: string; status: number; twilio: number; message: string }> {
  try {
    await work;
  } catch (error) {
    if (error instanceof AppError) {
      return { code: error.code, status: error.status, twilio: error.twilioCode, message: error.message };
    }
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("console users over a real SQLite directory", () => {
  let fixture: ConsoleFixture;

  beforeEach(async () => {
    fixture = await openConsoleFixture();
  });
  afterEach(async () => {
    await fixture.close();
  });

  const create = (input: {
    email: string;
    role?: "owner" | "administrator" | "developer" | "read-only";
    accountSid?: string;
    password?: string | null;
  }) =>
    createConsoleUser(fixture.deps, ACTOR, {
      email: input.email,
      role: input.role ?? "developer",
      accountSid: input.accountSid ?? fixture.ownerAccountSid,
      password: input.password === undefined ? PASSWORD : input.password,
    });

  describe("createConsoleUser", () => {
    it("creates a user with a chosen password, its email normalized, and keeps only a hash", async () => {
      const now = fixture.clock.now();
      const { user, oneTimePassword } = await create({ email: "  Dev@Example.COM ", role: "administrator" });
      expect(oneTimePassword).toBeNull();
      expect(user).toEqual({
        sid: expect.stringMatching(/^US[0-9a-f]{32}$/),
        email: "dev@example.com",
        role: "administrator",
        accountSid: fixture.ownerAccountSid,
        mustChangePassword: false,
        region: null,
        dateCreated: now,
        dateUpdated: now,
      });
      expect(Object.keys(user)).not.toContain("passwordHash");
      const stored = await fixture.deployment.directory.users.findBySid(user.sid);
      expect(stored?.passwordHash).toMatch(/^scrypt\$32768\$8\$3\$/);
      expect(stored?.passwordHash).not.toContain(PASSWORD);
      expect(await verifyPassword(PASSWORD, stored?.passwordHash ?? "")).toBe(true);
      expect(await listConsoleUsers(fixture.deps)).toEqual([user]);
    });

    it("makes a 22-character one-time password from the Random port when none is given", async () => {
      await fixture.close();
      fixture = await openConsoleFixture(new CountingRandom());
      const { user, oneTimePassword } = await create({ email: "dev@example.com", password: null });
      // The first 16 bytes CountingRandom yields (1..16), in base64url.
      expect(oneTimePassword).toBe("AQIDBAUGBwgJCgsMDQ4PEA");
      expect(user.mustChangePassword).toBe(true);
      const stored = await fixture.deployment.directory.users.findBySid(user.sid);
      expect(await verifyPassword("AQIDBAUGBwgJCgsMDQ4PEA", stored?.passwordHash ?? "")).toBe(true);
    });

    it("refuses an email already used, also when it differs only in case and spaces", async () => {
      const { user } = await create({ email: "dev@example.com" });
      for (const email of ["dev@example.com", "DEV@Example.com", "  dev@EXAMPLE.com\t"]) {
        expect(await refusal(create({ email }))).toEqual({
          code: "CONSOLE_USER_EXISTS",
          status: 409,
          twilio: 20001,
          message: "A console user with this email already exists",
        });
      }
      expect(await listConsoleUsers(fixture.deps)).toEqual([user]);
    });

    it("lets only one of two simultaneous creations with one email through", async () => {
      const outcomes = await Promise.allSettled([
        create({ email: "dev@example.com" }),
        create({ email: "Dev@example.com" }),
      ]);
      const refused = outcomes.filter((outcome) => outcome.status === "rejected");
      expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ code: "CONSOLE_USER_EXISTS" });
      expect(await listConsoleUsers(fixture.deps)).toHaveLength(1);
    });

    it("refuses an email that is not one, naming Email", async () => {
      for (const email of ["", "dev", "dev@", "@example.com", "a@b@c", "dev @example.com", `${"a".repeat(250)}@b.co`]) {
        expect(await refusal(create({ email })), email).toEqual({
          code: "INVALID_PARAMETER",
          status: 400,
          twilio: 20001,
          message: "Invalid parameter: Email must be an email address with one @, at most 254 characters",
        });
      }
      expect(await listConsoleUsers(fixture.deps)).toEqual([]);
    });

    it("refuses a password checkNewPassword refuses, with its reason", async () => {
      expect(await refusal(create({ email: "dev@example.com", password: "short" }))).toEqual({
        code: "INVALID_PARAMETER",
        status: 400,
        twilio: 20001,
        message: "Invalid parameter: Password: The password must be at least 12 characters long.",
      });
      expect((await refusal(create({ email: "dev@example.com", password: " ".repeat(20) }))).message).toBe(
        "Invalid parameter: Password: The password cannot be empty or only spaces.",
      );
      expect(await listConsoleUsers(fixture.deps)).toEqual([]);
    });

    it("refuses a role outside the table", async () => {
      const outcome = await refusal(
        createConsoleUser(fixture.deps, ACTOR, {
          email: "dev@example.com",
          role: "root" as "owner",
          accountSid: fixture.ownerAccountSid,
          password: PASSWORD,
        }),
      );
      expect(outcome).toEqual({
        code: "INVALID_PARAMETER",
        status: 400,
        twilio: 20001,
        message: "Invalid parameter: Role must be one of owner, administrator, developer, read-only",
      });
    });

    it("refuses a closed account, an unknown one and a string that is no SID, naming the account", async () => {
      await fixture.addSubaccount(SUBACCOUNT, "closed");
      const unknown = `AC${"d".repeat(32)}`;
      for (const accountSid of [SUBACCOUNT, unknown, "not-a-sid"]) {
        expect(await refusal(create({ email: "dev@example.com", accountSid }))).toEqual({
          code: "NOT_FOUND",
          status: 404,
          twilio: 20404,
          message: `Account ${accountSid} was not found or is closed`,
        });
      }
      expect(await listConsoleUsers(fixture.deps)).toEqual([]);
    });

    it("creates a user of a suspended subaccount: suspension can end, unlike closing", async () => {
      await fixture.addSubaccount(SUBACCOUNT, "suspended");
      const { user } = await create({ email: "sub@example.com", accountSid: SUBACCOUNT, role: "owner" });
      expect(user.accountSid).toBe(SUBACCOUNT);
    });
  });

  describe("createFirstOwnerUser", () => {
    it("makes an Owner of the owner account with a one-time password that signs in and must be changed", async () => {
      const { user, oneTimePassword } = await createFirstOwnerUser(
        fixture.deps,
        fixture.ownerAccountSid,
        "Owner@LocalHost",
      );
      expect(user).toMatchObject({
        email: "owner@localhost",
        role: "owner",
        accountSid: fixture.ownerAccountSid,
        mustChangePassword: true,
        region: null,
      });
      expect(oneTimePassword).toMatch(/^[A-Za-z0-9_-]{22}$/);
      const signedIn = await signIn(fixture.deps, { email: "owner@localhost", password: oneTimePassword });
      expect(signedIn).toMatchObject({ ok: true, user });
    });
  });

  describe("listConsoleUsers", () => {
    it("lists every user in email order, across more than one batch", async () => {
      const now = fixture.clock.now();
      const emails: string[] = [];
      await fixture.deployment.directory.transaction(async (tx) => {
        for (let index = 0; index < 1_203; index += 1) {
          // Written straight to the directory: scrypt for 1,203 users would take minutes.
          const email = `user${((index * 7919) % 1_203).toString().padStart(4, "0")}@example.com`;
          emails.push(email);
          await tx.users.create({
            sid: `US${index.toString(16).padStart(32, "0")}`,
            email,
            role: "read-only",
            accountSid: fixture.ownerAccountSid,
            mustChangePassword: false,
            region: null,
            dateCreated: now,
            dateUpdated: now,
            passwordHash: "scrypt$not-a-real-hash",
          });
        }
      });
      const listed = await listConsoleUsers(fixture.deps);
      expect(listed.map((user) => user.email)).toEqual([...emails].sort());
      expect(new Set(listed.map((user) => user.sid)).size).toBe(1_203);
      expect(listed.every((user) => !("passwordHash" in user))).toBe(true);
    });
  });

  describe("deleteConsoleUser", () => {
    it("deletes a user named by SID or by email in any case, and ends their sessions", async () => {
      const first = await create({ email: "dev@example.com" });
      const second = await create({ email: "ops@example.com", role: "read-only" });
      const session = await signIn(fixture.deps, { email: "dev@example.com", password: PASSWORD });
      if (!session.ok) throw new Error("sign-in failed");

      expect(await deleteConsoleUser(fixture.deps, ACTOR, first.user.sid)).toEqual(first.user);
      expect(await resumeSession(fixture.deps, session.token)).toBeUndefined();
      expect(await deleteConsoleUser(fixture.deps, ACTOR, " OPS@example.com ")).toEqual(second.user);
      expect(await listConsoleUsers(fixture.deps)).toEqual([]);
    });

    it("answers 404 for a user that does not exist", async () => {
      for (const name of [`US${"e".repeat(32)}`, "nobody@example.com", "not an email"]) {
        expect(await refusal(deleteConsoleUser(fixture.deps, ACTOR, name))).toEqual({
          code: "NOT_FOUND",
          status: 404,
          twilio: 20404,
          message: `No console user ${name} exists`,
        });
      }
    });

    it("refuses to delete the last Owner of the owner account, and allows it once there is another", async () => {
      const owner = await create({ email: "owner@localhost", role: "owner" });
      await create({ email: "admin@example.com", role: "administrator" });
      expect(await refusal(deleteConsoleUser(fixture.deps, ACTOR, owner.user.sid))).toEqual({
        code: "CONSTRAINT_VIOLATION",
        status: 400,
        twilio: 70001,
        message:
          "owner@localhost is the last Owner of the owner account and cannot be deleted; make another Owner first",
      });
      expect((await listConsoleUsers(fixture.deps)).map((user) => user.email)).toEqual([
        "admin@example.com",
        "owner@localhost",
      ]);
      const second = await create({ email: "owner2@example.com", role: "owner" });
      expect(await deleteConsoleUser(fixture.deps, ACTOR, "owner@localhost")).toEqual(owner.user);
      expect((await refusal(deleteConsoleUser(fixture.deps, ACTOR, second.user.sid))).code).toBe(
        "CONSTRAINT_VIOLATION",
      );
    });

    it("deletes the last Owner of a subaccount: only the owner account must keep one", async () => {
      await fixture.addSubaccount(SUBACCOUNT, "active");
      const subOwner = await create({ email: "sub@example.com", role: "owner", accountSid: SUBACCOUNT });
      expect(await deleteConsoleUser(fixture.deps, ACTOR, subOwner.user.sid)).toEqual(subOwner.user);
    });
  });
});
