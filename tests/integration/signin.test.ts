import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { ADDRESS_FAILURE_LIMIT, attemptSignIn } from "@/lib/server/signin";
import { loadViewer } from "@/lib/server/auth";
import { FIXTURE_PASSWORD } from "../support/fixtures";

const ip = "10.1.1.1";

describe("password sign-in", () => {
  it("signs in with the right password and records it", async () => {
    const outcome = await attemptSignIn({ username: "grid", password: FIXTURE_PASSWORD, ip });
    expect(outcome.ok).toBe(true);
    expect(await db.loginAttempt.count({ where: { username: "grid", result: "SUCCESS" } })).toBe(1);
    expect(await db.auditLog.count({ where: { action: "auth.signin", username: "grid", result: "success" } })).toBe(1);
  });

  it("answers a wrong password and an unknown user the same way", async () => {
    const wrong = await attemptSignIn({ username: "grid", password: "Wrong#2026", ip });
    const unknown = await attemptSignIn({ username: "nobody", password: "Wrong#2026", ip });
    expect(wrong).toEqual({ ok: false, error: "invalid" });
    expect(unknown).toEqual({ ok: false, error: "invalid" });
  });

  it("locks an account for 30 minutes after five failures, even with the right password", async () => {
    for (let i = 1; i <= 4; i++) expect(await attemptSignIn({ username: "grid", password: `Wrong#${i}`, ip })).toEqual({ ok: false, error: "invalid" });
    expect(await attemptSignIn({ username: "grid", password: "Wrong#5", ip })).toEqual({ ok: false, error: "locked" });
    expect(await attemptSignIn({ username: "grid", password: FIXTURE_PASSWORD, ip })).toEqual({ ok: false, error: "locked" });
    // Other accounts are unaffected.
    expect((await attemptSignIn({ username: "grid2", password: FIXTURE_PASSWORD, ip })).ok).toBe(true);
  });

  it("locks unknown usernames too, so a lock reveals nothing", async () => {
    for (let i = 0; i < 4; i++) await attemptSignIn({ username: "ghost", password: "x", ip });
    expect(await attemptSignIn({ username: "ghost", password: "x", ip })).toEqual({ ok: false, error: "locked" });
  });

  it("ends the lock after 30 minutes and after an administrator's unlock", async () => {
    for (let i = 0; i < 5; i++) await attemptSignIn({ username: "grid", password: "x", ip });
    await db.loginAttempt.updateMany({ where: { username: "grid" }, data: { createdAt: new Date(Date.now() - 31 * 60_000) } });
    expect((await attemptSignIn({ username: "grid", password: FIXTURE_PASSWORD, ip })).ok).toBe(true);

    for (let i = 0; i < 5; i++) await attemptSignIn({ username: "grid2", password: "x", ip });
    expect((await attemptSignIn({ username: "grid2", password: FIXTURE_PASSWORD, ip })).ok).toBe(false);
    await db.user.update({ where: { username: "grid2" }, data: { unlockedAt: new Date() } });
    expect((await attemptSignIn({ username: "grid2", password: FIXTURE_PASSWORD, ip })).ok).toBe(true);
  });

  it("limits failures per address without locking the accounts it tried", async () => {
    const attacker = "10.9.9.9";
    for (let i = 0; i < ADDRESS_FAILURE_LIMIT; i++) await attemptSignIn({ username: `guess${i % 10}`, password: "x", ip: attacker });
    expect(await attemptSignIn({ username: "leader", password: FIXTURE_PASSWORD, ip: attacker })).toEqual({ ok: false, error: "rate_limited" });
    // The same account from another address is fine: the attacker cannot lock others out.
    expect((await attemptSignIn({ username: "leader", password: FIXTURE_PASSWORD, ip })).ok).toBe(true);
  });

  it("refuses a disabled user with the generic message", async () => {
    await db.user.update({ where: { username: "grid" }, data: { enabled: false } });
    expect(await attemptSignIn({ username: "grid", password: FIXTURE_PASSWORD, ip })).toEqual({ ok: false, error: "invalid" });
  });
});

describe("session version", () => {
  it("ends a session when the user is disabled or their role, scope or password changes", async () => {
    const user = await db.user.findUniqueOrThrow({ where: { username: "community" }, select: { id: true, sessionVersion: true } });
    expect(await loadViewer(user.id, user.sessionVersion, ip)).not.toBeNull();
    await db.user.update({ where: { id: user.id }, data: { role: "TOWNSHIP_OFFICER", sessionVersion: { increment: 1 } } });
    expect(await loadViewer(user.id, user.sessionVersion, ip)).toBeNull();
    expect(await loadViewer(user.id, user.sessionVersion + 1, ip)).toMatchObject({ role: "TOWNSHIP_OFFICER" });
    await db.user.update({ where: { id: user.id }, data: { enabled: false } });
    expect(await loadViewer(user.id, user.sessionVersion + 1, ip)).toBeNull();
  });
});
