import ExcelJS from "exceljs";
import { beforeEach, describe, expect, it } from "vitest";
import * as dispatch from "@/lib/dispatch/data";
import { getBoard, listFindings } from "@/lib/projects/data";
import { projectReport } from "@/lib/projects/report";
import { convertFindingSchema } from "@/lib/projects/schemas";
import { convertFinding } from "@/lib/projects/tasks-data";
import { runAction } from "@/lib/server/action";
import { db } from "@/lib/server/db";
import { setupDispatch, type DispatchFixture } from "../support/dispatch";
import { fixture, viewerFor } from "../support/fixtures";
import { rejection } from "../support/grid";
import { fireFields, itemsOf, makeRecords, requestKey, startedProject, submit, taskOf } from "../support/projects";

let ref: DispatchFixture;
beforeEach(async () => {
  ref = await setupDispatch();
});

/**
 * County A's campaign: G111 checks 3 of 5 records with 2 findings (one becomes an event
 * that is then closed), G112 checks 1 of 2 with a finding, G121 and G211 nothing.
 */
async function scenario() {
  const fireCategory = (await db.eventCategory.findUniqueOrThrow({ where: { code: "fire-equipment" } })).id;
  await makeRecords();
  const project = await startedProject("center", {}, fireFields(fireCategory));
  const t111 = await taskOf(project.id, "G111");
  const t112 = await taskOf(project.id, "G112");
  const i111 = await itemsOf(t111.id);
  const i112 = await itemsOf(t112.id);
  const a = await submit("grid", project.id, t111.id, i111[0].id, { f1: false });
  await submit("grid", project.id, t111.id, i111[1].id, { f1: true, f2: 2, f3: ["o2"] });
  await submit("grid", project.id, t111.id, i111[2].id, { f1: true, f2: 1, f3: ["o3"] });
  await submit("grid2", project.id, t112.id, i112[0].id, { f1: false });
  const finding = await db.projectFinding.findFirstOrThrow({ where: { submissionId: a.id } });
  return { project, t111, t112, finding, fireCategory };
}

describe("the progress board", () => {
  it("sums records checked, findings and overdue tasks by unit, drilling down the tree", async () => {
    const { project } = await scenario();
    const center = await viewerFor("center");
    const county = await getBoard(center, project.id);
    expect(county.root.id).toBe(fixture().units.A);
    expect(county.totals).toMatchObject({ tasks: 4, done: 0, overdue: 0, itemsTotal: 9, itemsChecked: 4, findings: 3, events: 0 });
    expect(county.rows.map((r) => [r.name, r.itemsChecked, r.itemsTotal, r.findings])).toEqual([
      ["东镇", 4, 8, 3],
      ["西镇", 0, 1, 0],
    ]);
    const village = await getBoard(center, project.id, fixture().units.V11);
    expect(village.crumbs.map((c) => c.name)).toEqual(["测试县", "东镇", "东村"]);
    expect(village.rows.map((r) => [r.name, r.level, r.itemsChecked, r.itemsTotal, r.findings, r.submissions])).toEqual([
      ["东村第1网格", "GRID", 3, 5, 2, 3],
      ["东村第2网格", "GRID", 1, 2, 1, 1],
    ]);
    expect(village.rows[0].taskId).toBe((await taskOf(project.id, "G111")).id);

    // After the deadline, the grids that are not done are overdue.
    const p = await db.project.findUniqueOrThrow({ where: { id: project.id } });
    const late = await getBoard(center, project.id, undefined, new Date(p.dueAt.getTime() + 1000));
    expect(late.totals.overdue).toBe(4);
    expect(late.rows.map((r) => r.overdue)).toEqual([3, 1]);
  });

  it("shows each viewer their own part only", async () => {
    const { project } = await scenario();
    const community = await getBoard(await viewerFor("community"), project.id);
    expect(community.root.id).toBe(fixture().units.V11);
    expect(community.totals).toMatchObject({ tasks: 2, itemsTotal: 7, itemsChecked: 4 });
    expect(community.crumbs.map((c) => c.name)).toEqual(["东村"]);
    expect((await rejection(getBoard(await viewerFor("community"), project.id, fixture().units.T1))).code).toBe("NOT_FOUND");
    expect((await rejection(getBoard(await viewerFor("township"), project.id, fixture().units.T2))).code).toBe("NOT_FOUND");
    const grid = await getBoard(await viewerFor("grid"), project.id);
    expect(grid.totals).toMatchObject({ tasks: 1, itemsTotal: 5, itemsChecked: 3 });
    expect(grid.root.taskId).toBe((await taskOf(project.id, "G111")).id);
    expect((await rejection(getBoard(await viewerFor("gridB"), project.id))).code).toBe("NOT_FOUND");
    // Findings too.
    expect((await listFindings(await viewerFor("grid2"), project.id, {})).items.map((f) => f.gridName)).toEqual(["东村第2网格"]);
    expect((await listFindings(await viewerFor("community"), project.id, {})).items).toHaveLength(3);
  });

  it("counts events raised from findings, and closed ones once the dispatch module closes them", async () => {
    const { project, finding, fireCategory } = await scenario();
    const grid = await viewerFor("grid");
    const { eventId, no } = await convertFinding(grid, { findingId: finding.id, requestKey: requestKey() });
    const event = await db.event.findUniqueOrThrow({ where: { id: eventId }, include: { links: true } });
    expect(event).toMatchObject({ source: "PROJECT_FINDING", sourceRef: finding.id, categoryId: fireCategory, gridId: fixture().units.G111, no });
    expect(event.title).toContain("是否配备灭火器");
    expect(event.description).toContain("出租房及商铺消防安全隐患排查");
    expect(await db.projectFinding.findUniqueOrThrow({ where: { id: finding.id } })).toMatchObject({ eventId, eventNo: no });
    let board = await getBoard(await viewerFor("center"), project.id);
    expect(board.totals).toMatchObject({ events: 1, eventsClosed: 0 });
    expect((await taskOf(project.id, "G111")).eventCount).toBe(1);

    // The grid handles it on the spot; the center records the feedback and closes it.
    await dispatch.closeLocally(grid, { id: eventId, version: event.version, reply: "已督促店主购置灭火器并放置在显眼位置。" });
    const v = (await db.event.findUniqueOrThrow({ where: { id: eventId } })).version;
    await dispatch.closeEvent(await viewerFor("center"), { id: eventId, version: v, rating: 5 });
    expect((await db.event.findUniqueOrThrow({ where: { id: eventId } })).isOpen).toBe(false);
    board = await getBoard(await viewerFor("center"), project.id);
    expect(board.totals).toMatchObject({ events: 1, eventsClosed: 1 });
    expect(board.rows.find((r) => r.name === "东镇")).toMatchObject({ events: 1, eventsClosed: 1 });
    void ref;
  });

  it("turns a finding into an event once, and only inside the territory", async () => {
    const { finding } = await scenario();
    const twice = await runAction(await viewerFor("grid"), convertFindingSchema, convertFinding, { findingId: finding.id, requestKey: requestKey() });
    expect(twice.ok).toBe(true);
    const again = await runAction(await viewerFor("grid"), convertFindingSchema, convertFinding, { findingId: finding.id, requestKey: requestKey() });
    expect(!again.ok && again.message).toMatch(/^该问题已转为事件 #\d+，不能重复转办。$/);
    expect(await db.event.count({ where: { source: "PROJECT_FINDING" } })).toBe(1);
    const other = await db.projectFinding.findFirstOrThrow({ where: { eventId: null, voidedAt: null, gridId: fixture().units.G112 } });
    expect((await rejection(convertFinding(await viewerFor("grid"), { findingId: other.id, requestKey: requestKey() }))).code).toBe("NOT_FOUND");
    expect((await rejection(convertFinding(await viewerFor("leader"), { findingId: other.id, requestKey: requestKey() }))).code).toBe("FORBIDDEN");
    // The community may raise its grids' findings.
    const r = await convertFinding(await viewerFor("community"), { findingId: other.id, requestKey: requestKey() });
    expect((await db.event.findUniqueOrThrow({ where: { id: r.eventId } })).gridId).toBe(fixture().units.G112);
  });

  it("asks for a category where the template named none, and creates nothing until given one", async () => {
    await makeRecords();
    const project = await startedProject("center");
    const task = await taskOf(project.id, "G111");
    const [item] = await itemsOf(task.id);
    const s = await submit("grid", project.id, task.id, item.id, { f1: false });
    const f = await db.projectFinding.findFirstOrThrow({ where: { submissionId: s.id } });
    const r = await runAction(await viewerFor("grid"), convertFindingSchema, convertFinding, { findingId: f.id, requestKey: requestKey() });
    expect(!r.ok && r.fieldErrors).toEqual({ categoryId: "请选择事件分类" });
    expect(await db.event.count()).toBe(0);
    await convertFinding(await viewerFor("grid"), { findingId: f.id, requestKey: requestKey(), categoryId: ref.otherCategoryId, urgency: "URGENT" });
    expect(await db.event.findFirstOrThrow()).toMatchObject({ categoryId: ref.otherCategoryId, urgency: "URGENT" });
  });

  it("writes a report with one sheet per unit level and the findings", async () => {
    const { project, finding } = await scenario();
    await convertFinding(await viewerFor("grid"), { findingId: finding.id, requestKey: requestKey() });
    const { buffer } = await projectReport(await viewerFor("center"), project.id);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["概况", "县（市）", "乡镇（街道）", "村（社区）", "网格", "发现问题"]);
    const rows = (name: string) => {
      const out: unknown[][] = [];
      wb.getWorksheet(name)!.eachRow((row, n) => {
        if (n > 1) out.push((row.values as unknown[]).slice(1));
      });
      return out;
    };
    // unit, parent, tasks, done, overdue, checked, total, rate, entries, findings, events, closed
    expect(rows("县（市）")).toEqual([["测试县", "", 4, 0, 0, 4, 9, "44%", 4, 3, 1, 0].map((v) => (v === "" ? undefined : v))]);
    expect(rows("乡镇（街道）").map((r) => [r[0], r[5], r[6]])).toEqual([
      ["东镇", 4, 8],
      ["西镇", 0, 1],
    ]);
    expect(rows("网格").map((r) => r[0])).toEqual(["东村第1网格", "东村第2网格", "西村第1网格", "南村第1网格"]);
    const findings = rows("发现问题");
    expect(findings).toHaveLength(3);
    expect(findings.filter((r) => typeof r[6] === "number")).toHaveLength(1);
    expect(await db.auditLog.count({ where: { action: "projects.export", targetId: project.id } })).toBe(1);

    // The community's report has its own part only.
    const mine = await projectReport(await viewerFor("community"), project.id);
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(mine.buffer as unknown as ArrayBuffer);
    expect(wb2.worksheets.map((w) => w.name)).toEqual(["概况", "村（社区）", "网格", "发现问题"]);
    expect((await rejection(projectReport(await viewerFor("grid"), project.id))).code).toBe("FORBIDDEN");
  });
});
