import { beforeEach, describe, expect, it } from "vitest";
import * as dispatch from "@/lib/dispatch/data";
import { dispatchSchema, reportSchema } from "@/lib/dispatch/schemas";
import { listNotifications, markRead, unreadCount } from "@/lib/notifications/data";
import { runAction } from "@/lib/server/action";
import { db } from "@/lib/server/db";
import { fixture, viewerFor } from "../support/fixtures";
import { acceptedEvent, expectReplays, failure, key, leadTask, pointIn, report, setupDispatch, stateOf, version, type DispatchFixture } from "../support/dispatch";

let f: DispatchFixture;
beforeEach(async () => {
  f = await setupDispatch();
});

async function counts() {
  const [events, entries, tasks, deadlines, notifications] = await Promise.all([
    db.event.count(),
    db.eventTimelineEntry.count(),
    db.dispatchTask.count(),
    db.eventDeadline.count(),
    db.notification.count(),
  ]);
  return { events, entries, tasks, deadlines, notifications };
}

describe("the whole path", () => {
  it("goes from a grid report through two departments to a closed, rated event", async () => {
    const { id } = await report("grid", f.categoryId);
    const event = await db.event.findUniqueOrThrow({ where: { id } });
    expect(event).toMatchObject({ state: "REPORTED", holderUnitId: fixture().units.G111, gridId: fixture().units.G111, source: "GRID_REPORT", version: 1 });
    expect(event.dueAt).not.toBeNull();
    await dispatch.escalateEvent(await viewerFor("grid"), { id, version: 1, comment: "超出网格处置能力" });
    expect(await db.notification.count({ where: { userId: fixture().users.community, kind: "dispatch.assigned" } })).toBe(1);
    await dispatch.escalateEvent(await viewerFor("community"), { id, version: 2, comment: "需乡镇协调" });
    await dispatch.escalateEvent(await viewerFor("township"), { id, version: 3, comment: "需部门处置" });
    expect(await db.event.findUniqueOrThrow({ where: { id } })).toMatchObject({ state: "AT_CENTER", holderUnitId: fixture().units.A });
    await dispatch.acceptEvent(await viewerFor("center"), { id, version: 4 });
    await dispatch.dispatchEvent(await viewerFor("center"), { id, version: 5, leadDepartmentId: f.police, coDepartmentIds: [f.emergency], comment: "请公安牵头" });
    const tasks = await db.dispatchTask.findMany({ where: { eventId: id }, orderBy: { isLead: "desc" } });
    expect(tasks.map((t) => [t.departmentId, t.isLead, t.state])).toEqual([[f.police, true, "PENDING"], [f.emergency, false, "PENDING"]]);
    expect(await db.eventDeadline.count({ where: { eventId: id, taskId: { not: null }, status: "ACTIVE" } })).toBe(4);
    expect(await db.notification.count({ where: { userId: fixture().users.dept, kind: "dispatch.assigned" } })).toBe(1);

    const police = await viewerFor("dept");
    const dept2 = await viewerFor("dept2");
    const lead = tasks[0];
    const co = tasks[1];
    await dispatch.acceptTask(police, { taskId: lead.id, version: 1 });
    expect(await stateOf(id)).toBe("PROCESSING");
    await dispatch.acceptTask(dept2, { taskId: co.id, version: 1 });
    await dispatch.addProgress(police, { taskId: lead.id, requestKey: key(), comment: "已到现场了解情况" });
    await dispatch.completeTask(police, { taskId: lead.id, version: 2, result: "已依法处置，现场秩序恢复。" });
    expect(await stateOf(id)).toBe("REVIEW");
    await dispatch.passReview(await viewerFor("center"), { id, version: 8, reply: "经公安局处置，现场秩序已恢复。" });
    // The co-department's open task is closed with the event.
    expect((await db.dispatchTask.findUniqueOrThrow({ where: { id: co.id } })).state).toBe("CANCELLED");
    expect(await db.event.findUniqueOrThrow({ where: { id } })).toMatchObject({ state: "FEEDBACK", holderUnitId: fixture().units.G111, resolvedLevel: "DEPARTMENT" });
    expect(await db.notification.count({ where: { userId: fixture().users.grid, kind: "dispatch.result" } })).toBe(1);
    await dispatch.closeEvent(await viewerFor("grid"), { id, version: 9, rating: 5 });
    expect(await db.event.findUniqueOrThrow({ where: { id } })).toMatchObject({ state: "CLOSED", isOpen: false, rating: 5, dueAt: null });
    expect(await db.eventDeadline.count({ where: { eventId: id, status: { in: ["ACTIVE", "FIRING"] } } })).toBe(0);
    await expectReplays(id);

    // The grid worker sees the reply, not the working comments.
    const seen = await dispatch.getEvent(await viewerFor("grid"), id);
    expect(seen.timeline.find((e) => e.action === "pass")?.reply).toBe("经公安局处置，现场秩序已恢复。");
    expect(seen.timeline.find((e) => e.action === "dispatch")?.comment).toBeNull();
    expect(seen.timeline.some((e) => e.action === "taskProgress")).toBe(false);
    const centerView = await dispatch.getEvent(await viewerFor("center"), id);
    expect(centerView.timeline.find((e) => e.action === "dispatch")?.comment).toBe("请公安牵头");

    // Every step, the report included, is in the audit log once, naming its timeline entry.
    const entries = await db.eventTimelineEntry.findMany({ where: { eventId: id }, orderBy: { id: "asc" } });
    const audits = await db.auditLog.findMany({ where: { targetType: "event", targetId: id }, orderBy: { id: "asc" } });
    expect(audits.map((a) => [a.action, a.result, a.userId, (a.details as { entryId?: string }).entryId])).toEqual(
      entries.map((e) => [`dispatch.${e.action}`, "success", e.actorId, String(e.id)]),
    );
    expect(audits.find((a) => a.action === "dispatch.accept")).toMatchObject({ username: "center", role: "CENTER_STAFF" });
  });

  it("lets the grid close a small matter itself, and reopens it once when the resident is unhappy", async () => {
    const { id } = await report("grid", f.categoryId);
    await dispatch.closeLocally(await viewerFor("grid"), { id, version: 1, reply: "已现场劝离。" });
    expect(await db.event.findUniqueOrThrow({ where: { id } })).toMatchObject({ state: "FEEDBACK", resolvedLevel: "GRID" });
    await dispatch.reopenEvent(await viewerFor("grid"), { id, version: 2, rating: 1, comment: "仍有人聚集" });
    expect(await db.event.findUniqueOrThrow({ where: { id } })).toMatchObject({ state: "REPORTED", reopenCount: 1 });
    await dispatch.closeLocally(await viewerFor("grid"), { id, version: 3, reply: "已联合派出所劝离。" });
    const again = await failure(dispatch.reopenEvent(await viewerFor("grid"), { id, version: 4, rating: 2, comment: "还是不满意" }));
    expect(again).toMatchObject({ code: "CONFLICT", detail: { key: "dispatchReopenUsed" } });
    await dispatch.closeEvent(await viewerFor("grid"), { id, version: 4, rating: 2 });
    await expectReplays(id);
  });

  it("sends a department's return back to the center, and a review back to the department", async () => {
    const id = await acceptedEvent(f.categoryId);
    const center = await viewerFor("center");
    await dispatch.dispatchEvent(center, { id, version: 5, leadDepartmentId: f.emergency });
    const first = await leadTask(id);
    await dispatch.returnTask(await viewerFor("dept2"), { taskId: first.id, version: 1, comment: "不属于本部门职责" });
    expect(await db.event.findUniqueOrThrow({ where: { id } })).toMatchObject({ state: "ACCEPTED", leadDepartmentId: null });
    expect(await db.notification.count({ where: { userId: fixture().users.center, kind: "dispatch.returned" } })).toBe(1);
    await dispatch.dispatchEvent(center, { id, version: 7, leadDepartmentId: f.police });
    const second = await leadTask(id);
    expect(second.round).toBe(2);
    const police = await viewerFor("dept");
    await dispatch.acceptTask(police, { taskId: second.id, version: 1 });
    await dispatch.completeTask(police, { taskId: second.id, version: 2, result: "已处置" });
    await dispatch.returnToDepartment(center, { id, version: 10, comment: "请补充现场照片" });
    expect((await db.dispatchTask.findUniqueOrThrow({ where: { id: second.id } })).state).toBe("IN_PROGRESS");
    expect(await stateOf(id)).toBe("PROCESSING");
    await dispatch.completeTask(police, { taskId: second.id, version: 4, result: "已补充" });
    await dispatch.passReview(center, { id, version: 12, reply: "已处置完毕" });
    await expectReplays(id);
  });

  it("asks for more time and moves the deadline when the center approves", async () => {
    const id = await acceptedEvent(f.categoryId);
    const center = await viewerFor("center");
    await dispatch.dispatchEvent(center, { id, version: 5, leadDepartmentId: f.police });
    const task = await leadTask(id);
    const police = await viewerFor("dept");
    await dispatch.acceptTask(police, { taskId: task.id, version: 1 });
    const until = new Date(task.dueAt.getTime() + 3 * 86_400_000);
    const early = await failure(dispatch.requestExtension(police, { taskId: task.id, version: 2, until: new Date(task.dueAt.getTime() - 3_600_000), comment: "需要时间" }));
    expect(early.code).toBe("VALIDATION");
    await dispatch.requestExtension(police, { taskId: task.id, version: 2, until, comment: "需协调多方" });
    const twice = await failure(dispatch.requestExtension(police, { taskId: task.id, version: 3, until, comment: "再次申请" }));
    expect(twice).toMatchObject({ code: "CONFLICT", detail: { key: "dispatchExtensionState" } });
    await dispatch.decideExtension(center, { taskId: task.id, version: 3, approve: true });
    const after = await db.dispatchTask.findUniqueOrThrow({ where: { id: task.id } });
    expect(after.dueAt).toEqual(until);
    expect(after.extensionUntil).toBeNull();
    expect((await db.event.findUniqueOrThrow({ where: { id } })).dueAt).toEqual(until);
    expect(await db.eventDeadline.count({ where: { taskId: task.id, stage: "HANDLE", status: "ACTIVE" } })).toBe(1);
    await expectReplays(id);
  });
});

describe("supervision, urging and instructions", () => {
  it("raises a supervised event in every list, tells its handlers and counts against them", async () => {
    const quiet = await report("grid", f.categoryId);
    const loud = await report("grid", f.categoryId);
    const leader = await viewerFor("leader");
    await dispatch.superviseEvent(leader, { id: quiet.id, requestKey: key(), grade: 3, comment: "红牌督办" });
    const list = await dispatch.listWorklist(await viewerFor("grid"), { list: "toHandle" });
    expect(list.items.map((i) => i.id)).toEqual([quiet.id, loud.id]);
    expect(list.items[0].superviseGrade).toBe(3);
    expect(await db.notification.count({ where: { userId: fixture().users.grid, kind: "dispatch.supervised" } })).toBe(1);
    expect(await db.eventSupervision.findMany({ where: { eventId: quiet.id }, select: { grade: true, targetUnitId: true } })).toEqual([{ grade: 3, targetUnitId: fixture().units.G111 }]);
    // A lower grade afterwards is recorded but does not lower the event.
    await dispatch.superviseEvent(leader, { id: quiet.id, requestKey: key(), grade: 1, comment: "一般督办" });
    expect((await db.event.findUniqueOrThrow({ where: { id: quiet.id } })).superviseGrade).toBe(3);
    await expectReplays(quiet.id);
  });

  it("counts a double-clicked urge once and never changes the version", async () => {
    const { id } = await report("grid", f.categoryId);
    const center = await viewerFor("center");
    const requestKey = key();
    const [a, b] = await Promise.all([
      dispatch.urgeEvent(center, { id, requestKey, comment: "请尽快处理" }),
      dispatch.urgeEvent(center, { id, requestKey, comment: "请尽快处理" }),
    ]);
    expect(a.entryId).toBe(b.entryId);
    expect(await db.eventTimelineEntry.count({ where: { eventId: id, action: "urge" } })).toBe(1);
    expect(await version(id)).toBe(1);
    await dispatch.instructEvent(await viewerFor("leader"), { id, requestKey: key(), comment: "请妥善处置" });
    expect(await db.notification.count({ where: { userId: fixture().users.grid, kind: { in: ["dispatch.urged", "dispatch.instructed"] } } })).toBe(2);
  });
});

describe("scope", () => {
  it("hides events of another territory and answers NOT_FOUND", async () => {
    const { id } = await report("grid", f.categoryId);
    for (const who of ["grid2", "gridB", "adminB"]) {
      expect((await failure(dispatch.getEvent(await viewerFor(who), id))).code).toBe("NOT_FOUND");
    }
    expect((await failure(dispatch.superviseEvent(await viewerFor("gridB"), { id, requestKey: key(), grade: 1, comment: "x" }))).code).toBe("FORBIDDEN");
    expect((await dispatch.listWorklist(await viewerFor("grid2"), { list: "mine" })).items).toEqual([]);
    expect((await dispatch.getEvent(await viewerFor("township"), id)).id).toBe(id);
  });

  it("shows department staff only the events dispatched to their department", async () => {
    const id = await acceptedEvent(f.categoryId);
    const police = await viewerFor("dept");
    expect((await failure(dispatch.getEvent(police, id))).code).toBe("NOT_FOUND");
    await dispatch.dispatchEvent(await viewerFor("center"), { id, version: 5, leadDepartmentId: f.police });
    expect((await dispatch.getEvent(police, id)).id).toBe(id);
    expect((await dispatch.listWorklist(police, { list: "tasks" })).items.map((i) => i.id)).toEqual([id]);
    const dept2 = await viewerFor("dept2");
    expect((await failure(dispatch.getEvent(dept2, id))).code).toBe("NOT_FOUND");
    const task = await leadTask(id);
    expect((await failure(dispatch.acceptTask(dept2, { taskId: task.id, version: 1 }))).code).toBe("NOT_FOUND");
    expect((await leadTask(id)).state).toBe("PENDING");
  });

  it("keeps a grid worker to their own desk: the community's event is not theirs to escalate", async () => {
    const { id } = await report("grid", f.categoryId);
    await dispatch.escalateEvent(await viewerFor("grid"), { id, version: 1, comment: "上报" });
    const err = await failure(dispatch.escalateEvent(await viewerFor("grid"), { id, version: 2, comment: "再上报" }));
    expect(err).toMatchObject({ code: "CONFLICT", detail: { key: "dispatchNotYourDesk", values: { state: "AT_COMMUNITY" } } });
  });
});

describe("bad input changes nothing", () => {
  it("refuses a transition the state does not allow", async () => {
    const { id } = await report("grid", f.categoryId);
    const before = await counts();
    const err = await failure(dispatch.passReview(await viewerFor("center"), { id, version: 1, reply: "通过" }));
    expect(err).toMatchObject({ code: "CONFLICT", detail: { key: "dispatchNotAllowed", values: { state: "REPORTED" } } });
    expect(await counts()).toEqual(before);
  });

  it("answers a stale version with what happened since", async () => {
    const { id } = await report("grid", f.categoryId);
    await dispatch.escalateEvent(await viewerFor("grid"), { id, version: 1, comment: "上报" });
    const before = await counts();
    const err = await failure(dispatch.escalateEvent(await viewerFor("community"), { id, version: 1, comment: "上报" }));
    expect(err).toMatchObject({ code: "STALE", detail: { key: "dispatchStale", values: { actor: "grid", action: "escalate" } } });
    expect(await counts()).toEqual(before);
  });

  it("refuses a deadline in the past and forged department ids", async () => {
    const id = await acceptedEvent(f.categoryId);
    const center = await viewerFor("center");
    const before = await counts();
    const past = await failure(dispatch.dispatchEvent(center, { id, version: 5, leadDepartmentId: f.police, dueAt: new Date(Date.now() - 60_000) }));
    expect(past).toMatchObject({ code: "VALIDATION", fieldErrors: { dueAt: "validation.dispatchDeadlinePast" } });
    const forged = await failure(dispatch.dispatchEvent(center, { id, version: 5, leadDepartmentId: 999_999 }));
    expect(forged).toMatchObject({ code: "VALIDATION", fieldErrors: { leadDepartmentId: "validation.dispatchUnknownDepartment" } });
    const forgedCo = await failure(dispatch.dispatchEvent(center, { id, version: 5, leadDepartmentId: f.police, coDepartmentIds: [999_998] }));
    expect(forgedCo.fieldErrors).toEqual({ coDepartmentIds: "validation.dispatchUnknownDepartment" });
    expect(await counts()).toEqual(before);
  });

  it("refuses points outside the county and outside the reporter's territory", async () => {
    const before = await counts();
    const outside = await failure(report("grid", f.categoryId, "G111", { lat: 31.5, lng: 101.5 }));
    expect(outside).toMatchObject({ code: "VALIDATION", detail: { key: "dispatchPointOutsideCounty" } });
    const neighbour = await failure(report("grid", f.categoryId, "G112"));
    expect(neighbour).toMatchObject({ code: "VALIDATION", detail: { key: "dispatchPointOutsideTerritory" } });
    // County B's grid is not in county A at all.
    const otherCounty = await failure(report("grid", f.categoryId, "GB"));
    expect(otherCounty.detail?.key).toBe("dispatchPointOutsideCounty");
    const wrongGrid = await failure(report("grid", f.categoryId, "G111", { gridId: fixture().units.G112 }));
    expect(wrongGrid.fieldErrors).toEqual({ gridId: "validation.dispatchGridNotInScope" });
    expect(await counts()).toEqual(before);
  });

  it("lets a reporter correct the grid point-in-polygon found, and records both", async () => {
    const { id } = await report("community", f.categoryId, "G111", { gridId: fixture().units.G112 });
    expect(await db.event.findUniqueOrThrow({ where: { id } })).toMatchObject({ gridId: fixture().units.G112, autoGridId: fixture().units.G111, state: "AT_COMMUNITY" });
  });

  it("validates through the action wrapper: unknown keys, bad types, a top-level category", async () => {
    const grid = await viewerFor("grid");
    const base = { requestKey: key(), categoryId: f.categoryId, urgency: "NORMAL", title: "t", description: "d", ...pointIn("G111") };
    const extra = await runAction(grid, reportSchema, dispatch.reportEvent, { ...base, state: "CLOSED" });
    expect(extra).toMatchObject({ ok: false, code: "VALIDATION" });
    const badType = await runAction(grid, reportSchema, dispatch.reportEvent, { ...base, lat: "north" });
    expect(badType.ok).toBe(false);
    const top = await db.eventCategory.findUniqueOrThrow({ where: { code: "safety" } });
    const topLevel = await runAction(grid, reportSchema, dispatch.reportEvent, { ...base, categoryId: top.id });
    expect(topLevel).toMatchObject({ ok: false, code: "VALIDATION", message: "请选择一个启用中的二级事件分类。" });
    const dispatchBad = await runAction(await viewerFor("center"), dispatchSchema, dispatch.dispatchEvent, { id: "x", version: 1, leadDepartmentId: f.police, dueAt: "tomorrow" });
    expect(dispatchBad).toMatchObject({ ok: false, code: "VALIDATION" });
    expect(await db.event.count()).toBe(0);
  });

  it("creates one event for a double-submitted report", async () => {
    const grid = await viewerFor("grid");
    const input = { requestKey: key(), categoryId: f.categoryId, urgency: "NORMAL" as const, title: "t", description: "d", ...pointIn("G111") };
    const [a, b] = await Promise.all([dispatch.reportEvent(grid, input), dispatch.reportEvent(grid, input)]);
    expect(a.id).toBe(b.id);
    expect(await db.event.count()).toBe(1);
    expect(await db.eventTimelineEntry.count()).toBe(1);
  });

  it("refuses roles outside the table and records the refusal", async () => {
    const { id } = await report("grid", f.categoryId);
    expect((await failure(dispatch.acceptEvent(await viewerFor("grid"), { id, version: 1 }))).code).toBe("FORBIDDEN");
    expect((await failure(report("admin", f.categoryId))).code).toBe("FORBIDDEN");
    expect(await db.auditLog.count({ where: { action: { startsWith: "dispatch." }, result: "denied" } })).toBe(2);
  });
});

describe("merging duplicates and the sentiment log", () => {
  it("shows likely duplicates and merges one into the original", async () => {
    const first = await report("grid", f.categoryId);
    const second = await report("grid", f.categoryId);
    await report("grid", f.otherCategoryId);
    const dups = await dispatch.findDuplicates(await viewerFor("grid"), { categoryId: f.categoryId, ...pointIn("G111") });
    expect(dups.map((d) => d.id).sort()).toEqual([first.id, second.id].sort());
    // Walk the second one up to the center and merge it.
    for (const who of ["grid", "community", "township"]) await dispatch.escalateEvent(await viewerFor(who), { id: second.id, version: await version(second.id), comment: "上报" });
    const center = await viewerFor("center");
    const detail = await dispatch.getEvent(center, second.id);
    expect(detail.duplicates.map((d) => d.id)).toEqual([first.id]);
    const self = await failure(dispatch.mergeEvent(center, { id: second.id, version: 4, intoNo: second.no }));
    expect(self.code).toBe("VALIDATION");
    await dispatch.mergeEvent(center, { id: second.id, version: 4, intoNo: first.no });
    expect(await db.event.findUniqueOrThrow({ where: { id: second.id } })).toMatchObject({ state: "MERGED", mergedIntoId: first.id, isOpen: false });
    expect(await db.eventTimelineEntry.count({ where: { eventId: first.id, action: "mergedIn" } })).toBe(1);
    await expectReplays(second.id);
    await expectReplays(first.id);
  });

  it("turns a sentiment entry into an event and marks it converted, in one transaction", async () => {
    const grid = await viewerFor("grid");
    const entry = await db.sentimentEntry.create({ data: { gridId: fixture().units.G111, kind: "COMPLAINT", content: "楼下烧烤摊油烟扰民", recordedById: grid.id } });
    const input = { requestKey: key(), sentimentId: entry.id, categoryId: f.categoryId, urgency: "NORMAL" as const, title: "烧烤油烟扰民", ...pointIn("G111") };
    const { id } = await dispatch.convertSentiment(grid, input);
    expect(await db.event.findUniqueOrThrow({ where: { id } })).toMatchObject({ source: "SENTIMENT", sourceRef: entry.id, description: "楼下烧烤摊油烟扰民" });
    expect(await db.sentimentEntry.findUniqueOrThrow({ where: { id: entry.id } })).toMatchObject({ followUpStatus: "CONVERTED", eventId: id });
    const again = await failure(dispatch.convertSentiment(grid, { ...input, requestKey: key() }));
    expect(again).toMatchObject({ code: "CONFLICT", detail: { key: "gridSentimentConverted" } });
    expect(await db.event.count()).toBe(1);
  });

  it("creates no event when the sentiment entry cannot be marked", async () => {
    const grid = await viewerFor("grid");
    const entry = await db.sentimentEntry.create({ data: { gridId: fixture().units.G111, kind: "REQUEST", content: "路灯坏了", recordedById: grid.id } });
    // Outside the reporter's territory the point fails first; inside, a point in the wrong county too.
    const bad = await failure(dispatch.convertSentiment(grid, { requestKey: key(), sentimentId: entry.id, categoryId: f.categoryId, urgency: "NORMAL", title: "路灯", lat: 31.5, lng: 101.5 }));
    expect(bad.code).toBe("VALIDATION");
    expect(await db.event.count()).toBe(0);
    expect((await db.sentimentEntry.findUniqueOrThrow({ where: { id: entry.id } })).followUpStatus).toBe("OPEN");
  });
});

describe("notifications", () => {
  it("counts unread, lists newest first and marks only one's own read", async () => {
    const { id } = await report("grid", f.categoryId);
    await dispatch.escalateEvent(await viewerFor("grid"), { id, version: 1, comment: "上报" });
    const community = await viewerFor("community");
    expect(await unreadCount(community)).toBe(1);
    const list = await listNotifications(community, {});
    expect(list.items[0]).toMatchObject({ kind: "dispatch.assigned", href: `/dispatch/${id}`, params: { title: "夜间有人聚集饮酒滋事", actor: "grid" } });
    // Someone else's id marks nothing.
    expect(await markRead(await viewerFor("township"), { ids: [list.items[0].id] })).toEqual({ marked: 0 });
    expect(await markRead(community, { ids: [list.items[0].id] })).toEqual({ marked: 1 });
    expect(await unreadCount(community)).toBe(0);
  });
});

describe("the board and the worklists", () => {
  it("moves the change token with every change and counts open events by desk", async () => {
    const center = await viewerFor("center");
    const before = await dispatch.changeToken(center);
    const { id } = await report("leader", f.categoryId);
    const board = await dispatch.getBoard(center);
    expect(board.token).not.toBe(before);
    expect(board.columns.find((c) => c.key === "toAccept")).toMatchObject({ count: 1, items: [{ id }] });
    await dispatch.acceptEvent(center, { id, version: 1 });
    const after = await dispatch.getBoard(center);
    expect(after.token).not.toBe(board.token);
    expect(after.columns.find((c) => c.key === "toAccept")!.count).toBe(0);
    expect(after.columns.find((c) => c.key === "toDispatch")!.count).toBe(1);
    // Another county's board neither counts it nor moves with it.
    const adminB = await viewerFor("adminB");
    expect((await dispatch.getBoard(adminB)).open).toBe(0);
    expect(await dispatch.changeToken(adminB)).toBe("0");
    expect((await failure(dispatch.getBoard(await viewerFor("grid")))).code).toBe("FORBIDDEN");
  });

  it("pages through a worklist with a keyset cursor, without repeats or gaps", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 23; i++) ids.push((await report("grid", f.categoryId, "G111", { urgency: i % 5 === 0 ? "URGENT" : "NORMAL" })).id);
    const grid = await viewerFor("grid");
    const first = await dispatch.listWorklist(grid, { list: "toHandle" });
    expect(first.items).toHaveLength(20);
    expect(first.nextCursor).not.toBeNull();
    const second = await dispatch.listWorklist(grid, { list: "toHandle", cursor: first.nextCursor! });
    expect(second.nextCursor).toBeNull();
    const seen = [...first.items, ...second.items].map((i) => i.id);
    expect(new Set(seen).size).toBe(23);
    expect(seen.sort()).toEqual([...ids].sort());
    // Urgent ones first.
    expect(first.items.slice(0, 5).every((i) => i.urgency === "URGENT")).toBe(true);
    // A forged cursor is just the first page.
    expect((await dispatch.listWorklist(grid, { list: "toHandle", cursor: "not-a-cursor" })).items).toHaveLength(20);
  });

  it("lists a department's tasks and the overdue ones among them", async () => {
    const id = await acceptedEvent(f.categoryId);
    await dispatch.dispatchEvent(await viewerFor("center"), { id, version: 5, leadDepartmentId: f.police, coDepartmentIds: [f.emergency] });
    const police = await viewerFor("dept");
    expect((await dispatch.listWorklist(police, { list: "tasks" })).items.map((i) => [i.id, i.task?.isLead])).toEqual([[id, true]]);
    expect((await dispatch.listWorklist(police, { list: "overdue" })).items).toEqual([]);
    await db.dispatchTask.updateMany({ where: { eventId: id, departmentId: f.police }, data: { acceptDueAt: new Date(Date.now() - 60_000) } });
    const overdue = await dispatch.listWorklist(police, { list: "overdue" });
    expect(overdue.items.map((i) => [i.id, i.light])).toEqual([[id, "red"]]);
    expect((await dispatch.listWorklist(await viewerFor("dept2"), { list: "overdue" })).items).toEqual([]);
    // "All" is every event ever dispatched to the department, newest first, once each.
    const other = await acceptedEvent(f.otherCategoryId);
    await dispatch.dispatchEvent(await viewerFor("center"), { id: other, version: 5, leadDepartmentId: f.emergency });
    expect((await dispatch.listWorklist(police, { list: "all" })).items.map((i) => i.id)).toEqual([id]);
    expect((await dispatch.listWorklist(await viewerFor("dept2"), { list: "all" })).items.map((i) => i.id)).toEqual([other, id]);
  });
});
