import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client.ts";
import { authorize, type Viewer } from "@/lib/server/auth";
import { db } from "@/lib/server/db";
import { AppError, notFound } from "@/lib/server/errors";
import type { Tx } from "@/lib/server/prisma";
import { unitsWithin } from "@/lib/server/scope";
import { dueAfter, dueState, localDayRange } from "./deadlines";
import { disputeNo } from "./disputes-data";
import { meetingInvitations } from "./meetings-data";
import { CENTER_LEVELS, OPEN_DISPUTE, RISKS, type StationMode } from "./permissions";
import type { AnswerWhistleInput, PostInput, SettingsInput, WhistleInput } from "./schemas";
import { audit, calendar, centerScope, countyOf, deadlinesOf, notifyCenter, TX } from "./shared";

// The center itself: the departments stationed at each center and how (常设常驻, 派驻轮驻,
// 随叫随驻), "blowing the whistle" to summon one of them to a case, the center page, and
// the county's deadline settings. A department counts as stationed at a center when the
// administrators put it there (DepartmentStation; permanent unless the center says
// otherwise) or the center lists it itself (CenterPost).

const DAY = 86_400_000;

// --- centers and their departments ---------------------------------------------------------

/** The centers in the viewer's territory: their own unit's and every township's and community's below it. */
export async function centerOptions(viewer: Viewer) {
  await authorize(viewer, "center.view");
  return db.unit.findMany({
    where: { ...unitsWithin(viewer), level: { in: [...CENTER_LEVELS] as ("COUNTY" | "TOWNSHIP" | "VILLAGE")[] }, retiredAt: null },
    select: { id: true, name: true, level: true, depth: true },
    orderBy: [{ depth: "asc" }, { code: "asc" }],
    take: 1000,
  });
}

export interface StationRow {
  departmentId: number;
  name: string;
  mode: StationMode;
  note: string | null;
  /** Set by the administrators (DepartmentStation): removable there only. */
  fromAdmin: boolean;
}

/** The departments at a center and how they are there. */
export async function stationsOf(client: Tx | typeof db, unitId: number): Promise<StationRow[]> {
  const [admin, posts] = await Promise.all([
    client.departmentStation.findMany({ where: { unitId, department: { enabled: true } }, select: { departmentId: true, department: { select: { name: true, sortOrder: true } } } }),
    client.centerPost.findMany({ where: { unitId, department: { enabled: true } }, select: { departmentId: true, mode: true, note: true, department: { select: { name: true, sortOrder: true } } } }),
  ]);
  const rows = new Map<number, StationRow & { sort: number }>();
  for (const a of admin) rows.set(a.departmentId, { departmentId: a.departmentId, name: a.department.name, mode: "PERMANENT", note: null, fromAdmin: true, sort: a.department.sortOrder });
  for (const p of posts) {
    const before = rows.get(p.departmentId);
    rows.set(p.departmentId, { departmentId: p.departmentId, name: p.department.name, mode: p.mode, note: p.note, fromAdmin: !!before, sort: p.department.sortOrder });
  }
  const order: Record<StationMode, number> = { PERMANENT: 0, ROTATING: 1, ON_CALL: 2 };
  return [...rows.values()].sort((a, b) => order[a.mode] - order[b.mode] || a.sort - b.sort).map(({ sort: _sort, ...r }) => r);
}

async function centerInScope(client: Tx | typeof db, viewer: Viewer, unitId: number) {
  const unit = await client.unit.findFirst({
    where: { id: unitId, ...unitsWithin(viewer), level: { in: [...CENTER_LEVELS] as ("COUNTY" | "TOWNSHIP" | "VILLAGE")[] }, retiredAt: null },
    select: { id: true, name: true, level: true, pathIds: true },
  });
  if (!unit) throw notFound();
  return unit;
}

export async function setPost(viewer: Viewer, input: PostInput) {
  await authorize(viewer, "center.stations.edit");
  return db.$transaction(async (tx) => {
    const unit = await centerInScope(tx, viewer, input.unitId);
    const dept = await tx.department.findFirst({ where: { id: input.departmentId, enabled: true }, select: { id: true } });
    if (!dept) throw new AppError("VALIDATION", { key: "centerDepartmentNotFound" }, { departmentId: "validation.centerDepartmentNotFound" });
    const before = await tx.centerPost.findUnique({ where: { unitId_departmentId: { unitId: unit.id, departmentId: dept.id } }, select: { mode: true, note: true } });
    if (input.mode === null) {
      const fromAdmin = await tx.departmentStation.count({ where: { unitId: unit.id, departmentId: dept.id } });
      if (fromAdmin) throw new AppError("CONFLICT", { key: "centerPostFromAdmin" });
      await tx.centerPost.deleteMany({ where: { unitId: unit.id, departmentId: dept.id } });
    } else {
      await tx.centerPost.upsert({
        where: { unitId_departmentId: { unitId: unit.id, departmentId: dept.id } },
        create: { unitId: unit.id, departmentId: dept.id, mode: input.mode, note: input.note },
        update: { mode: input.mode, note: input.note },
      });
    }
    await audit(tx, viewer, "post.set", "unit", unit.id, { departmentId: dept.id, mode: [before?.mode ?? null, input.mode], note: [before?.note ?? null, input.note] });
    return { unitId: unit.id, departmentId: dept.id };
  }, TX);
}

// --- whistles -------------------------------------------------------------------------------

/** Summons a department to a case: it must be stationed at the case's center, permanently, by rotation or on call. */
export async function blowWhistle(viewer: Viewer, input: WhistleInput) {
  await authorize(viewer, "center.whistle");
  const existing = await db.centerWhistle.findUnique({ where: { blownById_requestKey: { blownById: viewer.id, requestKey: input.requestKey } }, select: { id: true } });
  if (existing) return { id: existing.id };
  const settings = await deadlinesOf(db, countyOf(viewer));
  const cal = await calendar();
  return db.$transaction(async (tx) => {
    const c =
      input.caseKind === "DISPUTE"
        ? await tx.dispute.findFirst({ where: { id: input.caseId, ...centerScope(viewer) }, select: { unitId: true, no: true, title: true, registeredAt: true } }).then((d) => d && { unitId: d.unitId, label: `${disputeNo(d.no, d.registeredAt)} ${d.title}` })
        : await tx.petition.findFirst({ where: { id: input.caseId, ...centerScope(viewer) }, select: { unitId: true, regNo: true, title: true } }).then((p) => p && { unitId: p.unitId, label: `${p.regNo} ${p.title}` });
    if (!c) throw notFound();
    const stations = await stationsOf(tx, c.unitId);
    const station = stations.find((s) => s.departmentId === input.departmentId);
    if (!station) {
      const dept = await tx.department.findUnique({ where: { id: input.departmentId }, select: { name: true } });
      throw new AppError("VALIDATION", { key: "centerWhistleNotStationed", values: { department: dept?.name ?? String(input.departmentId) } }, { departmentId: "validation.centerWhistleNotStationed" });
    }
    const now = new Date();
    const reportDueAt = dueAfter(now, { amount: settings.whistleAmount, unit: settings.whistleUnit }, cal);
    const w = await tx.centerWhistle.create({
      data: {
        unitId: c.unitId,
        departmentId: station.departmentId,
        caseKind: input.caseKind,
        caseId: input.caseId,
        caseLabel: c.label.slice(0, 200),
        reason: input.reason,
        blownAt: now,
        blownById: viewer.id,
        reportDueAt,
        requestKey: input.requestKey,
      },
      select: { id: true },
    });
    await notifyCenter(tx, {
      kind: "whistle",
      href: `/center/whistles/${w.id}`,
      unitId: c.unitId,
      actorId: viewer.id,
      departmentId: station.departmentId,
      params: { no: station.name, title: c.label.slice(0, 100), actor: viewer.displayName, comment: input.reason.slice(0, 200) },
    });
    await audit(tx, viewer, "whistle.blow", "whistle", w.id, { departmentId: station.departmentId, mode: station.mode, caseKind: input.caseKind, caseId: input.caseId, reportDueAt: reportDueAt.toISOString() });
    return { id: w.id, reportDueAt };
  }, TX);
}

/** Whistles the viewer may see: a desk sees its centers', department staff their own department's. */
function whistleScope(viewer: Viewer): Prisma.CenterWhistleWhereInput {
  if (viewer.role === "DEPARTMENT_STAFF") return { ...centerScope(viewer), departmentId: viewer.departmentId ?? -1 };
  return centerScope(viewer);
}

const WHISTLE = {
  id: true,
  version: true,
  unitId: true,
  unit: { select: { name: true } },
  department: { select: { id: true, name: true } },
  caseKind: true,
  caseId: true,
  caseLabel: true,
  reason: true,
  blownAt: true,
  blownById: true,
  reportDueAt: true,
  status: true,
  reportedAt: true,
  reportNote: true,
} satisfies Prisma.CenterWhistleSelect;

function presentWhistle<T extends { status: string; reportDueAt: Date; reportedAt: Date | null }>(w: T, now: Date) {
  return { ...w, late: w.reportedAt ? w.reportedAt > w.reportDueAt : now > w.reportDueAt };
}

export async function listWhistles(viewer: Viewer, open = false) {
  await authorize(viewer, "center.view");
  const now = new Date();
  const rows = await db.centerWhistle.findMany({
    where: { ...whistleScope(viewer), ...(open ? { status: "SUMMONED" } : {}) },
    orderBy: [{ status: "asc" }, { blownAt: "desc" }],
    take: 200,
    select: WHISTLE,
  });
  return rows.map((w) => presentWhistle(w, now));
}

export async function getWhistle(viewer: Viewer, id: string) {
  await authorize(viewer, "center.view");
  const w = await db.centerWhistle.findFirst({ where: { id, ...whistleScope(viewer) }, select: WHISTLE });
  if (!w) throw notFound();
  const canAnswer = viewer.permissions.includes("center.whistle.answer") && w.department.id === viewer.departmentId && w.status === "SUMMONED";
  const caseHref = viewer.permissions.includes("center.records.view") ? `/center/${w.caseKind === "DISPUTE" ? "disputes" : "petitions"}/${w.caseId}` : null;
  return { ...presentWhistle(w, new Date()), canAnswer, caseHref };
}

/** The summoned department reports (报到): its own staff only, once. */
export async function answerWhistle(viewer: Viewer, input: AnswerWhistleInput) {
  await authorize(viewer, "center.whistle.answer");
  return db.$transaction(async (tx) => {
    const scope = whistleScope(viewer);
    const w = await tx.centerWhistle.findFirst({ where: { id: input.id, ...scope }, select: { id: true, status: true, unitId: true, blownById: true, caseLabel: true, department: { select: { name: true } } } });
    if (!w) throw notFound();
    if (w.status !== "SUMMONED") throw new AppError("CONFLICT", { key: "centerWhistleAnswered" });
    const now = new Date();
    const { count } = await tx.centerWhistle.updateMany({
      where: { id: w.id, version: input.version, status: "SUMMONED", ...scope },
      data: { status: "REPORTED", reportedAt: now, reportedById: viewer.id, reportNote: input.note, version: { increment: 1 } },
    });
    if (count === 0) throw new AppError("STALE");
    await notifyCenter(tx, {
      kind: "whistleReported",
      href: `/center/whistles/${w.id}`,
      unitId: w.unitId,
      actorId: viewer.id,
      userIds: [w.blownById],
      params: { no: w.department.name, title: w.caseLabel.slice(0, 100), actor: viewer.displayName },
    });
    await audit(tx, viewer, "whistle.answer", "whistle", w.id);
    return { id: w.id };
  }, TX);
}

// --- the center page ------------------------------------------------------------------------

/**
 * A center at a glance: its departments, today's intake, open disputes by risk, petitions
 * near their deadlines and summoned departments that have not reported — of the center and
 * the centers below it. Department staff get the whistles to their department instead.
 */
export async function getCenterPage(viewer: Viewer, unitId?: number) {
  await authorize(viewer, "center.view");
  const now = new Date();
  if (!viewer.permissions.includes("center.records.view")) return { kind: "department" as const, whistles: await listWhistles(viewer), meetings: await meetingInvitations(viewer) };
  const options = await centerOptions(viewer);
  if (!options.length) throw notFound();
  const center = unitId ? await centerInScope(db, viewer, unitId) : await centerInScope(db, viewer, options[0].id);
  const scope = { unit: { pathIds: { has: center.id } } };
  const settings = await deadlinesOf(db, countyOf(viewer));
  const { from, to } = localDayRange(now);
  const near = new Date(now.getTime() + settings.nearDays * DAY);
  const [stations, intake, intakeCount, disputes, byRisk, petitions, whistles] = await Promise.all([
    stationsOf(db, center.id),
    db.centerIntake.findMany({
      where: { ...scope, receivedAt: { gte: from, lt: to } },
      orderBy: { receivedAt: "desc" },
      take: 15,
      select: { id: true, receivedAt: true, channel: true, matterType: true, topic: true, handling: true, repeatCount: true, content: true, visitor: { select: { id: true, name: true } }, unit: { select: { name: true } } },
    }),
    db.centerIntake.count({ where: { ...scope, receivedAt: { gte: from, lt: to } } }),
    db.dispute.findMany({
      where: { ...scope, status: { in: [...OPEN_DISPUTE] }, risk: { in: ["RED", "ORANGE"] } },
      orderBy: [{ risk: "asc" }, { registeredAt: "desc" }],
      take: 10,
      select: { id: true, no: true, title: true, risk: true, status: true, registeredAt: true, unit: { select: { name: true } } },
    }),
    db.dispute.groupBy({ by: ["risk"], where: { ...scope, status: { in: [...OPEN_DISPUTE] } }, _count: { _all: true } }),
    db.petition.findMany({
      where: {
        ...scope,
        OR: [
          { status: "REGISTERED", acceptDueAt: { lte: near } },
          { status: { in: ["ACCEPTED", "HANDLING"] }, handleDueAt: { lte: near } },
        ],
      },
      orderBy: { registeredAt: "asc" },
      take: 15,
      select: { id: true, regNo: true, title: true, status: true, acceptDueAt: true, handleDueAt: true, isJoint: true, isRepeat: true },
    }),
    db.centerWhistle.findMany({ where: { ...scope, status: "SUMMONED" }, orderBy: { reportDueAt: "asc" }, take: 20, select: WHISTLE }),
  ]);
  return {
    kind: "center" as const,
    center: { id: center.id, name: center.name, level: center.level },
    options,
    stations,
    intake: { count: intakeCount, items: intake.map((i) => ({ ...i, content: i.content.slice(0, 80) })) },
    disputes: disputes.map((d) => ({ ...d, code: disputeNo(d.no, d.registeredAt) })),
    openByRisk: Object.fromEntries(RISKS.map((r) => [r, byRisk.find((b) => b.risk === r)?._count._all ?? 0])) as Record<(typeof RISKS)[number], number>,
    petitions: petitions.map((p) => {
      const due = p.status === "REGISTERED" ? p.acceptDueAt : p.handleDueAt;
      return { ...p, due, dueState: dueState(now, due, settings.nearDays) };
    }),
    whistles: whistles.map((w) => presentWhistle(w, now)),
    canEditStations: viewer.permissions.includes("center.stations.edit"),
  };
}

/** Departments, for pickers (enabled only). */
export async function departmentOptions(viewer: Viewer) {
  await authorize(viewer, "center.view");
  return db.department.findMany({ where: { enabled: true }, select: { id: true, name: true }, orderBy: [{ sortOrder: "asc" }, { id: "asc" }] });
}

// --- settings -------------------------------------------------------------------------------

export async function getCenterSettings(viewer: Viewer) {
  await authorize(viewer, "center.records.view");
  return deadlinesOf(db, countyOf(viewer));
}

/** A county's deadlines: set at the county only (the Regulations apply county-wide). */
export async function saveCenterSettings(viewer: Viewer, input: SettingsInput) {
  await authorize(viewer, "center.configure");
  if (viewer.unitLevel !== "COUNTY") throw new AppError("FORBIDDEN", { key: "centerSettingsCounty" });
  const countyId = countyOf(viewer);
  const { version, ...values } = input;
  return db.$transaction(async (tx) => {
    const before = await tx.centerSettings.findUnique({ where: { countyId }, select: { version: true } });
    if ((before?.version ?? 0) !== version) throw new AppError("STALE");
    const { version: _v, ...old } = await deadlinesOf(tx, countyId);
    if (!before) await tx.centerSettings.create({ data: { countyId, ...values } });
    else {
      const { count } = await tx.centerSettings.updateMany({ where: { countyId, version }, data: { ...values, version: { increment: 1 } } });
      if (count === 0) throw new AppError("STALE");
    }
    await audit(tx, viewer, "settings.save", "unit", countyId, { before: old, after: values } as Prisma.InputJsonValue);
    return { version: version + 1 };
  }, TX);
}

// --- what the forms choose from ------------------------------------------------------------

/** Dispatch categories (leaf level, grouped), the grids of the viewer's territory and the departments. */
export async function formOptions(viewer: Viewer) {
  await authorize(viewer, "center.records.view");
  const { dispatchConfig } = await import("@/lib/dispatch/config");
  const config = await dispatchConfig();
  const all = [...config.categories.values()].filter((c) => c.enabled);
  const [grids, departments] = await Promise.all([
    db.unit.findMany({
      where: { ...unitsWithin(viewer), level: "GRID", retiredAt: null },
      select: { id: true, name: true },
      orderBy: { code: "asc" },
      take: 3000,
    }),
    db.department.findMany({ where: { enabled: true }, select: { id: true, name: true }, orderBy: [{ sortOrder: "asc" }, { id: "asc" }] }),
  ]);
  return {
    categories: all
      .filter((c) => c.parentId === null)
      .map((top) => ({ id: top.id, name: top.name, nameEn: top.nameEn, children: all.filter((c) => c.parentId === top.id).map((c) => ({ id: c.id, name: c.name, nameEn: c.nameEn })) }))
      .filter((g) => g.children.length > 0),
    // Grid names carry their community's short name already ("南街社区第1网格").
    grids,
    departments,
  };
}
export type FormOptions = Awaited<ReturnType<typeof formOptions>>;

/** The departments a case's center may summon (stationed there in any way). */
export async function whistleTargets(viewer: Viewer, unitId: number) {
  await authorize(viewer, "center.records.view");
  await centerInScope(db, viewer, unitId);
  return stationsOf(db, unitId);
}
