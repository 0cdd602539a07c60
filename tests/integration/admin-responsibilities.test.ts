// The list of powers and responsibilities and the questions routing asks it.
import { describe, expect, it } from "vitest";
import { createResponsibility, deleteResponsibility, listResponsibilities, mayRefuse, proposeRoute, responsibilityFor, updateResponsibility } from "@/lib/admin/data";
import { responsibilitySchema } from "@/lib/admin/schemas";
import { runAction } from "@/lib/server/action";
import { db } from "@/lib/server/db";
import { fixture, viewerFor } from "../support/fixtures";

async function setup() {
  const top = await db.eventCategory.create({ data: { code: "env", name: "环境", nameEn: "Environment" }, select: { id: true } });
  const garbage = await db.eventCategory.create({ data: { code: "env-garbage", name: "垃圾", nameEn: "Refuse", parentId: top.id }, select: { id: true } });
  const sewage = await db.eventCategory.create({ data: { code: "env-sewage", name: "污水", nameEn: "Sewage", parentId: top.id }, select: { id: true } });
  const dept = await db.department.findUniqueOrThrow({ where: { code: "public-security" }, select: { id: true } });
  return { garbage: garbage.id, sewage: sewage.id, dept: dept.id };
}

const item = (level: "COUNTY" | "TOWNSHIP" | "VILLAGE" | "GRID", categoryId: number, departmentId: number | null = null, duty: "LEAD" | "ASSIST" = "LEAD") => ({
  level,
  categoryId,
  departmentId,
  matter: `${level} 事项`,
  basis: "",
  duty,
  enabled: true,
});

describe("list of powers and responsibilities", () => {
  it("answers routing: the lowest level listing a category, and the county's departments", async () => {
    const admin = await viewerFor("admin");
    const c = await setup();
    await createResponsibility(admin, item("VILLAGE", c.garbage));
    await createResponsibility(admin, item("COUNTY", c.sewage, c.dept));
    await createResponsibility(admin, item("TOWNSHIP", c.sewage));
    expect(await responsibilityFor(c.garbage, "VILLAGE", { unitId: fixture().units.G111 })).toMatchObject({ listed: true, items: [{ matter: "VILLAGE 事项" }] });
    expect((await responsibilityFor(c.garbage, "GRID")).listed).toBe(false);
    expect(await proposeRoute(c.garbage, { unitId: fixture().units.G111 })).toMatchObject({ level: "VILLAGE", leadDepartmentIds: [] });
    expect(await proposeRoute(c.sewage)).toMatchObject({ level: "TOWNSHIP" });
    expect((await responsibilityFor(c.sewage, "COUNTY")).items[0]).toMatchObject({ departmentId: c.dept, duty: "LEAD", departmentName: "公安局" });
    // A community may refuse what its list does not name.
    expect(await mayRefuse(c.sewage, "VILLAGE", { unitId: fixture().units.G111 })).toBe(true);
    expect(await mayRefuse(c.garbage, "VILLAGE", { unitId: fixture().units.G111 })).toBe(false);
    // Another county's list is its own.
    expect((await responsibilityFor(c.garbage, "VILLAGE", { unitId: fixture().units.GB })).listed).toBe(false);
  });

  it("edits and deletes items with their audit entries; disabled items do not count", async () => {
    const admin = await viewerFor("admin");
    const c = await setup();
    const { id } = await createResponsibility(admin, item("GRID", c.garbage));
    await updateResponsibility(admin, { id, version: 1, ...item("GRID", c.garbage), enabled: false });
    expect((await responsibilityFor(c.garbage, "GRID")).listed).toBe(false);
    expect((await db.auditLog.findFirstOrThrow({ where: { action: "responsibilities.update" } })).details).toMatchObject({ changes: { enabled: [true, false] } });
    await expect(updateResponsibility(admin, { id, version: 1, ...item("GRID", c.garbage) })).rejects.toMatchObject({ code: "STALE" });
    await deleteResponsibility(admin, { id, version: 2 });
    expect(await db.responsibilityItem.count()).toBe(0);
    const list = await listResponsibilities(await viewerFor("grid"));
    expect(list.canManage).toBe(false);
  });

  it("needs a department at county level only, and a county administrator", async () => {
    const admin = await viewerFor("admin");
    const c = await setup();
    const r = await runAction(admin, responsibilitySchema, createResponsibility, item("COUNTY", c.garbage));
    expect(r).toMatchObject({ ok: false, code: "VALIDATION", fieldErrors: { departmentId: "县级事项须选择责任部门；乡镇、村（社区）、网格事项不选部门。" } });
    const r2 = await runAction(admin, responsibilitySchema, createResponsibility, item("GRID", c.garbage, c.dept));
    expect(r2.ok).toBe(false);
    await expect(createResponsibility(admin, item("GRID", 999999))).rejects.toMatchObject({ code: "VALIDATION" });
    expect(await db.responsibilityItem.count()).toBe(0);
  });
});
