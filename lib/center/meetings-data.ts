import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client.ts";
import { dispatchEvent } from "@/lib/dispatch/data";
import { eventScope } from "@/lib/dispatch/engine";
import { insertSentiment } from "@/lib/grid/sentiments-data";
import { authorize, type Viewer } from "@/lib/server/auth";
import { db } from "@/lib/server/db";
import { AppError, notFound } from "@/lib/server/errors";
import type { Tx } from "@/lib/server/prisma";
import { unitsWithin } from "@/lib/server/scope";
import { disputeNo } from "./disputes-data";
import type { DecisionInput, MeetingInput, OpenDayInput, ProblemInput } from "./schemas";
import { audit, centerScope, createLinkedEvent, gridInScope, notifyCenter, ownCenter, PAGE, staleOrMissing, TX, userNames } from "./shared";

/** "2026-03-05 14:30", China time: how a notification names the meeting's time. */
const localTime = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace("T", " ");

// Consultation and joint meetings (会商研判, 联席会议) and open days (群众恳谈日). A meeting
// invites departments and puts cases on the table; each decision becomes an assigned task
// with a deadline: a dispatch event, dispatched to the department when the center's staff
// record it. Each problem raised on an open day becomes a sentiment entry (grid module) or
// a dispatch event, so the day's outcome can be followed to the end.

// --- meetings --------------------------------------------------------------------------------

async function checkCases(viewer: Viewer, cases: MeetingInput["cases"]) {
  const ids = (kind: string) => [...new Set(cases.filter((c) => c.kind === kind).map((c) => c.targetId))];
  const [d, p, e] = await Promise.all([
    ids("DISPUTE").length ? db.dispute.count({ where: { id: { in: ids("DISPUTE") }, ...centerScope(viewer) } }) : 0,
    ids("PETITION").length ? db.petition.count({ where: { id: { in: ids("PETITION") }, ...centerScope(viewer) } }) : 0,
    ids("EVENT").length ? db.event.count({ where: { id: { in: ids("EVENT") }, ...eventScope(viewer) } }) : 0,
  ]);
  if (d !== ids("DISPUTE").length || p !== ids("PETITION").length || e !== ids("EVENT").length)
    throw new AppError("VALIDATION", { key: "centerCaseNotFound" }, { cases: "validation.centerCaseNotFound" });
  return [...new Map(cases.map((c) => [`${c.kind}:${c.targetId}`, c])).values()];
}

async function checkDepartments(client: Tx | typeof db, ids: number[]) {
  const unique = [...new Set(ids)];
  const found = unique.length ? await client.department.count({ where: { id: { in: unique }, enabled: true } }) : 0;
  if (found !== unique.length) throw new AppError("VALIDATION", { key: "centerDepartmentNotFound" }, { departmentIds: "validation.centerDepartmentNotFound" });
  return unique;
}

export async function createMeeting(viewer: Viewer, input: MeetingInput) {
  await authorize(viewer, "center.meetings.edit");
  const unitId = ownCenter(viewer);
  const existing = await db.centerMeeting.findUnique({ where: { createdById_requestKey: { createdById: viewer.id, requestKey: input.requestKey } }, select: { id: true } });
  if (existing) return { id: existing.id };
  const cases = await checkCases(viewer, input.cases);
  return db.$transaction(async (tx) => {
    const departments = await checkDepartments(tx, input.departmentIds);
    const m = await tx.centerMeeting.create({
      data: {
        unitId,
        kind: input.kind,
        title: input.title,
        scheduledAt: input.scheduledAt,
        place: input.place,
        agenda: input.agenda,
        createdById: viewer.id,
        requestKey: input.requestKey,
        invites: { create: departments.map((departmentId) => ({ departmentId })) },
        cases: { create: cases },
      },
      select: { id: true },
    });
    // The invitation reaches the invited departments' staff (their center page lists the meeting).
    await notifyCenter(tx, {
      kind: "meetingInvite",
      href: "/center",
      unitId,
      actorId: viewer.id,
      departmentIds: departments,
      params: { no: `${localTime(input.scheduledAt)} ${input.place}`, title: input.title, actor: viewer.displayName },
    });
    await audit(tx, viewer, "meeting.create", "meeting", m.id, { kind: input.kind, departments, cases: cases.length });
    return { id: m.id };
  }, TX);
}

export async function listMeetings(viewer: Viewer, page = 1) {
  await authorize(viewer, "center.records.view");
  const where = centerScope(viewer);
  const [rows, total] = await Promise.all([
    db.centerMeeting.findMany({
      where,
      orderBy: { scheduledAt: "desc" },
      skip: (page - 1) * PAGE,
      take: PAGE,
      select: { id: true, kind: true, title: true, scheduledAt: true, place: true, status: true, unit: { select: { name: true } }, _count: { select: { invites: true, cases: true, decisions: true } } },
    }),
    db.centerMeeting.count({ where }),
  ]);
  return { items: rows.map(({ _count, ...r }) => ({ ...r, ..._count })), total, pages: Math.max(1, Math.ceil(total / PAGE)) };
}

export async function getMeeting(viewer: Viewer, id: string) {
  await authorize(viewer, "center.records.view");
  const m = await db.centerMeeting.findFirst({
    where: { id, ...centerScope(viewer) },
    select: {
      id: true,
      version: true,
      kind: true,
      title: true,
      scheduledAt: true,
      place: true,
      agenda: true,
      status: true,
      minutes: true,
      createdById: true,
      unit: { select: { name: true } },
      invites: { select: { department: { select: { id: true, name: true } } } },
      cases: { select: { kind: true, targetId: true } },
      decisions: { orderBy: { position: "asc" }, select: { id: true, position: true, text: true, dueAt: true, eventId: true, department: { select: { id: true, name: true } } } },
    },
  });
  if (!m) throw notFound();
  const ids = (kind: string) => m.cases.filter((c) => c.kind === kind).map((c) => c.targetId);
  const eventIds = [...ids("EVENT"), ...m.decisions.map((d) => d.eventId).filter((x): x is string => !!x)];
  const [disputes, petitions, events, names] = await Promise.all([
    db.dispute.findMany({ where: { id: { in: ids("DISPUTE") }, ...centerScope(viewer) }, select: { id: true, no: true, title: true, status: true, risk: true, registeredAt: true } }),
    db.petition.findMany({ where: { id: { in: ids("PETITION") }, ...centerScope(viewer) }, select: { id: true, regNo: true, title: true, status: true } }),
    eventIds.length ? db.event.findMany({ where: { id: { in: eventIds }, ...eventScope(viewer) }, select: { id: true, no: true, title: true, state: true, dueAt: true } }) : [],
    userNames([m.createdById]),
  ]);
  const eventOf = new Map(events.map((e) => [e.id, e]));
  return {
    ...m,
    createdByName: names.get(m.createdById) ?? null,
    invites: m.invites.map((i) => i.department),
    disputes: disputes.map((d) => ({ ...d, code: disputeNo(d.no, d.registeredAt) })),
    petitions,
    events: ids("EVENT").map((e) => eventOf.get(e)).filter((e) => !!e),
    decisions: m.decisions.map((d) => ({ ...d, event: d.eventId ? (eventOf.get(d.eventId) ?? null) : null })),
    canEdit: viewer.permissions.includes("center.meetings.edit"),
  };
}
export type MeetingDetail = Awaited<ReturnType<typeof getMeeting>>;

async function meetingStep(viewer: Viewer, input: { id: string; version: number }, from: string[], data: Prisma.CenterMeetingUpdateManyMutationInput, action: string) {
  await authorize(viewer, "center.meetings.edit");
  return db.$transaction(async (tx) => {
    const m = await tx.centerMeeting.findFirst({ where: { id: input.id, ...centerScope(viewer) }, select: { id: true, version: true, status: true } });
    if (!m) throw notFound();
    if (!from.includes(m.status)) throw new AppError("CONFLICT", { key: "centerMeetingState" });
    const { count } = await tx.centerMeeting.updateMany({ where: { id: m.id, version: input.version, ...centerScope(viewer) }, data: { ...data, version: { increment: 1 } } });
    if (count === 0) staleOrMissing(true);
    await audit(tx, viewer, `meeting.${action}`, "meeting", m.id);
    return { id: m.id };
  }, TX);
}

/** Records the minutes: the meeting was held. */
export async function recordMinutes(viewer: Viewer, input: { id: string; version: number; minutes: string }) {
  return meetingStep(viewer, input, ["SCHEDULED", "HELD"], { minutes: input.minutes, status: "HELD" }, "minutes");
}

export async function cancelMeeting(viewer: Viewer, input: { id: string; version: number }) {
  return meetingStep(viewer, input, ["SCHEDULED"], { status: "CANCELLED" }, "cancel");
}

/**
 * A decision turned into an assigned task: the event and the decision commit together;
 * the center's staff then dispatch it to the department with the decision's deadline (a
 * second step of the dispatch workflow; if it cannot be taken, the event waits at the
 * center's dispatch desk and the answer says so).
 */
export async function addDecision(viewer: Viewer, input: DecisionInput) {
  await authorize(viewer, "center.meetings.edit");
  const m = await db.centerMeeting.findFirst({ where: { id: input.meetingId, ...centerScope(viewer) }, select: { id: true, title: true, status: true } });
  if (!m) throw notFound();
  if (m.status === "CANCELLED") throw new AppError("CONFLICT", { key: "centerMeetingState" });
  if (input.departmentId !== null) await checkDepartments(db, [input.departmentId]);
  let decisionId = "";
  const made = await createLinkedEvent(
    viewer,
    { ...input.event, requestKey: input.requestKey, title: input.text.slice(0, 100), description: `【${m.title}】${input.text}` },
    async (tx, eventId) => {
      const last = await tx.meetingDecision.findFirst({ where: { meetingId: m.id }, orderBy: { position: "desc" }, select: { position: true } });
      const d = await tx.meetingDecision.create({
        data: { meetingId: m.id, position: (last?.position ?? 0) + 1, text: input.text, departmentId: input.departmentId, dueAt: input.dueAt, eventId },
        select: { id: true },
      });
      decisionId = d.id;
      await audit(tx, viewer, "meeting.decision", "meeting", m.id, { decisionId: d.id, eventId, departmentId: input.departmentId, dueAt: input.dueAt.toISOString() });
    },
  );
  if (made.repeated) {
    const d = await db.meetingDecision.findFirst({ where: { meetingId: m.id, eventId: made.id }, select: { id: true } });
    if (!d) throw new AppError("CONFLICT", { key: "centerEventKeyUsed" });
    return { id: d.id, eventId: made.id, dispatched: null };
  }
  let dispatched: boolean | null = null;
  if (input.departmentId !== null && viewer.permissions.includes("dispatch.center")) {
    try {
      await dispatchEvent(viewer, { id: made.id, version: 1, leadDepartmentId: input.departmentId, dueAt: input.dueAt, comment: m.title });
      dispatched = true;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      dispatched = false;
    }
  }
  return { id: decisionId, eventId: made.id, dispatched };
}

/**
 * The meetings a department is invited to, for its staff (who do not read the centers'
 * records): the coming ones and those of the last week, without the cases on the table.
 */
export async function meetingInvitations(viewer: Viewer) {
  await authorize(viewer, "center.view");
  if (!viewer.departmentId) return [];
  return db.centerMeeting.findMany({
    where: { ...centerScope(viewer), invites: { some: { departmentId: viewer.departmentId } }, scheduledAt: { gte: new Date(Date.now() - 7 * 86_400_000) } },
    orderBy: { scheduledAt: "asc" },
    take: 50,
    select: { id: true, kind: true, title: true, scheduledAt: true, place: true, agenda: true, status: true, unit: { select: { name: true } } },
  });
}

// --- open days -------------------------------------------------------------------------------

export async function createOpenDay(viewer: Viewer, input: OpenDayInput) {
  await authorize(viewer, "center.opendays.edit");
  ownCenter(viewer);
  const existing = await db.openDay.findUnique({ where: { createdById_requestKey: { createdById: viewer.id, requestKey: input.requestKey } }, select: { id: true } });
  if (existing) return { id: existing.id };
  return db.$transaction(async (tx) => {
    const community = await tx.unit.findFirst({ where: { id: input.unitId, level: "VILLAGE", retiredAt: null, ...unitsWithin(viewer) }, select: { id: true } });
    if (!community) throw new AppError("VALIDATION", { key: "centerCommunityNotInScope" }, { unitId: "validation.centerCommunityNotInScope" });
    const d = await tx.openDay.create({
      data: { unitId: community.id, heldOn: input.heldOn, place: input.place, officials: input.officials, createdById: viewer.id, requestKey: input.requestKey },
      select: { id: true },
    });
    await audit(tx, viewer, "openday.create", "openday", d.id, { unitId: community.id });
    return { id: d.id };
  }, TX);
}

export async function listOpenDays(viewer: Viewer, page = 1) {
  await authorize(viewer, "center.records.view");
  const where = centerScope(viewer);
  const [rows, total] = await Promise.all([
    db.openDay.findMany({
      where,
      orderBy: { heldOn: "desc" },
      skip: (page - 1) * PAGE,
      take: PAGE,
      select: { id: true, heldOn: true, place: true, officials: true, residentsHeard: true, status: true, unit: { select: { name: true } }, _count: { select: { problems: true } } },
    }),
    db.openDay.count({ where }),
  ]);
  return { items: rows.map(({ _count, ...r }) => ({ ...r, problems: _count.problems })), total, pages: Math.max(1, Math.ceil(total / PAGE)) };
}

export async function getOpenDay(viewer: Viewer, id: string) {
  await authorize(viewer, "center.records.view");
  const d = await db.openDay.findFirst({
    where: { id, ...centerScope(viewer) },
    select: {
      id: true,
      version: true,
      unitId: true,
      heldOn: true,
      place: true,
      officials: true,
      residentsHeard: true,
      summary: true,
      status: true,
      unit: { select: { name: true } },
      problems: { orderBy: { position: "asc" }, select: { id: true, position: true, content: true, raisedBy: true, sentimentId: true, eventId: true } },
    },
  });
  if (!d) throw notFound();
  const sentimentIds = d.problems.map((p) => p.sentimentId).filter((x): x is string => !!x);
  const eventIds = d.problems.map((p) => p.eventId).filter((x): x is string => !!x);
  const [sentiments, events, grids] = await Promise.all([
    sentimentIds.length
      ? db.sentimentEntry.findMany({ where: { id: { in: sentimentIds }, grid: unitsWithin(viewer) }, select: { id: true, followUpStatus: true, eventId: true } })
      : [],
    eventIds.length ? db.event.findMany({ where: { id: { in: eventIds }, ...eventScope(viewer) }, select: { id: true, no: true, state: true } }) : [],
    db.unit.findMany({ where: { pathIds: { has: d.unitId }, level: "GRID", retiredAt: null, ...unitsWithin(viewer) }, select: { id: true, name: true }, orderBy: { code: "asc" } }),
  ]);
  const sOf = new Map(sentiments.map((s) => [s.id, s]));
  const eOf = new Map(events.map((e) => [e.id, e]));
  const problems = d.problems.map((p) => {
    const s = p.sentimentId ? sOf.get(p.sentimentId) : undefined;
    const e = p.eventId ? eOf.get(p.eventId) : undefined;
    const done = s ? s.followUpStatus === "RESOLVED" : e ? ["CLOSED", "REJECTED", "MERGED"].includes(e.state) : false;
    return { ...p, sentiment: s ?? null, event: e ?? null, done };
  });
  return { ...d, problems, grids, settled: problems.filter((p) => p.done).length, canEdit: viewer.permissions.includes("center.opendays.edit") };
}
export type OpenDayDetail = Awaited<ReturnType<typeof getOpenDay>>;

export async function markOpenDayHeld(viewer: Viewer, input: { id: string; version: number; residentsHeard: number; summary: string | null }) {
  await authorize(viewer, "center.opendays.edit");
  return db.$transaction(async (tx) => {
    const { count } = await tx.openDay.updateMany({
      where: { id: input.id, version: input.version, ...centerScope(viewer) },
      data: { residentsHeard: input.residentsHeard, summary: input.summary, status: "HELD", version: { increment: 1 } },
    });
    if (count === 0) staleOrMissing((await tx.openDay.count({ where: { id: input.id, ...centerScope(viewer) } })) > 0);
    await audit(tx, viewer, "openday.held", "openday", input.id, { residentsHeard: input.residentsHeard });
    return { id: input.id };
  }, TX);
}

/** One problem raised: a sentiment entry (written by the grid module's own function) or an event, with its record, in one transaction. */
export async function addProblem(viewer: Viewer, input: ProblemInput) {
  await authorize(viewer, "center.opendays.edit");
  const day = await db.openDay.findFirst({ where: { id: input.openDayId, ...centerScope(viewer) }, select: { id: true, unitId: true, heldOn: true, place: true } });
  if (!day) throw notFound();
  const grid = await gridInScope(db, viewer, input.gridId);
  if (!grid.pathIds.includes(day.unitId)) throw new AppError("VALIDATION", { key: "centerGridNotInCommunity" }, { gridId: "validation.centerGridNotInCommunity" });
  const write = async (tx: Tx, link: { sentimentId?: string; eventId?: string }) => {
    const last = await tx.openDayProblem.findFirst({ where: { openDayId: day.id }, orderBy: { position: "desc" }, select: { position: true } });
    const p = await tx.openDayProblem.create({
      data: { openDayId: day.id, position: (last?.position ?? 0) + 1, content: input.content, raisedBy: input.raisedBy, sentimentId: link.sentimentId ?? null, eventId: link.eventId ?? null },
      select: { id: true },
    });
    await audit(tx, viewer, "openday.problem", "openday", day.id, { problemId: p.id, ...link });
    return p.id;
  };
  if (input.record === "SENTIMENT") {
    await authorize(viewer, "sentiments.edit");
    return db.$transaction(async (tx) => {
      const recordedAt = day.heldOn.getTime() <= Date.now() ? day.heldOn : new Date();
      const s = await insertSentiment(tx, viewer, { gridId: grid.id, kind: input.sentimentKind!, content: `【群众恳谈日】${input.content}`, residentId: input.residentId, placeId: null, recordedAt });
      return { id: await write(tx, { sentimentId: s.id }), sentimentId: s.id as string | null, eventId: null as string | null };
    }, TX);
  }
  let id = "";
  const made = await createLinkedEvent(
    viewer,
    { categoryId: input.event!.categoryId, urgency: input.event!.urgency, gridId: grid.id, requestKey: input.requestKey, title: input.event!.title, description: `【群众恳谈日 ${day.place}】${input.content}`, contactName: input.raisedBy },
    async (tx, eventId) => {
      id = await write(tx, { eventId });
    },
  );
  if (made.repeated && !id) {
    const p = await db.openDayProblem.findFirst({ where: { openDayId: day.id, eventId: made.id }, select: { id: true } });
    if (!p) throw new AppError("CONFLICT", { key: "centerEventKeyUsed" });
    id = p.id;
  }
  return { id, sentimentId: null, eventId: made.id as string | null };
}

/** Communities in the viewer's territory, for scheduling an open day. */
export async function communityOptions(viewer: Viewer) {
  await authorize(viewer, "center.records.view");
  return db.unit.findMany({ where: { ...unitsWithin(viewer), level: "VILLAGE", retiredAt: null }, select: { id: true, name: true }, orderBy: { code: "asc" }, take: 500 });
}

/** Open cases a meeting may put on the table: disputes (highest risk first), petitions, events. */
export async function meetingCaseOptions(viewer: Viewer) {
  await authorize(viewer, "center.records.view");
  const [disputes, petitions, events] = await Promise.all([
    db.dispute.findMany({ where: { ...centerScope(viewer), status: { in: ["REGISTERED", "MEDIATING", "AGREED"] } }, orderBy: [{ risk: "asc" }, { registeredAt: "desc" }], take: 60, select: { id: true, no: true, title: true, registeredAt: true } }),
    db.petition.findMany({ where: { ...centerScope(viewer), status: { in: ["REGISTERED", "ACCEPTED", "HANDLING", "REPLIED", "REVIEW"] } }, orderBy: { registeredAt: "desc" }, take: 40, select: { id: true, regNo: true, title: true } }),
    db.event.findMany({ where: { ...eventScope(viewer), isOpen: true }, orderBy: { no: "desc" }, take: 30, select: { id: true, no: true, title: true } }),
  ]);
  return [
    ...disputes.map((d) => ({ kind: "DISPUTE" as const, id: d.id, label: `${disputeNo(d.no, d.registeredAt)} ${d.title}` })),
    ...petitions.map((p) => ({ kind: "PETITION" as const, id: p.id, label: `${p.regNo} ${p.title}` })),
    ...events.map((e) => ({ kind: "EVENT" as const, id: e.id, label: `#${e.no} ${e.title}` })),
  ];
}
