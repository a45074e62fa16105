import {
  AppError,
  type ConsoleUser,
  changeOwnPassword,
  createConsoleUser,
  deleteConsoleUser,
  resumeSession,
  selectRegion,
  sessionIdHash,
  signIn,
  signOut,
} from "@latchkey/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ConsoleFixture, IDLE_TIMEOUT_MS, MAX_SESSION_MS, openConsoleFixture } from "./console-deployment.js";

const ACTOR = { sid: "operator", address: "test" };
const PASSWORD = "correct horse battery staple";
const NEW_PASSWORD = "a different passphrase entirely";
const EMAIL = "dev@example.com";

async function refusal(work: Promise<unknown>): Promise<{ code: string; status: number; message: string }> {
  try {
    await work;
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, status: error.status, message: error.message };
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("console sessions over a real SQLite directory", () => {
  let fixture: ConsoleFixture;
  let user: ConsoleUser;

  beforeEach(async () => {
    fixture = await openConsoleFixture();
    ({ user } = await createConsoleUser(fixture.deps, ACTOR, {
      email: EMAIL,
      role: "developer",
      accountSid: fixture.ownerAccountSid,
      password: PASSWORD,
    }));
  });
  afterEach(async () => {
    await fixture.close();
  });

  async function signedIn(email = EMAIL, password = PASSWORD): Promise<string> {
    const result = await signIn(fixture.deps, { email, password });
    if (!result.ok) throw new Error("sign-in failed");
    return result.token;
  }

  const stored = (token: string) => fixture.deployment.directory.sessions.findByIdHash(sessionIdHash(token));

  describe("signIn", () => {
    it("starts a session for the right password, keeping only the token's hash", async () => {
      const now = fixture.clock.now();
      const result = await signIn(fixture.deps, { email: "  DEV@example.com", password: PASSWORD });
      if (!result.ok) throw new Error("sign-in failed");
      expect(result.user).toEqual(user);
      expect(result.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(await stored(result.token)).toEqual({
        idHash: sessionIdHash(result.token),
        userSid: user.sid,
        createdAt: now,
        lastSeenAt: now,
      });
      expect(await fixture.deployment.directory.sessions.findByIdHash(result.token)).toBeUndefined();
      expect(await resumeSession(fixture.deps, result.token)).toEqual({ user, session: await stored(result.token) });
      // Two sign-ins are two sessions.
      expect(await signedIn()).not.toBe(result.token);
    });

    it("gives the same { ok: false } for a wrong password, an unknown email and a malformed one", async () => {
      const attempts = [
        { email: EMAIL, password: "correct horse battery stapl" },
        { email: EMAIL, password: "" },
        { email: "nobody@example.com", password: PASSWORD },
        { email: "not an email", password: PASSWORD },
        { email: EMAIL, password: "x".repeat(1025) },
      ];
      for (const attempt of attempts) {
        expect(await signIn(fixture.deps, attempt), attempt.email).toStrictEqual({ ok: false });
      }
    });

    it("signs in a user of a suspended account: the use cases refuse its actions, not sign-in", async () => {
      await fixture.deployment.directory.accounts.update(fixture.ownerAccountSid, {
        status: "suspended",
        dateUpdated: fixture.clock.now(),
      });
      expect((await signIn(fixture.deps, { email: EMAIL, password: PASSWORD })).ok).toBe(true);
    });

    it("forgets expired sessions of anybody when someone signs in", async () => {
      const old = await signedIn();
      fixture.clock.advance(IDLE_TIMEOUT_MS + 1);
      await signedIn();
      expect(await stored(old)).toBeUndefined();
    });
  });

  describe("resumeSession", () => {
    it("keeps a session idle for exactly the idle timeout and ends it one millisecond later", async () => {
      const token = await signedIn();
      fixture.clock.advance(IDLE_TIMEOUT_MS);
      const resumed = await resumeSession(fixture.deps, token);
      expect(resumed?.session.lastSeenAt).toBe(fixture.clock.now());
      fixture.clock.advance(IDLE_TIMEOUT_MS + 1);
      expect(await resumeSession(fixture.deps, token)).toBeUndefined();
      expect(await stored(token)).toBeUndefined();
    });

    it("writes lastSeenAt at most once a minute", async () => {
      const token = await signedIn();
      const start = fixture.clock.now();
      fixture.clock.advance(60_000);
      expect((await resumeSession(fixture.deps, token))?.session.lastSeenAt).toBe(start);
      expect((await stored(token))?.lastSeenAt).toBe(start);
      fixture.clock.advance(1);
      expect((await resumeSession(fixture.deps, token))?.session.lastSeenAt).toBe(start + 60_001);
      expect((await stored(token))?.lastSeenAt).toBe(start + 60_001);
      fixture.clock.advance(30_000);
      expect((await resumeSession(fixture.deps, token))?.session.lastSeenAt).toBe(start + 60_001);
    });

    it("ends a busy session at its maximum lifetime", async () => {
      const token = await signedIn();
      const start = fixture.clock.now();
      // In use every 20 minutes, so it never idles out.
      while (fixture.clock.now() + 20 * 60_000 <= start + MAX_SESSION_MS) {
        fixture.clock.advance(20 * 60_000);
        expect(await resumeSession(fixture.deps, token)).toBeDefined();
      }
      expect(fixture.clock.now()).toBe(start + MAX_SESSION_MS);
      fixture.clock.advance(1);
      expect(await resumeSession(fixture.deps, token)).toBeUndefined();
      expect(await stored(token)).toBeUndefined();
    });

    it("ends the session of a user who was deleted", async () => {
      const token = await signedIn();
      await createConsoleUser(fixture.deps, ACTOR, {
        email: "owner@example.com",
        role: "owner",
        accountSid: fixture.ownerAccountSid,
        password: PASSWORD,
      });
      await deleteConsoleUser(fixture.deps, ACTOR, user.sid);
      expect(await resumeSession(fixture.deps, token)).toBeUndefined();
    });

    it("answers undefined for a token it never issued, in any shape", async () => {
      await signedIn();
      for (const token of ["", "x", "A".repeat(43), "A".repeat(44), `${"A".repeat(42)}=`, `${"A".repeat(42)}.`]) {
        expect(await resumeSession(fixture.deps, token), token).toBeUndefined();
      }
      expect(await resumeSession(fixture.deps, undefined as unknown as string)).toBeUndefined();
    });
  });

  describe("signOut", () => {
    it("ends only the session it is given, and ignores a token it never issued", async () => {
      const first = await signedIn();
      const second = await signedIn();
      await signOut(fixture.deps, first);
      await signOut(fixture.deps, "A".repeat(43));
      await signOut(fixture.deps, "not a token");
      expect(await resumeSession(fixture.deps, first)).toBeUndefined();
      expect(await stored(first)).toBeUndefined();
      expect((await resumeSession(fixture.deps, second))?.user).toEqual(user);
    });
  });

  describe("changeOwnPassword", () => {
    it("replaces the password, clears mustChangePassword and ends the user's other sessions", async () => {
      const { user: fresh, oneTimePassword } = await createConsoleUser(fixture.deps, ACTOR, {
        email: "new@example.com",
        role: "read-only",
        accountSid: fixture.ownerAccountSid,
        password: null,
      });
      if (oneTimePassword === null) throw new Error("expected a one-time password");
      const here = await signedIn("new@example.com", oneTimePassword);
      const elsewhere = await signedIn("new@example.com", oneTimePassword);
      const otherUser = await signedIn();
      const current = await resumeSession(fixture.deps, here);
      if (current === undefined) throw new Error("session lost");
      expect(current.user.mustChangePassword).toBe(true);

      fixture.clock.advance(5_000);
      const changed = await changeOwnPassword(fixture.deps, current, {
        currentPassword: oneTimePassword,
        newPassword: NEW_PASSWORD,
      });
      expect(changed).toEqual({ ...fresh, mustChangePassword: false, dateUpdated: fixture.clock.now() });
      expect((await resumeSession(fixture.deps, here))?.user).toEqual(changed);
      expect(await resumeSession(fixture.deps, elsewhere)).toBeUndefined();
      expect((await resumeSession(fixture.deps, otherUser))?.user).toEqual(user);
      expect(await signIn(fixture.deps, { email: "new@example.com", password: oneTimePassword })).toEqual({
        ok: false,
      });
      expect((await signIn(fixture.deps, { email: "new@example.com", password: NEW_PASSWORD })).ok).toBe(true);
    });

    it("refuses a wrong current password, a weak new one and the same one again, changing nothing", async () => {
      const token = await signedIn();
      const current = await resumeSession(fixture.deps, token);
      if (current === undefined) throw new Error("session lost");
      const change = (currentPassword: string, newPassword: string) =>
        refusal(changeOwnPassword(fixture.deps, current, { currentPassword, newPassword }));
      expect(await change("wrong password here", NEW_PASSWORD)).toEqual({
        code: "CURRENT_PASSWORD_WRONG",
        status: 400,
        message: "The current password is wrong",
      });
      expect(await change(PASSWORD, "too short")).toEqual({
        code: "INVALID_PARAMETER",
        status: 400,
        message: "The password must be at least 12 characters long.",
      });
      expect(await change(PASSWORD, PASSWORD)).toEqual({
        code: "INVALID_PARAMETER",
        status: 400,
        message: "The new password must differ from the current one",
      });
      expect((await signIn(fixture.deps, { email: EMAIL, password: PASSWORD })).ok).toBe(true);
    });
  });

  describe("selectRegion", () => {
    it("remembers a served region for the user, and refuses one the deployment does not serve", async () => {
      const token = await signedIn();
      fixture.clock.advance(1_000);
      const moved = await selectRegion(fixture.deps, user, "ie1");
      expect(moved).toEqual({ ...user, region: "ie1", dateUpdated: fixture.clock.now() });
      expect((await resumeSession(fixture.deps, token))?.user.region).toBe("ie1");
      expect(await refusal(selectRegion(fixture.deps, user, "au1"))).toEqual({
        code: "REGION_NOT_SERVED",
        status: 404,
        message: "The region au1 is not served by this Latchkey deployment (it serves us1, ie1)",
      });
      expect((await resumeSession(fixture.deps, token))?.user.region).toBe("ie1");
    });
  });
});
