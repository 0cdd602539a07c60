// Authorization cases of the dispatch module. Each case builds an event at the caller's
// own desk inside county A (grid G111 and the units above it), or the same in county B's
// grid GB for the outside run, and takes the action there.
import * as dispatch from "@/lib/dispatch/data";
import { invalidateDispatchConfig } from "@/lib/dispatch/config";
import type { EventState } from "@/lib/dispatch/workflow";
import { unreadCount } from "@/lib/notifications/data";
import type { Viewer } from "@/lib/server/auth";
import { db } from "@/lib/server/db";
import { seedDispatchReference } from "@/prisma/seed/dispatch";
import { fixture } from "../fixtures";
import { NOT_APPLICABLE, type AuthzCases } from "./types";

let n = 0;

async function category(): Promise<number> {
  const found = await db.eventCategory.findUnique({ where: { code: "safety-disorder" }, select: { id: true } });
  if (found) return found.id;
  await seedDispatchReference(db);
  invalidateDispatchConfig();
  return (await db.eventCategory.findUniqueOrThrow({ where: { code: "safety-disorder" }, select: { id: true } })).id;
}

/** The desk (holder unit) of a state for a fixture grid. */
function holder(state: EventState, inside: boolean): number {
  const u = fixture().units;
  if (!inside) return state === "REPORTED" || state === "FEEDBACK" ? u.GB : state === "AT_COMMUNITY" ? u.VB : state === "AT_TOWNSHIP" ? u.TB : u.B;
  return state === "REPORTED" || state === "FEEDBACK" ? u.G111 : state === "AT_COMMUNITY" ? u.V11 : state === "AT_TOWNSHIP" ? u.T1 : u.A;
}

async function makeEvent(inside: boolean, state: EventState, extra: { reporterId?: string; task?: "PENDING" | "IN_PROGRESS" } = {}) {
  const u = fixture().units;
  n++;
  const event = await db.event.create({
    data: {
      source: "GRID_REPORT",
      categoryId: await category(),
      urgency: "NORMAL",
      title: `权限测试 ${n}`,
      description: "权限测试",
      lat: 30.005,
      lng: inside ? 100.035 : 100.135,
      gridId: inside ? u.G111 : u.GB,
      holderUnitId: holder(state, inside),
      state,
      reporterId: extra.reporterId ?? fixture().users.grid,
      idempotencyKey: `authz-${n}`,
    },
    select: { id: true, no: true },
  });
  let taskId: string | null = null;
  if (extra.task) {
    const police = await db.department.findUniqueOrThrow({ where: { code: "public-security" }, select: { id: true } });
    const due = new Date(Date.now() + 86_400_000);
    taskId = (
      await db.dispatchTask.create({
        data: { eventId: event.id, departmentId: police.id, isLead: true, state: extra.task, acceptDueAt: due, acceptWarnAt: due, dueAt: due, warnAt: due, eventNo: event.no },
        select: { id: true },
      })
    ).id;
  }
  return { id: event.id, taskId };
}

/** The desk state where the viewer's role handles events locally. */
function localState(viewer: Viewer): EventState {
  return viewer.role === "COMMUNITY_OFFICER" ? "AT_COMMUNITY" : viewer.role === "TOWNSHIP_OFFICER" ? "AT_TOWNSHIP" : "REPORTED";
}

const key = () => `authz${Date.now().toString(36)}${(n++).toString(36)}`;

export const dispatchCases: AuthzCases = {
  "dispatch.view": async (viewer, inside) => {
    const e = await makeEvent(inside, "DISPATCHED", { task: "PENDING" });
    return dispatch.getEvent(viewer, e.id);
  },
  "dispatch.report": async (viewer, inside) => {
    const input = { requestKey: key(), categoryId: await category(), urgency: "NORMAL" as const, title: "权限测试", description: "权限测试", lat: 30.005, lng: inside ? 100.035 : 100.135 };
    if (inside) return dispatch.reportEvent(viewer, input);
    // Outside the county the point itself is refused (a validation message, not a 404).
    try {
      await dispatch.reportEvent(viewer, input);
    } catch (err) {
      if ((err as { code?: string }).code === "VALIDATION") return NOT_APPLICABLE;
      throw err;
    }
    throw new Error("reported an event outside the county");
  },
  "dispatch.handleLocal": async (viewer, inside) => {
    const e = await makeEvent(inside, localState(viewer));
    return dispatch.closeLocally(viewer, { id: e.id, version: 1, reply: "已处理" });
  },
  "dispatch.center": async (viewer, inside) => {
    const e = await makeEvent(inside, "AT_CENTER");
    return dispatch.acceptEvent(viewer, { id: e.id, version: 1 });
  },
  "dispatch.task": async (viewer, inside) => {
    const e = await makeEvent(inside, "DISPATCHED", { task: "PENDING" });
    return dispatch.acceptTask(viewer, { taskId: e.taskId!, version: 1 });
  },
  "dispatch.feedback": async (viewer, inside) => {
    // The reporter may always give the feedback on their own report.
    const e = await makeEvent(inside, "FEEDBACK", { reporterId: viewer.id });
    return dispatch.closeEvent(viewer, { id: e.id, version: 1, rating: 5 });
  },
  "dispatch.urge": async (viewer, inside) => {
    const e = await makeEvent(inside, "REPORTED");
    return dispatch.urgeEvent(viewer, { id: e.id, requestKey: key(), comment: "催办" });
  },
  "dispatch.supervise": async (viewer, inside) => {
    const e = await makeEvent(inside, "REPORTED");
    return dispatch.superviseEvent(viewer, { id: e.id, requestKey: key(), grade: 2, comment: "督办" });
  },
  "dispatch.instruct": async (viewer, inside) => {
    const e = await makeEvent(inside, "REPORTED");
    return dispatch.instructEvent(viewer, { id: e.id, requestKey: key(), comment: "批示" });
  },
  "dispatch.note": async (viewer, inside) => {
    const e = await makeEvent(inside, "PROCESSING", { task: "IN_PROGRESS" });
    return dispatch.addNote(viewer, { id: e.id, requestKey: key(), comment: "备注" });
  },
  "dispatch.board": async (viewer, inside) => {
    const outside = await makeEvent(false, "AT_CENTER");
    const board = await dispatch.getBoard(viewer);
    if (inside) return board;
    if (board.columns.some((c) => c.items.some((i) => i.id === outside.id)) || board.open > 0) throw new Error("board leak");
    return NOT_APPLICABLE;
  },
  "dispatch.configure": async (viewer, inside) => {
    const saved = await dispatch.saveRule(viewer, { stage: "VERIFY", holder: null, categoryId: null, urgency: "URGENT", amount: 4, unit: "WORKHOUR", enabled: true });
    // The dictionary is the deployment's own: there is nothing outside to reach.
    return inside ? saved : NOT_APPLICABLE;
  },
  "notifications.view": async (viewer, inside) => {
    const other = viewer.id === fixture().users.gridB ? fixture().users.grid : fixture().users.gridB;
    await db.notification.create({ data: { userId: other, kind: "dispatch.assigned", href: "/dispatch/x", params: {} } });
    const count = await unreadCount(viewer);
    if (inside) return count;
    if (count !== 0) throw new Error("someone else's notification counted");
    return NOT_APPLICABLE;
  },
};
