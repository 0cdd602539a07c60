import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client.ts";
import { assertPointInGrid, gridInScope, namesOfUsers } from "@/lib/grid/registry";
import { insertSentiment } from "@/lib/grid/sentiments-data";
import { authorize, type Viewer } from "@/lib/server/auth";
import { db } from "@/lib/server/db";
import { AppError, notFound } from "@/lib/server/errors";
import { attachStaged, type StagedFile } from "@/lib/server/files";
import { inTerritory, unitsWithin } from "@/lib/server/scope";
import { getSetting, readSetting } from "@/lib/settings/store";
import { nextVisitDue, type VisitTierKey } from "@/lib/visit-schedule";
import { monthKeyCN, monthPeriodCN, type Period } from "./calendar";
import { dueBounds } from "./due";
import { completionRate, completionRateBy, type RateInput, type RateSummary } from "./rates";
import type { LogVisitInput } from "./schemas";

// Household visits (走访): the due list of a grid ("my visits"), logging a visit (with an
// optional follow-up sentiment entry and photos, all in one transaction), a household's
// visit history and completion rates.

/** Attachment.ownerType of visit photos. */
export const VISIT_PHOTO_OWNER = "visit";
/** Households listed under "later" on the due list. */
const LATER_SHOWN = 10;
/** Most households listed as overdue or due this week (a grid has a few hundred at most). */
const DUE_SHOWN = 500;

/** The grid a visits page is about: the one asked for, or the worker's own grid. */
export async function visitsGrid(viewer: Viewer, gridId: number | undefined) {
  await authorize(viewer, "grid.view");
  const id = gridId ?? (viewer.unitLevel === "GRID" ? viewer.unitId : undefined);
  if (id === undefined) return null;
  return gridInScope(db, viewer, id);
}

const HOUSEHOLD_CARD = {
  id: true,
  householdNo: true,
  visitTier: true,
  lastVisitAt: true,
  nextVisitDue: true,
  house: { select: { address: true } },
  members: {
    where: { deletedAt: null },
    orderBy: [{ relationToHead: "asc" as const }, { name: "asc" as const }],
    take: 8,
    select: { id: true, name: true, relationToHead: true },
  },
} satisfies Prisma.HouseholdSelect;

/**
 * "My visits": a grid's households that are overdue (longest first), then due this week,
 * then the next few. `now` is a parameter so that tests can pin the day.
 */
export async function dueList(viewer: Viewer, gridId: number, now = new Date()) {
  await authorize(viewer, "grid.view");
  const grid = await gridInScope(db, viewer, gridId);
  const { overdueBefore, thisWeekBefore } = dueBounds(now);
  const live = { gridId: grid.id, deletedAt: null, ...inTerritory(viewer) };
  const [due, later, laterCount] = await Promise.all([
    db.household.findMany({
      where: { ...live, nextVisitDue: { lt: thisWeekBefore } },
      orderBy: [{ nextVisitDue: "asc" }, { id: "asc" }],
      take: DUE_SHOWN,
      select: HOUSEHOLD_CARD,
    }),
    db.household.findMany({
      where: { ...live, nextVisitDue: { gte: thisWeekBefore } },
      orderBy: [{ nextVisitDue: "asc" }, { id: "asc" }],
      take: LATER_SHOWN,
      select: HOUSEHOLD_CARD,
    }),
    db.household.count({ where: { ...live, nextVisitDue: { gte: thisWeekBefore } } }),
  ]);
  return {
    grid: { id: grid.id, name: grid.name },
    overdue: due.filter((h) => h.nextVisitDue < overdueBefore),
    thisWeek: due.filter((h) => h.nextVisitDue >= overdueBefore),
    later,
    laterCount,
  };
}

/** Counts for the grid page: overdue and due this week. */
export async function dueCounts(viewer: Viewer, gridId: number, now = new Date()) {
  await authorize(viewer, "grid.view");
  const { overdueBefore, thisWeekBefore } = dueBounds(now);
  const live = { gridId, deletedAt: null, ...inTerritory(viewer) };
  const [overdue, thisWeek] = await Promise.all([
    db.household.count({ where: { ...live, nextVisitDue: { lt: overdueBefore } } }),
    db.household.count({ where: { ...live, nextVisitDue: { gte: overdueBefore, lt: thisWeekBefore } } }),
  ]);
  return { overdue, thisWeek };
}

/**
 * Logs one visit. In one transaction: the visit, the household's last and next due visit
 * (only when this visit is its latest), the follow-up sentiment entry when asked for, and
 * the photos. Anything refused leaves nothing behind.
 */
export async function logVisit(viewer: Viewer, input: LogVisitInput, photos: readonly StagedFile[] = []) {
  await authorize(viewer, "visits.log");
  if (input.needsFollowUp) await authorize(viewer, "sentiments.edit");
  return db.$transaction(async (tx) => {
    const household = await tx.household.findFirst({
      where: { id: input.householdId, deletedAt: null, ...inTerritory(viewer) },
      select: { id: true, gridId: true, visitTier: true, lastVisitAt: true, createdAt: true, version: true },
    });
    if (!household) throw new AppError("NOT_FOUND", { key: "gridHouseholdNotFound" });
    const grid = await gridInScope(tx, viewer, household.gridId);
    assertPointInGrid(grid, input.lat, input.lng);

    let sentimentId: string | null = null;
    if (input.needsFollowUp) {
      const entry = await insertSentiment(tx, viewer, {
        gridId: grid.id,
        kind: input.followUpKind ?? "REQUEST",
        content: input.followUpContent ?? "",
        residentId: input.followUpResidentId,
        placeId: null,
        recordedAt: input.visitedAt,
      });
      sentimentId = entry.id;
    }
    const visit = await tx.visit.create({
      data: {
        householdId: household.id,
        gridId: grid.id,
        visitorId: viewer.id,
        visitedAt: input.visitedAt,
        method: input.method,
        metNames: input.metNames,
        findings: input.findings,
        lat: input.lat ?? null,
        lng: input.lng ?? null,
        needsFollowUp: input.needsFollowUp,
        sentimentId,
      },
      select: { id: true },
    });

    // The schedule moves on only when this visit is the household's latest, and is computed
    // from the tier as it is at the write: the update is conditional on both, and re-read
    // and retried when another visit or an edit of the household got there first.
    let due: Date | null = null;
    let current = household;
    const intervals = await readSetting(tx, "visits.intervals");
    for (let attempt = 0; ; attempt++) {
      if (current.lastVisitAt && input.visitedAt <= current.lastVisitAt) break;
      due = nextVisitDue(current.visitTier as VisitTierKey, input.visitedAt, current.createdAt, intervals);
      const { count } = await tx.household.updateMany({
        where: { id: household.id, version: current.version, deletedAt: null, ...inTerritory(viewer) },
        data: { lastVisitAt: input.visitedAt, nextVisitDue: due, version: { increment: 1 } },
      });
      if (count === 1) break;
      due = null;
      const again = await tx.household.findFirst({
        where: { id: household.id, deletedAt: null, ...inTerritory(viewer) },
        select: { id: true, gridId: true, visitTier: true, lastVisitAt: true, createdAt: true, version: true },
      });
      if (!again || again.gridId !== household.gridId) throw new AppError("STALE");
      if (attempt >= 2) throw new AppError("STALE");
      current = again;
    }
    await attachStaged(tx, photos, { ownerType: VISIT_PHOTO_OWNER, ownerId: visit.id }, viewer.id);
    return { id: visit.id, householdId: household.id, nextVisitDue: due, sentimentId };
  });
}

/** A household's visits, newest first, with what the visit page shows about the household. */
export async function householdVisits(viewer: Viewer, householdId: string) {
  await authorize(viewer, "grid.view");
  const household = await db.household.findFirst({
    where: { id: householdId, deletedAt: null, ...inTerritory(viewer) },
    select: { ...HOUSEHOLD_CARD, createdAt: true, grid: { select: { id: true, name: true } } },
  });
  if (!household) throw notFound();
  const visits = await db.visit.findMany({
    where: { householdId, ...inTerritory(viewer) },
    orderBy: [{ visitedAt: "desc" }, { id: "desc" }],
    take: 100,
    select: {
      id: true,
      visitedAt: true,
      method: true,
      metNames: true,
      findings: true,
      lat: true,
      lng: true,
      needsFollowUp: true,
      sentimentId: true,
      visitorId: true,
    },
  });
  const [names, photos, total] = await Promise.all([
    namesOfUsers(visits.map((v) => v.visitorId)),
    db.attachment.findMany({
      where: { ownerType: VISIT_PHOTO_OWNER, ownerId: { in: visits.map((v) => v.id) } },
      orderBy: { createdAt: "asc" },
      select: { id: true, ownerId: true, fileName: true },
    }),
    db.visit.count({ where: { householdId, ...inTerritory(viewer) } }),
  ]);
  return {
    household,
    total,
    visits: visits.map(({ visitorId, ...v }) => ({
      ...v,
      visitorName: names.get(visitorId) ?? null,
      photos: photos.filter((p) => p.ownerId === v.id).map((p) => ({ id: p.id, fileName: p.fileName })),
    })),
  };
}

/** A visit photo the viewer may see: the attachment of a visit in their territory. */
export async function visitPhoto(viewer: Viewer, attachmentId: string) {
  await authorize(viewer, "grid.view");
  const att = await db.attachment.findFirst({
    where: { id: attachmentId, ownerType: VISIT_PHOTO_OWNER },
    select: { id: true, ownerId: true, fileName: true, mimeType: true, size: true, sha256: true },
  });
  if (!att) throw notFound();
  const visit = await db.visit.findFirst({ where: { id: att.ownerId, ...inTerritory(viewer) }, select: { id: true } });
  if (!visit) throw notFound();
  return att;
}

interface RateRow {
  householdId: string;
  gridId: number;
  tier: VisitTierKey;
  createdAt: Date;
  lastBefore: Date | null;
  firstIn: Date | null;
}

/** Longer than the longest visit period (a quarter): see rateRows. */
const WINDOW_DAYS = 100;

/**
 * What the rate needs of each household of the scope: the last visit before the period
 * and the first one in it. Only visits from WINDOW_DAYS before the period are read: a
 * household whose last visit is older than that was overdue when the period began
 * whatever that visit's date (every period is shorter than the window), and so is one
 * registered before the window and never visited; reading the window alone gives the same
 * outcomes (lib/visits/rates.ts) with one grouped pass over a few months of visits
 * instead of two index probes per household.
 */
async function rateRows(viewer: Viewer, period: Period, gridId?: number): Promise<RateRow[]> {
  const windowStart = new Date(period.start.getTime() - WINDOW_DAYS * 24 * 3600_000);
  return db.$queryRaw<RateRow[]>`
    WITH hh AS (
      SELECT h.id, h."gridId", h."visitTier"::text AS tier, h."createdAt"
      FROM "Household" h
      JOIN "Unit" u ON u.id = h."gridId"
      WHERE u."pathIds" @> ARRAY[${viewer.unitId}]::int[]
        AND h."deletedAt" IS NULL
        AND h."createdAt" < ${period.end}
        AND (${gridId ?? null}::int IS NULL OR h."gridId" = ${gridId ?? null}::int)
    ), seen AS (
      SELECT v."householdId",
        max(v."visitedAt") FILTER (WHERE v."visitedAt" < ${period.start}) AS "lastBefore",
        min(v."visitedAt") FILTER (WHERE v."visitedAt" >= ${period.start}) AS "firstIn"
      FROM "Visit" v
      WHERE v."householdId" IN (SELECT id FROM hh) AND v."visitedAt" >= ${windowStart} AND v."visitedAt" < ${period.end}
      GROUP BY v."householdId"
    )
    SELECT hh.id AS "householdId", hh."gridId", hh.tier, hh."createdAt", seen."lastBefore", seen."firstIn"
    FROM hh LEFT JOIN seen ON seen."householdId" = hh.id`;
}

function asInput(r: RateRow): RateInput {
  return { tier: r.tier, createdAt: r.createdAt, lastVisitBefore: r.lastBefore, firstVisitIn: r.firstIn };
}

export function resolveMonth(month: string | undefined, now = new Date()): { key: string; period: Period } {
  const key = month && monthPeriodCN(month) ? month : monthKeyCN(now);
  return { key, period: monthPeriodCN(key)! };
}

/** The completion rate of one grid for a month (see lib/visits/rates.ts for the definition). */
export async function gridCompletionRate(viewer: Viewer, gridId: number, month?: string, now = new Date()): Promise<RateSummary & { month: string }> {
  await authorize(viewer, "grid.view");
  const grid = await gridInScope(db, viewer, gridId);
  const { key, period } = resolveMonth(month, now);
  const rows = await rateRows(viewer, period, grid.id);
  return { ...completionRate(rows.map(asInput), period, now, await getSetting("visits.intervals")), month: key };
}

/**
 * Completion rates of a month for every grid in the viewer's territory (or one grid), and
 * for every grid worker of those grids, with the visits each worker made that month.
 */
export async function completionRates(viewer: Viewer, input: { month?: string; gridId?: number }, now = new Date()) {
  await authorize(viewer, "grid.view");
  if (input.gridId) await gridInScope(db, viewer, input.gridId);
  const { key, period } = resolveMonth(input.month, now);
  const gridScope = { ...unitsWithin(viewer), level: "GRID" as const, retiredAt: null, ...(input.gridId ? { id: input.gridId } : {}) };
  const [rows, grids, workers, visitsBy, intervals] = await Promise.all([
    rateRows(viewer, period, input.gridId),
    db.unit.findMany({ where: gridScope, orderBy: { code: "asc" }, take: 2000, select: { id: true, name: true } }),
    db.user.findMany({
      where: { role: "GRID_WORKER", enabled: true, unit: gridScope },
      orderBy: { displayName: "asc" },
      select: { id: true, displayName: true, unitId: true },
    }),
    db.visit.groupBy({
      by: ["visitorId"],
      where: { visitedAt: { gte: period.start, lt: period.end }, ...inTerritory(viewer), ...(input.gridId ? { gridId: input.gridId } : {}) },
      _count: { _all: true },
    }),
    getSetting("visits.intervals"),
  ]);
  const byGrid = completionRateBy(rows.map((r) => ({ ...asInput(r), key: r.gridId })), period, now, intervals);
  const total = completionRate(rows.map(asInput), period, now, intervals);
  const gridName = new Map(grids.map((g) => [g.id, g.name]));
  const visitCount = new Map(visitsBy.map((v) => [v.visitorId, v._count._all]));
  return {
    month: key,
    total,
    grids: grids.map((g) => ({ id: g.id, name: g.name, ...(byGrid.get(g.id) ?? completionRate([], period, now)) })),
    workers: workers.map((w) => ({
      id: w.id,
      name: w.displayName,
      gridId: w.unitId,
      gridName: gridName.get(w.unitId) ?? "",
      visits: visitCount.get(w.id) ?? 0,
      ...(byGrid.get(w.unitId) ?? completionRate([], period, now)),
    })),
  };
}
