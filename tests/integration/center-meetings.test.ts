import ExcelJS from "exceljs";
import { beforeEach, describe, expect, it } from "vitest";
import * as center from "@/lib/center/data";
import { db } from "@/lib/server/db";
import { fixture, viewerFor } from "../support/fixtures";
import { centerRowCounts, key, mediateToAgreement, organisation, person, petitionInput, registerDispute, resident, setupCenter, type CenterFixture } from "../support/center";

let f: CenterFixture;
beforeEach(async () => {
  f = await setupCenter();
});

describe("consultation and joint meetings", () => {
  it("invites departments, puts cases on the table and turns each decision into a dispatched task with its deadline", async () => {
    const desk = await viewerFor("center");
    const d = await registerDispute("center", "G111", [person(resident(f.residents.甲)), organisation("某物业公司")], { risk: "RED", riskReason: "群体性风险" });
    const m = await center.createMeeting(desk, { requestKey: key(), kind: "JOINT", title: "物业纠纷联席会议", scheduledAt: new Date(Date.now() + 86_400_000), place: "中心会议室", agenda: null, departmentIds: [f.police, f.justice], cases: [{ kind: "DISPUTE", targetId: d.id }] });
    await expect(center.createMeeting(await viewerFor("community"), { requestKey: key(), kind: "JOINT", title: "越权", scheduledAt: new Date(), place: "x", agenda: null, departmentIds: [], cases: [{ kind: "DISPUTE", targetId: d.id }] })).rejects.toMatchObject({ detail: { key: "centerCaseNotFound" } });
    await center.recordMinutes(desk, { id: m.id, version: 1, minutes: "明确由公安牵头处置。" });
    const due = new Date(Date.now() + 5 * 86_400_000);
    const decision = await center.addDecision(desk, { meetingId: m.id, requestKey: key(), text: "公安局三日内约谈物业公司负责人", departmentId: f.police, dueAt: due, event: { categoryId: f.categoryId, urgency: "URGENT", gridId: fixture().units.G111 } });
    expect(decision.dispatched).toBe(true);
    const event = await db.event.findUniqueOrThrow({ where: { id: decision.eventId }, select: { state: true, tasks: { select: { departmentId: true, dueAt: true, isLead: true } } } });
    expect(event.state).toBe("DISPATCHED");
    expect(event.tasks).toEqual([{ departmentId: f.police, dueAt: due, isLead: true }]);
    const detail = await center.getMeeting(desk, m.id);
    expect(detail).toMatchObject({ status: "HELD", invites: [{ name: "公安局" }, { name: "司法局" }], disputes: [{ id: d.id }] });
    expect(detail.decisions).toEqual([expect.objectContaining({ position: 1, event: expect.objectContaining({ id: decision.eventId, state: "DISPATCHED" }) })]);
    // A township's desk has no dispatch desk of its own: its decision's event waits at the township.
    const tm = await center.createMeeting(await viewerFor("township"), { requestKey: key(), kind: "CONSULTATION", title: "镇会商", scheduledAt: new Date(), place: "镇会议室", agenda: null, departmentIds: [], cases: [] });
    const td = await center.addDecision(await viewerFor("township"), { meetingId: tm.id, requestKey: key(), text: "村委会排查", departmentId: f.justice, dueAt: due, event: { categoryId: f.categoryId, urgency: "NORMAL", gridId: fixture().units.G121 } });
    expect(td.dispatched).toBeNull();
    expect((await db.event.findUniqueOrThrow({ where: { id: td.eventId } })).state).toBe("AT_TOWNSHIP");

    // The invitation reaches the invited departments' staff (the police here: the justice bureau
    // has no account), and their center page lists the meeting, not the township's, nor its cases.
    const { users } = fixture();
    expect(await db.notification.findMany({ where: { kind: "center.meetingInvite" }, select: { userId: true, href: true, params: true } })).toEqual([
      { userId: users.dept, href: "/center", params: expect.objectContaining({ title: "物业纠纷联席会议", no: expect.stringContaining("中心会议室") }) },
    ]);
    const dept = await viewerFor("dept");
    const deptPage = await center.getCenterPage(dept);
    if (deptPage.kind !== "department") throw new Error("department page expected");
    expect(deptPage.meetings.map((x) => [x.id, x.title, x.place, x.status])).toEqual([[m.id, "物业纠纷联席会议", "中心会议室", "HELD"]]);
    expect(deptPage.meetings[0]).not.toHaveProperty("cases");
    await expect(center.getMeeting(dept, m.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await center.cancelMeeting(await viewerFor("township"), { id: tm.id, version: 1 });
    await expect(center.addDecision(await viewerFor("township"), { meetingId: tm.id, requestKey: key(), text: "x", departmentId: null, dueAt: due, event: { categoryId: f.categoryId, urgency: "NORMAL", gridId: fixture().units.G121 } })).rejects.toMatchObject({ detail: { key: "centerMeetingState" } });
  });
});

describe("open days", () => {
  it("records each problem as a sentiment entry of its grid or as an event, and follows them to the end", async () => {
    const community = await viewerFor("community");
    const day = await center.createOpenDay(community, { requestKey: key(), unitId: fixture().units.V11, heldOn: new Date(Date.now() - 3_600_000), place: "东村党群服务中心", officials: "镇长、派出所所长" });
    await expect(center.createOpenDay(community, { requestKey: key(), unitId: fixture().units.V12, heldOn: new Date(), place: "x", officials: "y" })).rejects.toMatchObject({ code: "VALIDATION" });
    const s = await center.addProblem(community, { openDayId: day.id, requestKey: key(), content: "路灯损坏", raisedBy: "居民 何某", record: "SENTIMENT", gridId: fixture().units.G111, residentId: f.residents.甲, sentimentKind: "REQUEST" });
    const e = await center.addProblem(community, { openDayId: day.id, requestKey: key(), content: "井盖缺失", raisedBy: null, record: "EVENT", gridId: fixture().units.G112, residentId: null, event: { categoryId: f.categoryId, urgency: "URGENT", title: "井盖缺失" } });
    const before = await centerRowCounts();
    await expect(center.addProblem(community, { openDayId: day.id, requestKey: key(), content: "别处的问题", raisedBy: null, record: "SENTIMENT", gridId: fixture().units.G121, residentId: null, sentimentKind: "OPINION" })).rejects.toMatchObject({ code: "VALIDATION" });
    expect(await centerRowCounts()).toEqual(before);
    const sentiment = await db.sentimentEntry.findUniqueOrThrow({ where: { id: s.sentimentId! } });
    expect(sentiment).toMatchObject({ gridId: fixture().units.G111, residentId: f.residents.甲, kind: "REQUEST", followUpStatus: "OPEN" });
    await center.markOpenDayHeld(community, { id: day.id, version: 1, residentsHeard: 40, summary: "反映问题2件" });
    let detail = await center.getOpenDay(community, day.id);
    expect(detail).toMatchObject({ status: "HELD", residentsHeard: 40, settled: 0 });
    expect(detail.problems.map((p) => [p.content, !!p.sentiment, p.event?.id ?? null])).toEqual([
      ["路灯损坏", true, null],
      ["井盖缺失", false, e.eventId],
    ]);
    await db.sentimentEntry.update({ where: { id: sentiment.id }, data: { followUpStatus: "RESOLVED" } });
    detail = await center.getOpenDay(community, day.id);
    expect(detail.settled).toBe(1);
    // The county sees the community's open day; another community does not.
    expect((await center.listOpenDays(await viewerFor("center"))).items).toHaveLength(1);
  });
});

describe("monthly statistics", () => {
  it("counts disputes by type, the mediation success rate and petitions replied in time, per unit", async () => {
    const desk = await viewerFor("center");
    // A past month, so that the test does not depend on today's date.
    const day = (d: number, h = 10) => new Date(`2026-03-${String(d).padStart(2, "0")}T${String(h).padStart(2, "0")}:00:00+08:00`);
    const a = await registerDispute("center", "G111", [person(resident(f.residents.甲)), person(resident(f.residents.乙))], { registeredAt: day(2), risk: "RED" });
    await mediateToAgreement("center", a.id, f.committeeA, { session: day(3), agreed: day(4) });
    const b = await registerDispute("township", "G121", [person(resident(f.residents.丁)), organisation("某公司")], { registeredAt: day(5), type: "LABOUR_WAGES" });
    await center.referDispute(await viewerFor("township"), { id: b.id, version: 1, referral: "ARBITRATION", referralBody: "劳动仲裁委", note: "调解不成" });
    await db.dispute.update({ where: { id: b.id }, data: { concludedAt: day(9) } });
    await registerDispute("community", "G111", [person(resident(f.residents.甲)), person(resident(f.residents.丙))], { registeredAt: day(6) });
    // Registered in February: not this month's.
    await registerDispute("center", "G211", [person(resident(f.residents.戊)), organisation("某公司")], { registeredAt: new Date("2026-02-27T10:00:00+08:00") });
    const p = await center.createPetition(desk, petitionInput([resident(f.residents.戊)], { registeredAt: day(2) }));
    await center.decidePetition(desk, { id: p.id, version: 1, accept: true, decidedAt: day(10), reason: null });
    await center.replyPetition(desk, { id: p.id, version: 2, text: "已答复", repliedAt: day(20) });

    const month = "2026-03";
    const report = await center.monthlyReport(desk, { month });
    const row = (name: string) => report.rows.find((r) => r.name === name)!;
    expect(report.rows.map((r) => r.name)).toEqual(["测试县", "东镇", "西镇"]);
    expect(row("测试县")).toMatchObject({ own: true, disputes: 1, highRisk: 1, agreed: 1, referred: 0, successRate: 1, petitions: 1, decided: 1, decidedOnTime: 1, replied: 1, repliedOnTime: 1, onTimeRate: 1 });
    expect(row("东镇")).toMatchObject({ disputes: 2, agreed: 0, referred: 1, successRate: 0 });
    expect(report.total).toMatchObject({ disputes: 3, agreed: 1, referred: 1, successRate: 0.5 });
    expect(report.byType.find((t) => t.type === "LABOUR_WAGES")).toEqual({ type: "LABOUR_WAGES", disputes: 1, petitions: 0 });
    // Counts by type per unit too: the county's own center, and each township with what lies below it.
    expect(row("测试县").types).toMatchObject({ NEIGHBOUR: { disputes: 1, petitions: 0 }, LAND_HOUSING: { disputes: 0, petitions: 1 } });
    expect(row("东镇").types).toMatchObject({ NEIGHBOUR: { disputes: 1, petitions: 0 }, LABOUR_WAGES: { disputes: 1, petitions: 0 } });
    expect(row("西镇").types.NEIGHBOUR).toEqual({ disputes: 0, petitions: 0 });
    // The township sees its own rows only; the community's row is its village.
    const townshipReport = await center.monthlyReport(await viewerFor("township"), { month });
    expect(townshipReport.rows.map((r) => [r.name, r.disputes])).toEqual([["东镇", 1], ["东村", 1], ["西村", 0]]);
    await expect(center.monthlyReport(await viewerFor("township"), { month, unitId: fixture().units.A })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const xlsx = await center.monthlyReportXlsx(desk, { month }, { columns: ["单位"], typeColumns: ["类型"], types: {}, total: "合计", own: "（本级）", sheet: "月度", typeSheet: "类型" });
    expect(xlsx.buffer.subarray(0, 2).toString()).toBe("PK");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.buffer as never);
    const types = wb.getWorksheet("类型")!;
    const labour = types.getRows(1, types.rowCount)!.find((r) => r.getCell(1).value === "LABOUR_WAGES")!;
    // Type, total disputes, total petitions, then each unit's pair: 测试县（本级）, 东镇, 西镇.
    expect(labour.values).toEqual([undefined, "LABOUR_WAGES", 1, 0, 0, 0, 1, 0, 0, 0]);
    expect(await db.auditLog.count({ where: { action: "center.report.export" } })).toBe(1);
    await expect(center.monthlyReport(await viewerFor("dept"), { month })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
