// The list of powers and responsibilities, the questions routing asks it, and what the
// dispatch module does with the answers: propose the level and departments, and let a
// community refuse a matter its list does not include, with the reason recorded.
import { describe, expect, it } from "vitest";
import { createResponsibility, deleteResponsibility, listResponsibilities, mayRefuse, proposeRoute, responsibilityFor, updateResponsibility } from "@/lib/admin/data";
import { responsibilitySchema } from "@/lib/admin/schemas";
import { escalateEvent, getEvent, refuseEvent } from "@/lib/dispatch/data";
import { refuseSchema } from "@/lib/dispatch/schemas";
import { runAction } from "@/lib/server/action";
import { db } from "@/lib/server/db";
import { report, setupDispatch, stateOf, version } from "../support/dispatch";
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
    // The list is the county's: an administrator placed at a township does not edit it, and the refusal is recorded.
    await db.user.update({ where: { username: "admin" }, data: { unitId: fixture().units.T1 } });
    await expect(createResponsibility(await viewerFor("admin"), item("GRID", c.garbage))).rejects.toMatchObject({ code: "FORBIDDEN", detail: { key: "adminCountyOnly" } });
    expect(await db.auditLog.count({ where: { username: "admin", action: "responsibilities.manage", result: "denied" } })).toBe(1);
    expect(await db.responsibilityItem.count()).toBe(0);
  });
});

describe("routing by the list, and a community refusing what is not on its list", () => {
  /** An event reported in G111 and escalated by the grid worker to the community's desk. */
  async function atCommunity(categoryId: number) {
    const { id } = await report("grid", categoryId, "G111");
    await escalateEvent(await viewerFor("grid"), { id, version: await version(id), comment: "超出网格处置能力" });
    expect(await stateOf(id)).toBe("AT_COMMUNITY");
    return id;
  }

  it("lets the community refuse a matter its list does not include, records why, and sends it where the list says", async () => {
    const d = await setupDispatch();
    const admin = await viewerFor("admin");
    await createResponsibility(admin, item("COUNTY", d.categoryId, d.police));
    await createResponsibility(admin, item("COUNTY", d.categoryId, d.emergency, "ASSIST"));
    const id = await atCommunity(d.categoryId);
    const community = await viewerFor("community");
    const seen = await getEvent(community, id);
    expect(seen.actions.map((a) => a.action)).toContain("refuse");
    expect(seen.route).toEqual({ level: "COUNTY", matters: ["COUNTY 事项", "COUNTY 事项"] });

    // No reason: refused by the wrapper, nothing changes.
    const bare = await runAction(community, refuseSchema, refuseEvent, { id, version: seen.version, reason: "  " });
    expect(bare).toMatchObject({ ok: false, code: "VALIDATION" });
    expect(await stateOf(id)).toBe("AT_COMMUNITY");

    await refuseEvent(community, { id, version: seen.version, reason: "治安案件属公安机关职责，不在本社区权责清单内。" });
    // The list names a county department: the center dispatches it.
    expect(await stateOf(id)).toBe("AT_CENTER");
    const entry = await db.eventTimelineEntry.findFirstOrThrow({ where: { eventId: id, action: "refuse" } });
    expect(entry).toMatchObject({ fromState: "AT_COMMUNITY", toState: "AT_CENTER", comment: "治安案件属公安机关职责，不在本社区权责清单内。", actorName: community.displayName });
    expect(entry.data).toMatchObject({ refused: true, listLevel: "COUNTY" });
    // The center is offered the departments the list names, lead and assisting.
    const center = await getEvent(await viewerFor("center"), id);
    expect(center.defaultDepartmentId).toBe(d.police);
    expect(center.defaultCoDepartmentIds).toEqual([d.emergency]);
  });

  it("sends a refused matter the list does not place at the county to the township", async () => {
    const d = await setupDispatch();
    const id = await atCommunity(d.categoryId);
    const community = await viewerFor("community");
    expect((await getEvent(community, id)).route).toBeNull();
    await refuseEvent(community, { id, version: await version(id), reason: "不属于本社区职责。" });
    expect(await stateOf(id)).toBe("AT_TOWNSHIP");
    const township = await db.unit.findUniqueOrThrow({ where: { id: fixture().units.T1 }, select: { id: true } });
    expect((await db.event.findUniqueOrThrow({ where: { id }, select: { holderUnitId: true } })).holderUnitId).toBe(township.id);
  });

  it("refuses the refusal of a matter on the community's own list, naming it, and changes nothing", async () => {
    const d = await setupDispatch();
    await createResponsibility(await viewerFor("admin"), { ...item("VILLAGE", d.categoryId), matter: "邻里纠纷调解" });
    const id = await atCommunity(d.categoryId);
    const community = await viewerFor("community");
    const seen = await getEvent(community, id);
    // Not offered on the page…
    expect(seen.actions.map((a) => a.action)).not.toContain("refuse");
    expect(seen.route).toMatchObject({ level: "VILLAGE", matters: ["邻里纠纷调解"] });
    // …and refused when asked anyway.
    const r = await runAction(community, refuseSchema, refuseEvent, { id, version: seen.version, reason: "不想办" });
    expect(r).toMatchObject({ ok: false, code: "CONFLICT" });
    if (!r.ok) expect(r.message).toContain("邻里纠纷调解");
    expect(await stateOf(id)).toBe("AT_COMMUNITY");
    expect(await version(id)).toBe(seen.version);
    expect(await db.eventTimelineEntry.count({ where: { eventId: id, action: "refuse" } })).toBe(0);
    // Nobody but the community at its desk refuses: not its desk, not its role.
    await expect(refuseEvent(await viewerFor("township"), { id, version: seen.version, reason: "x" })).rejects.toMatchObject({ code: "CONFLICT", detail: { key: "dispatchNotYourDesk" } });
    await expect(refuseEvent(await viewerFor("grid"), { id, version: seen.version, reason: "x" })).rejects.toMatchObject({ code: "CONFLICT", detail: { key: "dispatchNotYourDesk" } });
    await expect(refuseEvent(await viewerFor("center"), { id, version: seen.version, reason: "x" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
