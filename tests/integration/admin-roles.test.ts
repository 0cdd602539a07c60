// Roles: built-in roles come from lib/permissions.ts and cannot be changed; custom roles
// are rows whose permission set `authorize` loads with the viewer.
import { describe, expect, it } from "vitest";
import { createRole, deleteRole, roleMatrix, updateRole, updateUser } from "@/lib/admin/data";
import { createRoleSchema } from "@/lib/admin/schemas";
import { ACTIONS, can, ROLES } from "@/lib/permissions";
import { runAction } from "@/lib/server/action";
import { authorize } from "@/lib/server/auth";
import { db } from "@/lib/server/db";
import { getTerritory } from "@/lib/territory/data";
import { fixture, viewerFor } from "../support/fixtures";

const ref = (username: string) => db.user.findUniqueOrThrow({ where: { username }, select: { id: true, version: true } });

describe("custom roles", () => {
  it("gives a user exactly the custom role's permissions, with the base role's behaviour", async () => {
    const sec = await viewerFor("secadmin");
    await createRole(sec, { key: "grid_reader", name: "只读网格员", baseRole: "GRID_WORKER", description: "", permissions: ["territory.view", "grid.view"] });
    const grid2 = await ref("grid2");
    await updateUser(await viewerFor("admin"), { id: grid2.id, version: grid2.version, displayName: "grid2", phone: "", roleKey: "grid_reader", unitId: fixture().units.G112, departmentId: null });
    const viewer = await viewerFor("grid2");
    expect(viewer).toMatchObject({ role: "GRID_WORKER", roleKey: "grid_reader", roleName: "只读网格员" });
    expect(viewer.permissions).toEqual(["territory.view", "grid.view", "account.manage"]);
    await getTerritory(viewer);
    await expect(authorize(viewer, "people.view")).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.auditLog.count({ where: { action: "people.view", result: "denied", role: "grid_reader" } })).toBe(1);

    // Editing the role applies at the user's next request (the next viewer load).
    const matrix = await roleMatrix(sec);
    const row = matrix.custom.find((c) => c.key === "grid_reader")!;
    expect(row.users).toBe(1);
    await updateRole(sec, { key: "grid_reader", version: row.version, name: "只读网格员", description: "", permissions: ["territory.view", "grid.view", "people.view"] });
    await authorize(await viewerFor("grid2"), "people.view");
    // In use: cannot be deleted.
    await expect(deleteRole(sec, { key: "grid_reader", version: row.version + 1 })).rejects.toMatchObject({ code: "CONFLICT", detail: { key: "adminRoleInUse" } });
  });

  it("refuses mixing administrative duties, changing built-in roles and a role without a name", async () => {
    const sec = await viewerFor("secadmin");
    await expect(createRole(sec, { key: "super_admin", name: "超级管理员", baseRole: "ADMIN", description: "", permissions: ["users.manage", "audit.view"] })).rejects.toMatchObject({
      detail: { key: "adminDutiesMixed" },
    });
    await expect(updateRole(sec, { key: "ADMIN", version: 1, name: "x", description: "", permissions: [] })).rejects.toMatchObject({ detail: { key: "adminBuiltinRole" } });
    await expect(deleteRole(sec, { key: "GRID_WORKER", version: 1 })).rejects.toMatchObject({ detail: { key: "adminBuiltinRole" } });
    await expect(createRole(sec, { key: "admin", name: "冒名", baseRole: "ADMIN", description: "", permissions: [] })).rejects.toMatchObject({ code: "CONFLICT" });
    const r = await runAction(sec, createRoleSchema, createRole, { key: "nameless", name: "  ", baseRole: "GRID_WORKER", permissions: [] });
    expect(r).toMatchObject({ ok: false, code: "VALIDATION", fieldErrors: { name: "请填写角色名称。" } });
    expect(await db.customRole.count()).toBe(0);
  });

  it("keeps a custom role with an administrative duty for the security administrator to assign", async () => {
    const sec = await viewerFor("secadmin");
    await createRole(sec, { key: "deputy_auditor", name: "副审计员", baseRole: "AUDIT_ADMIN", description: "", permissions: ["audit.view"] });
    const grid = await ref("grid");
    const input = { id: grid.id, version: grid.version, displayName: "grid", phone: "", roleKey: "deputy_auditor", unitId: fixture().units.A, departmentId: null };
    await expect(updateUser(await viewerFor("admin"), input)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await updateUser(sec, input);
    const viewer = await viewerFor("grid");
    await authorize(viewer, "audit.view");
    await expect(authorize(viewer, "audit.export")).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("shows built-in roles with the permissions of lib/permissions.ts, read-only", async () => {
    const matrix = await roleMatrix(await viewerFor("admin"));
    expect(matrix.builtin.map((b) => b.key)).toEqual([...ROLES]);
    for (const b of matrix.builtin) expect(b.permissions).toEqual(ACTIONS.filter((a) => can(b.key, a)));
    const auditor = matrix.builtin.find((b) => b.key === "AUDIT_ADMIN")!.permissions;
    expect(auditor).toEqual(expect.arrayContaining(["audit.view", "audit.export", "account.manage"]));
    expect(auditor.filter((a) => /^(users|roles|security|settings|territory|people|grid|dispatch)\./.test(a))).toEqual([]);
    await expect(createRole(await viewerFor("admin"), { key: "x_role", name: "x", baseRole: "GRID_WORKER", description: "", permissions: [] })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("has the database refuse unknown roles, and know the same built-in roles as the code", async () => {
    const builtin = await db.$queryRawUnsafe<{ r: string[] }[]>(`SELECT vitalgrid_builtin_roles() AS r`);
    expect(builtin[0].r).toEqual([...ROLES]);
    await expect(db.user.update({ where: { username: "grid" }, data: { role: "WIZARD" } })).rejects.toThrow(/unknown role/);
    await expect(db.$executeRawUnsafe(`INSERT INTO "CustomRole" (key, name, "baseRole", permissions, "updatedAt") VALUES ('r1', 'r', 'GRID_WORKER', '{}', now())`)).resolves.toBe(1);
    await db.user.update({ where: { username: "grid" }, data: { role: "r1" } });
    await expect(db.$executeRawUnsafe(`DELETE FROM "CustomRole" WHERE key = 'r1'`)).rejects.toThrow(/assigned to users/);
  });
});
