// Two-step sign-in: enrolment, single-use codes, recovery codes, lock-outs counting wrong
// codes, enforcement for the administrators and leaders.
import { beforeEach, describe, expect, it } from "vitest";
import { confirmTotp, disableTotp, resetTotp, startTotp, updateSetting } from "@/lib/admin/data";
import { authorize } from "@/lib/server/auth";
import { db } from "@/lib/server/db";
import { attemptSignIn } from "@/lib/server/signin";
import { totpCode, TOTP_PERIOD } from "@/lib/server/totp";
import { freshSettings } from "../support/admin";
import { FIXTURE_PASSWORD, viewerFor } from "../support/fixtures";

beforeEach(freshSettings);

const ip = "10.2.0.1";
const step = TOTP_PERIOD * 1000;

async function enrol(username: string) {
  const viewer = await viewerFor(username);
  const { secret, uri, qr } = await startTotp(viewer);
  expect(uri).toMatch(/^otpauth:\/\/totp\/VitalGrid:/);
  expect(qr).toMatch(/^data:image\/png;base64,/);
  const { recoveryCodes } = await confirmTotp(viewer, { code: totpCode(secret) });
  return { secret, recoveryCodes };
}

describe("two-step sign-in", () => {
  it("asks for a code after the right password, and accepts each code only once", async () => {
    const { secret } = await enrol("community");
    const stored = await db.user.findUniqueOrThrow({ where: { username: "community" }, select: { totpCipher: true } });
    expect(stored.totpCipher).toMatch(/^v1:/);
    expect(stored.totpCipher).not.toContain(secret);

    expect(await attemptSignIn({ username: "community", password: FIXTURE_PASSWORD, ip })).toEqual({ ok: false, error: "totp_required" });
    expect(await attemptSignIn({ username: "community", password: "Wrong#pass9", ip })).toEqual({ ok: false, error: "invalid" });
    // The code enrolment used is spent; the next period's code works (clocks a little ahead), once.
    expect(await attemptSignIn({ username: "community", password: FIXTURE_PASSWORD, ip, totp: totpCode(secret) })).toEqual({ ok: false, error: "totp_invalid" });
    const next = totpCode(secret, Date.now() + step);
    expect((await attemptSignIn({ username: "community", password: FIXTURE_PASSWORD, ip, totp: next })).ok).toBe(true);
    expect(await attemptSignIn({ username: "community", password: FIXTURE_PASSWORD, ip, totp: next })).toEqual({ ok: false, error: "totp_invalid" });
    // A code for a moment long past is refused even though it was never used.
    expect(await attemptSignIn({ username: "community", password: FIXTURE_PASSWORD, ip, totp: totpCode(secret, Date.now() - 10 * step) })).toEqual({ ok: false, error: "totp_invalid" });
    const results = await db.loginAttempt.findMany({ where: { username: "community" }, orderBy: { id: "asc" }, select: { result: true } });
    expect(results.map((r) => r.result)).toEqual(["SECOND_FACTOR", "FAILURE", "FAILURE", "SUCCESS", "FAILURE", "FAILURE"]);
  });

  it("takes each recovery code once", async () => {
    const { recoveryCodes } = await enrol("township");
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const code = recoveryCodes[3].toLowerCase();
    expect((await attemptSignIn({ username: "township", password: FIXTURE_PASSWORD, ip, totp: code })).ok).toBe(true);
    expect(await attemptSignIn({ username: "township", password: FIXTURE_PASSWORD, ip, totp: code })).toEqual({ ok: false, error: "totp_invalid" });
    const rows = await db.recoveryCode.findMany({ where: { user: { username: "township" } } });
    expect(rows.filter((r) => r.usedAt)).toHaveLength(1);
    expect(rows.every((r) => !recoveryCodes.includes(r.codeHash))).toBe(true);
  });

  it("locks the account after five wrong codes, even with the right password", async () => {
    const { secret } = await enrol("grid");
    for (let i = 0; i < 4; i++) expect((await attemptSignIn({ username: "grid", password: FIXTURE_PASSWORD, ip, totp: "000000" })).ok).toBe(false);
    expect(await attemptSignIn({ username: "grid", password: FIXTURE_PASSWORD, ip, totp: "111111" })).toEqual({ ok: false, error: "locked" });
    expect(await attemptSignIn({ username: "grid", password: FIXTURE_PASSWORD, ip, totp: totpCode(secret, Date.now() + step) })).toEqual({ ok: false, error: "locked" });
  });

  it("makes leaders and administrators enrol before anything else when enforced", async () => {
    const sec = await viewerFor("secadmin");
    // Integration tests run in demo mode (not production): enforcement is the security setting's.
    expect((await viewerFor("leader")).restricted).toBeNull();
    await updateSetting(sec, { key: "security.totp", value: { alsoRequired: ["CENTER_STAFF"], enforceInDemo: true } });
    freshSettings();
    for (const u of ["leader", "admin", "auditadmin", "center"]) expect((await viewerFor(u)).restricted).toBe("totp");
    expect((await viewerFor("grid")).restricted).toBeNull();
    const leader = await viewerFor("leader");
    await expect(authorize(leader, "territory.view")).rejects.toMatchObject({ code: "FORBIDDEN" });
    // The account pages still work: enrol, and the restriction lifts at once.
    await enrol("leader");
    expect((await viewerFor("leader")).restricted).toBeNull();
    // A role that must use it cannot turn it off.
    await expect(disableTotp(await viewerFor("leader"), { password: FIXTURE_PASSWORD })).rejects.toMatchObject({ detail: { key: "adminTotpMandatory" } });
    expect(await db.auditLog.count({ where: { username: "leader", action: "account.manage", result: "denied" } })).toBe(1);
  });

  it("lets other users turn it off with their password, and the security administrator reset it", async () => {
    await enrol("grid2");
    await expect(disableTotp(await viewerFor("grid2"), { password: "Wrong#pass1" })).rejects.toMatchObject({ code: "VALIDATION" });
    await disableTotp(await viewerFor("grid2"), { password: FIXTURE_PASSWORD });
    expect((await attemptSignIn({ username: "grid2", password: FIXTURE_PASSWORD, ip })).ok).toBe(true);

    await enrol("center");
    const center = await db.user.findUniqueOrThrow({ where: { username: "center" }, select: { id: true, version: true } });
    await expect(resetTotp(await viewerFor("admin"), center)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await resetTotp(await viewerFor("secadmin"), center);
    expect(await db.recoveryCode.count({ where: { userId: center.id } })).toBe(0);
    expect((await attemptSignIn({ username: "center", password: FIXTURE_PASSWORD, ip })).ok).toBe(true);
  });

  it("refuses a wrong enrolment code and keeps two-step sign-in off", async () => {
    const viewer = await viewerFor("grid");
    await startTotp(viewer);
    await expect(confirmTotp(viewer, { code: "123456" })).rejects.toMatchObject({ code: "VALIDATION" });
    expect((await db.user.findUniqueOrThrow({ where: { username: "grid" }, select: { totpEnabledAt: true } })).totpEnabledAt).toBeNull();
    expect((await attemptSignIn({ username: "grid", password: FIXTURE_PASSWORD, ip })).ok).toBe(true);
  });
});
