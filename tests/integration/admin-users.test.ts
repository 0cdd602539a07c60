// Users: create with a one-time password, edit, disable, unlock, reset; bulk import;
// search; and the rules of who may touch which account.
import { beforeEach, describe, expect, it } from "vitest";
import { createUser, getUser, importUsers, listUsers, resetPassword, setUserEnabled, unlockUser, updateUser, changeOwnPassword } from "@/lib/admin/data";
import * as schemas from "@/lib/admin/schemas";
import { runAction } from "@/lib/server/action";
import { authorize, loadViewer } from "@/lib/server/auth";
import { db } from "@/lib/server/db";
import { attemptSignIn } from "@/lib/server/signin";
import { freshSettings, uniqueName, xlsxBase64 } from "../support/admin";
import { fixture, FIXTURE_PASSWORD, viewerFor } from "../support/fixtures";

beforeEach(freshSettings);

async function rejection(p: Promise<unknown>) {
  const err = await p.then(() => null, (e) => e);
  expect(err).not.toBeNull();
  return err as { code: string; detail?: { key: string } };
}

const ref = (username: string) => db.user.findUniqueOrThrow({ where: { username }, select: { id: true, version: true, sessionVersion: true } });

describe("creating users", () => {
  it("gives a new user a one-time password that must be changed before anything else", async () => {
    const admin = await viewerFor("admin");
    const { id, password } = await createUser(admin, { username: "newbie", displayName: "新人", phone: "", roleKey: "GRID_WORKER", unitId: fixture().units.G112, departmentId: null });
    expect(password).toMatch(/^.{14,}$/);
    expect((await attemptSignIn({ username: "newbie", password, ip: "10.0.0.1" })).ok).toBe(true);
    const viewer = await viewerFor("newbie");
    const sessionVersion = (await ref("newbie")).sessionVersion;
    expect(viewer.restricted).toBe("password");
    // Until the password is changed, nothing but one's own account works.
    expect((await rejection(authorize(viewer, "territory.view"))).detail?.key).toBe("adminAccountSetupPending");
    await changeOwnPassword(viewer, { current: password, next: "Brand#New2026x" });
    const user = await db.user.findUniqueOrThrow({ where: { id }, select: { mustChangePassword: true, sessionVersion: true } });
    expect(user.mustChangePassword).toBe(false);
    // Changing the password ended the session in use (a new sign-in is asked for).
    expect(await loadViewer(id, sessionVersion, "x")).toBeNull();
    const after = await viewerFor("newbie");
    expect(after.restricted).toBeNull();
    await authorize(after, "territory.view");
    expect(await db.auditLog.count({ where: { action: "users.create", targetId: id } })).toBe(1);
  });

  it("refuses a taken username, an unknown role and a unit outside the territory, creating nothing", async () => {
    const admin = await viewerFor("admin");
    const base = { displayName: "x", phone: "", departmentId: null };
    const count = await db.user.count();
    expect((await rejection(createUser(admin, { ...base, username: "grid", roleKey: "GRID_WORKER", unitId: fixture().units.G111 }))).code).toBe("CONFLICT");
    expect((await rejection(createUser(admin, { ...base, username: "x1x", roleKey: "NOPE", unitId: fixture().units.G111 }))).code).toBe("VALIDATION");
    expect((await rejection(createUser(admin, { ...base, username: "x2x", roleKey: "GRID_WORKER", unitId: fixture().units.GB }))).code).toBe("VALIDATION");
    expect(await db.user.count()).toBe(count);
  });

  it("answers bad input through the action wrapper with field messages", async () => {
    const admin = await viewerFor("admin");
    const r = await runAction(admin, schemas.createUserSchema, createUser, { username: "1bad name", displayName: "", roleKey: "", unitId: "x" });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe("VALIDATION");
    expect(r.fieldErrors?.username).toContain("用户名");
    expect(r.fieldErrors?.roleKey).toBe("请选择角色。");
  });
});

describe("three separate administrators over accounts", () => {
  it("lets only the security administrator grant an administrator role", async () => {
    const admin = await viewerFor("admin");
    const sec = await viewerFor("secadmin");
    const grid2 = await ref("grid2");
    const input = { id: grid2.id, version: grid2.version, displayName: "grid2", phone: "", roleKey: "AUDIT_ADMIN", unitId: fixture().units.A, departmentId: null };
    const refusal = await rejection(updateUser(admin, input));
    expect(refusal).toMatchObject({ code: "FORBIDDEN", detail: { key: "adminRoleNeedsSecurityAdmin" } });
    expect((await ref("grid2")).version).toBe(grid2.version);
    await updateUser(sec, input);
    const after = await db.user.findUniqueOrThrow({ where: { id: grid2.id }, select: { role: true, sessionVersion: true } });
    expect(after.role).toBe("AUDIT_ADMIN");
    // A role change ends the user's sessions.
    expect(after.sessionVersion).toBe(grid2.sessionVersion + 1);
    // Now an administrative account: the system administrator can no longer disable it.
    const now = await ref("grid2");
    expect((await rejection(setUserEnabled(admin, { id: now.id, version: now.version, enabled: false }))).code).toBe("FORBIDDEN");
  });

  it("keeps the system administrator from creating administrators and anyone from changing themselves", async () => {
    const admin = await viewerFor("admin");
    const r = await rejection(createUser(admin, { username: "sneaky", displayName: "x", phone: "", roleKey: "SECURITY_ADMIN", unitId: fixture().units.A, departmentId: null }));
    expect(r.code).toBe("FORBIDDEN");
    expect(await db.user.count({ where: { username: "sneaky" } })).toBe(0);
    const self = await ref("admin");
    expect((await rejection(setUserEnabled(admin, { id: self.id, version: self.version, enabled: false }))).detail?.key).toBe("adminNotYourself");
    // Refusals for rules of their own are recorded like those of the role table.
    const denied = await db.auditLog.findFirstOrThrow({ where: { userId: admin.id, result: "denied" }, orderBy: { id: "desc" } });
    expect(denied).toMatchObject({ action: "users.manage", details: { reason: "adminNotYourself" } });
    expect((await db.user.findUniqueOrThrow({ where: { id: self.id }, select: { enabled: true } })).enabled).toBe(true);
  });
});

describe("account changes", () => {
  it("disables a user: their token stops working and their actions answer 'signed out'", async () => {
    const admin = await viewerFor("admin");
    const grid = await ref("grid");
    await setUserEnabled(admin, { id: grid.id, version: grid.version, enabled: false });
    expect(await loadViewer(grid.id, grid.sessionVersion, "x")).toBeNull();
    expect(await loadViewer(grid.id, grid.sessionVersion + 1, "x")).toBeNull();
    // A request carrying the disabled user's token finds no viewer: the wrapper answers UNAUTHENTICATED.
    const r = await runAction(null, schemas.userRefSchema, async () => "changed", { id: grid.id, version: 1 });
    expect(r).toMatchObject({ ok: false, code: "UNAUTHENTICATED", message: "登录已失效，请重新登录。" });
    expect((await attemptSignIn({ username: "grid", password: FIXTURE_PASSWORD, ip: "10.0.0.2" })).ok).toBe(false);
    expect((await db.auditLog.findFirstOrThrow({ where: { action: "users.disable" } })).details).toMatchObject({ changes: { enabled: [true, false] } });
  });

  it("refuses a stale edit and changes nothing", async () => {
    const admin = await viewerFor("admin");
    const grid = await ref("grid");
    await updateUser(admin, { id: grid.id, version: grid.version, displayName: "张一", phone: "", roleKey: "GRID_WORKER", unitId: fixture().units.G111, departmentId: null });
    const stale = await rejection(updateUser(admin, { id: grid.id, version: grid.version, displayName: "张二", phone: "", roleKey: "GRID_WORKER", unitId: fixture().units.G111, departmentId: null }));
    expect(stale.code).toBe("STALE");
    expect((await db.user.findUniqueOrThrow({ where: { id: grid.id } })).displayName).toBe("张一");
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "users.update", targetId: grid.id } });
    expect(audit.details).toMatchObject({ changes: { displayName: ["grid", "张一"] } });
  });

  it("shows and lifts a lock-out, and resets a password with a one-time one", async () => {
    const admin = await viewerFor("admin");
    for (let i = 0; i < 5; i++) await attemptSignIn({ username: "grid2", password: "Wrong#pass1", ip: "10.0.0.3" });
    const locked = await listUsers(admin, { status: "locked" });
    expect(locked.users.map((u) => u.username)).toEqual(["grid2"]);
    const detail = await getUser(admin, fixture().users.grid2);
    expect(detail.lockedUntil).not.toBeNull();
    expect(detail.history.filter((h) => h.result === "FAILURE")).toHaveLength(5);
    await unlockUser(admin, { id: detail.id, version: detail.version });
    expect((await getUser(admin, detail.id)).lockedUntil).toBeNull();
    const { password } = await resetPassword(admin, { id: detail.id, version: detail.version + 1 });
    expect((await attemptSignIn({ username: "grid2", password: FIXTURE_PASSWORD, ip: "10.0.0.4" })).ok).toBe(false);
    expect((await attemptSignIn({ username: "grid2", password, ip: "10.0.0.4" })).ok).toBe(true);
    expect((await viewerFor("grid2")).restricted).toBe("password");
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "users.resetPassword" } });
    expect(JSON.stringify(audit.details)).not.toContain(password);
  });

  it("searches by name, role, unit subtree and status within the territory", async () => {
    const admin = await viewerFor("admin");
    expect((await listUsers(admin, { q: "grid" })).users.map((u) => u.username).sort()).toEqual(["grid", "grid2"]);
    expect((await listUsers(admin, { roleKey: "GRID_WORKER" })).users.map((u) => u.username).sort()).toEqual(["grid", "grid2"]);
    expect((await listUsers(admin, { unitId: fixture().units.V11 })).users.map((u) => u.username).sort()).toEqual(["community", "grid", "grid2"]);
    expect((await listUsers(admin, { q: "gridB" })).users).toEqual([]);
    // Twelve users in the fixture, two of them in the other county.
    expect((await listUsers(admin, { status: "noTotp" })).total).toBe(10);
  });
});

describe("bulk import", () => {
  const header = ["用户名", "姓名", "手机", "角色", "单位代码", "部门代码"];

  it("creates every row with a one-time password, or none when a row is wrong", async () => {
    const admin = await viewerFor("admin");
    const names = [uniqueName(), uniqueName()];
    const bad = await importUsers(
      admin,
      await xlsxBase64([header, [names[0], "甲", "13800000001", "网格员", "990101100001001", ""], [names[1], "乙", "", "不存在的角色", "990102100001001", ""], ["grid", "丙", "", "网格员", "990101100001001", ""]]),
    );
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.problems.map((p) => p.row)).toEqual([3, 3, 4].filter((v, i, a) => a.indexOf(v) === i));
    expect(bad.problems[0].message).toContain("角色不存在");
    expect(await db.user.count({ where: { username: { in: names } } })).toBe(0);

    const good = await importUsers(admin, await xlsxBase64([header, [names[0], "甲", "13800000001", "网格员", "990101100001001", ""], [names[1], "乙", "", "部门工作人员", "990101000000", "public-security"]]));
    expect(good.ok).toBe(true);
    if (!good.ok) return;
    expect(good.created.map((c) => c.username)).toEqual(names);
    const dept = await db.user.findUniqueOrThrow({ where: { username: names[1] }, select: { role: true, departmentId: true, mustChangePassword: true } });
    expect(dept).toMatchObject({ role: "DEPARTMENT_STAFF", mustChangePassword: true });
    expect(dept.departmentId).not.toBeNull();
    expect((await attemptSignIn({ username: names[0], password: good.created[0].password, ip: "10.0.0.5" })).ok).toBe(true);
  });

  it("refuses administrator roles, missing columns and files that are not spreadsheets", async () => {
    const admin = await viewerFor("admin");
    const admins = await importUsers(admin, await xlsxBase64([header, [uniqueName(), "甲", "", "审计管理员", "990101000000", ""]]));
    expect(admins.ok).toBe(false);
    expect((await rejection(importUsers(admin, await xlsxBase64([["用户名", "姓名"], ["x1x", "甲"]])))).detail?.key).toBe("adminImportHeaders");
    expect((await rejection(importUsers(admin, Buffer.from("not a spreadsheet").toString("base64")))).detail?.key).toBe("adminImportUnreadable");
  });
});
