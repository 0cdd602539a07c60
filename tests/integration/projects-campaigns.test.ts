import { describe, expect, it } from "vitest";
import {
  closeProject,
  countRecords,
  createProject,
  deleteDraft,
  extendProject,
  getProject,
  listProjects,
  remindLate,
  startProject,
  updateProject,
} from "@/lib/projects/data";
import { createProjectSchema } from "@/lib/projects/schemas";
import { getTask } from "@/lib/projects/tasks-data";
import { runAction } from "@/lib/server/action";
import { db } from "@/lib/server/db";
import { fixture, viewerFor } from "../support/fixtures";
import { rejection } from "../support/grid";
import { itemsOf, makeRecords, makeTemplate, projectInput, startedProject, submit, taskOf } from "../support/projects";

describe("campaigns", () => {
  it("starting creates one task per grid in scope, with the records the filter picks and the campaign's deadline", async () => {
    const records = await makeRecords();
    const { id, tasks, items } = await startedProject("center");
    const rows = await db.projectTask.findMany({ where: { projectId: id }, select: { gridId: true, itemsTotal: true, dueAt: true, status: true } });
    const u = fixture().units;
    // Every grid of county A, none of county B.
    expect(rows.map((r) => r.gridId).sort()).toEqual([u.G111, u.G112, u.G121, u.G211].sort());
    expect(tasks).toBe(4);
    const project = await db.project.findUniqueOrThrow({ where: { id } });
    expect(rows.every((r) => r.dueAt.getTime() === project.dueAt.getTime() && r.status === "OPEN")).toBe(true);
    expect(project.status).toBe("RUNNING");
    expect(project.templateVersionId).not.toBeNull();

    // G111: two rented houses, two shops and the rental-housing place; not the owner's house nor the restaurant.
    const g111 = await taskOf(id, "G111");
    const list = await itemsOf(g111.id);
    expect(list.map((i) => i.recordId).sort()).toEqual(
      [...records.g111.rented.map((h) => h.id), ...records.g111.shops.map((s) => s.id), records.g111.rental.id].sort(),
    );
    expect(list.find((i) => i.recordId === records.g111.shops[0].id)?.label).toContain("便民超市");
    expect(g111.itemsTotal).toBe(5);
    expect((await taskOf(id, "G112")).itemsTotal).toBe(2);
    expect(items).toBe(5 + 2 + 1 + 1);
    expect(rows.reduce((a, r) => a + r.itemsTotal, 0)).toBe(items);

    // The grid workers of the grids are told; the creator is not.
    const notes = await db.notification.findMany({ where: { kind: "projects.assigned" }, select: { userId: true, href: true } });
    expect(notes.map((n) => n.userId).sort()).toEqual([fixture().users.grid, fixture().users.grid2].sort());
    expect(notes.find((n) => n.userId === fixture().users.grid)?.href).toBe(`/projects/tasks/${g111.id}`);
    expect(await db.auditLog.count({ where: { action: "projects.start", targetId: id } })).toBe(1);
  });

  it("covers any subtree: a township's campaign reaches its own grids only", async () => {
    await makeRecords();
    const { id, tasks } = await startedProject("township", { coverUnitIds: [fixture().units.V11] });
    expect(tasks).toBe(2);
    expect((await db.projectTask.findMany({ where: { projectId: id } })).map((t) => t.gridId).sort()).toEqual([fixture().units.G111, fixture().units.G112].sort());
  });

  it("refuses coverage outside the creator's territory, and saves nothing", async () => {
    const t = await makeTemplate("township");
    const township = await viewerFor("township");
    for (const unit of [fixture().units.T2, fixture().units.A, fixture().units.GB]) {
      const r = await runAction(township, createProjectSchema, createProject, projectInput(t.id, { coverUnitIds: [unit] }));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.fieldErrors?.coverUnitIds).toBe("有单位不在您的辖区内");
    }
    expect(await db.project.count()).toBe(0);
  });

  it("refuses bad campaign input with clear messages", async () => {
    const t = await makeTemplate();
    const center = await viewerFor("center");
    const bad = await runAction(center, createProjectSchema, createProject, { ...projectInput(t.id), startsOn: "2026-12-01", endsOn: "2026-11-01" });
    expect(!bad.ok && bad.fieldErrors?.endsOn).toBe("结束日期不能早于开始日期");
    const twice = await runAction(center, createProjectSchema, createProject, { ...projectInput(t.id), selectors: [{ kind: "HOUSE" }, { kind: "HOUSE", tenures: ["RENTED"] }] });
    expect(!twice.ok && twice.fieldErrors?.selectors).toBe("同一类记录只能设置一个筛选");
    const unknown = await runAction(center, createProjectSchema, createProject, { ...projectInput(t.id), selectors: [{ kind: "PLACE", categories: ["CASINO"] }] });
    expect(unknown.ok).toBe(false);
    const other = await makeTemplate("adminB");
    const foreign = await runAction(center, createProjectSchema, createProject, projectInput(other.id));
    expect(!foreign.ok && foreign.message).toBe("所选表单模板不存在或您无权使用。");
    const past = await runAction(center, createProjectSchema, createProject, { ...projectInput(t.id), startsOn: "2020-01-01", endsOn: "2020-02-01" });
    expect(!past.ok && past.fieldErrors?.endsOn).toBe("结束日期已过");
    expect(await db.project.count()).toBe(0);
  });

  it("lets a draft be edited, but a running campaign neither edited nor started again", async () => {
    await makeRecords();
    const t = await makeTemplate();
    const center = await viewerFor("center");
    const { id } = await createProject(center, projectInput(t.id));
    await updateProject(center, { id, version: 1, ...projectInput(t.id, { title: "改过的标题" }) });
    expect((await db.project.findUniqueOrThrow({ where: { id } })).title).toBe("改过的标题");
    expect((await rejection(startProject(center, { id, version: 1 }))).code).toBe("STALE");
    await startProject(center, { id, version: 2 });
    const again = await rejection(startProject(center, { id, version: 3 }));
    expect(again.code).toBe("CONFLICT");
    expect(again.detail?.key).toBe("projectWrongStatus");
    expect((await rejection(updateProject(center, { id, version: 3, ...projectInput(t.id) }))).code).toBe("CONFLICT");
    expect(await db.projectTask.count({ where: { projectId: id } })).toBe(4);
    expect((await rejection(deleteDraft(center, { id, version: 3 }))).code).toBe("CONFLICT");
  });

  it("deletes a draft", async () => {
    const t = await makeTemplate();
    const center = await viewerFor("center");
    const { id } = await createProject(center, projectInput(t.id));
    await deleteDraft(center, { id, version: 1 });
    expect(await db.project.count()).toBe(0);
  });

  it("extends the deadline of every task, and closes", async () => {
    await makeRecords();
    const { id } = await startedProject();
    const center = await viewerFor("center");
    const later = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    const early = await rejection(extendProject(center, { id, version: 2, endsOn: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10) }));
    expect(early.detail?.key).toBe("projectExtendEarlier");
    await extendProject(center, { id, version: 2, endsOn: later });
    const p = await db.project.findUniqueOrThrow({ where: { id } });
    expect(await db.projectTask.count({ where: { projectId: id, dueAt: p.dueAt } })).toBe(4);
    await closeProject(center, { id, version: 3, note: "排查结束，隐患已移交。" });
    const closed = await db.project.findUniqueOrThrow({ where: { id } });
    expect(closed.status).toBe("CLOSED");
    expect(closed.closingNote).toBe("排查结束，隐患已移交。");
    // A closed campaign takes no more entries.
    const task = await taskOf(id, "G111");
    const [item] = await itemsOf(task.id);
    const e = await rejection(submit("grid", id, task.id, item.id, { f1: true, f2: 1 }));
    expect(e.detail?.key).toBe("projectNotRunning");
  });

  it("reminds only late grids, and not twice within 12 hours", async () => {
    await makeRecords();
    const { id } = await startedProject();
    const center = await viewerFor("center");
    // G111 checks everything; the others nothing.
    const task = await taskOf(id, "G111");
    for (const item of await itemsOf(task.id)) await submit("grid", id, task.id, item.id, { f1: true, f2: 1, f3: ["o3"] });
    expect((await taskOf(id, "G111")).status).toBe("DONE");
    // Nobody is late on the first day.
    expect(await remindLate(center, { id })).toEqual({ grids: 0, users: 0 });
    const p = await db.project.findUniqueOrThrow({ where: { id } });
    const afterDeadline = new Date(p.dueAt.getTime() + 3600_000);
    const r = await remindLate(center, { id }, afterDeadline);
    // G112 (grid2), G121 and G211 are overdue; only G112 has a worker.
    expect(r).toEqual({ grids: 3, users: 1 });
    const notes = await db.notification.findMany({ where: { kind: "projects.reminder" }, select: { userId: true, params: true } });
    expect(notes.map((n) => n.userId)).toEqual([fixture().users.grid2]);
    expect(notes[0].params).toMatchObject({ checked: 0, total: 2 });
    expect(await remindLate(center, { id }, new Date(afterDeadline.getTime() + 3600_000))).toEqual({ grids: 0, users: 0 });
    // Two managers pressing at once remind each grid once.
    const later = new Date(afterDeadline.getTime() + 13 * 3600_000);
    const [a, b] = await Promise.all([remindLate(center, { id }, later), remindLate(await viewerFor("leader"), { id }, later)]);
    expect(a.grids + b.grids).toBe(3);
    expect(await db.notification.count({ where: { kind: "projects.reminder" } })).toBe(2);
  });

  it("counts the records a filter would pick, inside the viewer's territory", async () => {
    await makeRecords();
    const r = await countRecords(await viewerFor("center"), { coverUnitIds: [fixture().units.A], selectors: [{ kind: "HOUSE", tenures: ["RENTED"] }, { kind: "PLACE", categories: ["SHOP"] }] });
    expect(r).toEqual({ grids: 4, counts: [3, 5] });
    expect((await rejection(countRecords(await viewerFor("township"), { coverUnitIds: [fixture().units.A], selectors: [] }))).code).toBe("VALIDATION");
  });

  it("shows campaigns to those they cover, drafts to their managers only", async () => {
    await makeRecords();
    const t = await makeTemplate();
    const center = await viewerFor("center");
    const draft = await createProject(center, projectInput(t.id, { title: "草稿专项" }));
    const { id } = await startedProject("center", { title: "进行中的专项" });
    const titles = async (u: string) => (await listProjects(await viewerFor(u))).map((p) => p.title).sort();
    expect(await titles("center")).toEqual(["草稿专项", "进行中的专项"]);
    expect(await titles("grid")).toEqual(["进行中的专项"]);
    expect(await titles("community")).toEqual(["进行中的专项"]);
    expect(await titles("township")).toEqual(["进行中的专项"]);
    expect(await titles("gridB")).toEqual([]);
    expect(await titles("adminB")).toEqual([]);
    // The department sees what it leads.
    expect(await titles("dept")).toEqual([]);
    expect((await rejection(getProject(await viewerFor("grid"), draft.id))).code).toBe("NOT_FOUND");
    expect((await rejection(getProject(await viewerFor("adminB"), id))).code).toBe("NOT_FOUND");

    const police = (await db.department.findUniqueOrThrow({ where: { code: "public-security" } })).id;
    await startedProject("center", { title: "公安牵头的专项", leadDepartmentId: police });
    expect(await titles("dept")).toEqual(["公安牵头的专项"]);

    // Each sees the progress of their own part.
    const grid = (await listProjects(await viewerFor("grid"))).find((p) => p.id === id)!;
    expect(grid).toMatchObject({ tasks: 1, itemsTotal: 5, myTaskId: (await taskOf(id, "G111")).id });
    const community = (await listProjects(await viewerFor("community"))).find((p) => p.id === id)!;
    expect(community).toMatchObject({ tasks: 2, itemsTotal: 7, myTaskId: null });
    // The township does not manage the county's campaign.
    expect((await getProject(await viewerFor("township"), id)).manages).toBe(false);
    expect((await rejection(closeProject(await viewerFor("township"), { id, version: 2, note: "" }))).code).toBe("NOT_FOUND");
    // A worker reaches only their own grid's task.
    expect((await rejection(getTask(await viewerFor("grid"), (await taskOf(id, "G112")).id, { filter: "all", q: "" }))).code).toBe("NOT_FOUND");
  });
});
