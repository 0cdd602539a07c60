// Settings: changed at run time, audited with old and new values, read through a short
// per-instance cache keyed by the settings version row.
import { beforeEach, describe, expect, it } from "vitest";
import { changeOwnPassword, settingsFor, updateSetting } from "@/lib/admin/data";
import { updateSettingSchema } from "@/lib/admin/schemas";
import { runAction } from "@/lib/server/action";
import { loadViewer } from "@/lib/server/auth";
import { db } from "@/lib/server/db";
import { attemptSignIn } from "@/lib/server/signin";
import { CHECK_MS, SettingsStore } from "@/lib/settings/store";
import { freshSettings } from "../support/admin";
import { FIXTURE_PASSWORD, viewerFor } from "../support/fixtures";

beforeEach(freshSettings);

const MAP = { centerLat: 40.3, centerLng: 97.1, zoom: 10, tileUrl: "", tileAttribution: "", tileCrs: "WGS84" as const };

describe("settings", () => {
  it("records every change with old and new values, and nothing when nothing changed", async () => {
    const sec = await viewerFor("secadmin");
    await updateSetting(sec, { key: "security.password", value: { minLength: 12, minClasses: 4, maxAgeDays: 90 } });
    const row = await db.auditLog.findFirstOrThrow({ where: { action: "settings.update" } });
    expect(row).toMatchObject({ targetType: "setting", targetId: "security.password", username: "secadmin", role: "SECURITY_ADMIN" });
    expect(row.details).toEqual({ changes: { minLength: [8, 12], minClasses: [3, 4], maxAgeDays: [0, 90] } });
    expect(await updateSetting(sec, { key: "security.password", value: { minLength: 12, minClasses: 4, maxAgeDays: 90 } })).toEqual({ changed: false });
    expect(await db.auditLog.count({ where: { action: "settings.update" } })).toBe(1);
    expect((await settingsFor(sec, ["security.password"]))["security.password"]).toEqual({ minLength: 12, minClasses: 4, maxAgeDays: 90 });
  });

  it("lets two app instances agree within the cache period, without a restart", async () => {
    let now = 1_000_000;
    const a = new SettingsStore(() => db, () => now);
    const b = new SettingsStore(() => db, () => now);
    expect((await a.get("security.lockout")).failures).toBe(5);
    expect((await b.get("security.lockout")).failures).toBe(5);
    await updateSetting(await viewerFor("secadmin"), { key: "security.lockout", value: { failures: 3, lockMinutes: 10 } });
    // Within the period each instance may still answer from its cache…
    now += CHECK_MS - 1;
    expect((await b.get("security.lockout")).failures).toBe(5);
    // …after it, both read the new version.
    now += 2;
    expect((await a.get("security.lockout")).failures).toBe(3);
    expect((await b.get("security.lockout")).failures).toBe(3);
  });

  it("applies a new lock-out policy to sign-ins", async () => {
    await updateSetting(await viewerFor("secadmin"), { key: "security.lockout", value: { failures: 3, lockMinutes: 10 } });
    for (let i = 0; i < 2; i++) expect(await attemptSignIn({ username: "grid", password: "Wrong#pass1", ip: "10.3.0.1" })).toEqual({ ok: false, error: "invalid" });
    expect(await attemptSignIn({ username: "grid", password: "Wrong#pass1", ip: "10.3.0.1" })).toEqual({ ok: false, error: "locked" });
  });

  it("applies the password policy and the idle timeout", async () => {
    await updateSetting(await viewerFor("secadmin"), { key: "security.password", value: { minLength: 14, minClasses: 4, maxAgeDays: 0 } });
    const grid = await viewerFor("grid");
    await expect(changeOwnPassword(grid, { current: FIXTURE_PASSWORD, next: "Short#1a" })).rejects.toMatchObject({ detail: { key: "adminPasswordPolicy", values: { min: 14, classes: 4 } } });
    await expect(changeOwnPassword(grid, { current: FIXTURE_PASSWORD, next: "grid-Is#Here2026x" })).rejects.toMatchObject({ detail: { key: "adminPasswordUsername" } });

    await updateSetting(await viewerFor("secadmin"), { key: "security.session", value: { idleMinutes: 10 } });
    const user = await db.user.findUniqueOrThrow({ where: { username: "grid" }, select: { id: true, sessionVersion: true } });
    const now = new Date();
    expect(await loadViewer(user.id, user.sessionVersion, "x", { seenAt: now.getTime() - 9 * 60_000, now })).not.toBeNull();
    expect(await loadViewer(user.id, user.sessionVersion, "x", { seenAt: now.getTime() - 11 * 60_000, now })).toBeNull();
  });

  it("expires passwords older than the policy allows", async () => {
    await updateSetting(await viewerFor("secadmin"), { key: "security.password", value: { minLength: 8, minClasses: 3, maxAgeDays: 30 } });
    await db.user.update({ where: { username: "grid" }, data: { passwordChangedAt: new Date(Date.now() - 31 * 86_400_000) } });
    expect((await viewerFor("grid")).restricted).toBe("password");
    expect((await viewerFor("grid2")).restricted).toBeNull();
  });

  it("refuses bad values with clear messages and keeps the old ones", async () => {
    const sec = await viewerFor("secadmin");
    const short = await runAction(sec, updateSettingSchema, updateSetting, { key: "audit.retention", value: { days: 90 } });
    expect(short).toMatchObject({ ok: false, code: "VALIDATION" });
    if (!short.ok) expect(short.fieldErrors?.["value.days"]).toBeTruthy();
    const tiles = await runAction(await viewerFor("admin"), updateSettingSchema, updateSetting, { key: "map", value: { ...MAP, tileUrl: "https://evil.example.com/{z}/{x}/{y}.png" } });
    expect(tiles).toMatchObject({ ok: false, code: "VALIDATION" });
    if (!tiles.ok) expect(tiles.message).toContain("MAP_TILE_ORIGINS");
    const unknown = await runAction(sec, updateSettingSchema, updateSetting, { key: "security.password", value: { minLength: 10, minClasses: 3, maxAgeDays: 0, extra: 1 } });
    expect(unknown.ok).toBe(false);
    expect(await db.setting.count()).toBe(0);
  });

  it("accepts a tile server among the allowed origins and masks its query in the log", async () => {
    const before = process.env.MAP_TILE_ORIGINS;
    process.env.MAP_TILE_ORIGINS = "https://tiles.example.org";
    try {
      await updateSetting(await viewerFor("admin"), { key: "map", value: { ...MAP, tileUrl: "https://tiles.example.org/{z}/{x}/{y}.png?key=SECRET123", tileCrs: "GCJ02" } });
    } finally {
      process.env.MAP_TILE_ORIGINS = before;
    }
    const row = await db.auditLog.findFirstOrThrow({ where: { action: "settings.update", targetId: "map" } });
    expect(JSON.stringify(row.details)).not.toContain("SECRET123");
    expect(row.details).toMatchObject({ changes: { tileCrs: ["WGS84", "GCJ02"] } });
  });
});
