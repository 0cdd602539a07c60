import "server-only";
import { Prisma } from "@/lib/generated/prisma/client.ts";
import { db } from "@/lib/server/db";
import type { Db } from "@/lib/server/prisma";
import { readSetting } from "@/lib/settings/store";
import type { VisitTierKey } from "@/lib/visit-schedule";
import { monthPeriodCN } from "@/lib/visits/calendar";
import { completionRateBy, emptySummary, type RateSummary } from "@/lib/visits/rates";

// Per-grid snapshots of the figures too costly to count live at county scale: population
// and key-group residents (a million residents), and the visit completion rate of a month
// (lib/visits/rates.ts needs the last visit before the month and the first in it for every
// household: two index probes each, seconds for a county of 400,000 households).
//
// Reading never waits for a county's worth of work: rows older than their time to live are
// served as they are while one refresh per process runs in the background, and the page
// says when they were computed. Only rows that were never computed are computed in the
// request, and only for scopes of up to SYNC_GRIDS grids; a larger first view shows "being
// computed" once. The snapshots are derived data: deleting them loses nothing.

export const STAT_TTL_MS = 30 * 60_000;
/** The current month's visit rate moves with every visit logged. */
export const VISIT_TTL_MS = 10 * 60_000;
/** Past months change only by late paperwork (visits may be back-dated up to 90 days). */
export const PAST_VISIT_TTL_MS = 24 * 3600_000;
export const SYNC_GRIDS = 500;
const CHUNK = 200;

const utc = (d: Date) => Prisma.sql`(${d.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
const running = new Map<string, Promise<void>>();

function chunks<T>(xs: T[], n = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/** Recomputes the population snapshot of these grids. */
export async function refreshGridStats(client: Db, gridIds: number[], now = new Date()): Promise<void> {
  for (const ids of chunks(gridIds)) {
    await client.$executeRaw`
      INSERT INTO "DashboardGridStat" ("gridId", "residents", "keyResidents", "households", "computedAt")
      SELECT g.id, coalesce(r.n, 0), coalesce(k.n, 0), coalesce(h.n, 0), ${utc(now)}
      FROM unnest(${ids}::int[]) AS g(id)
      LEFT JOIN (SELECT "gridId", count(*)::int AS n FROM "Resident" WHERE "deletedAt" IS NULL AND "gridId" = ANY(${ids}::int[]) GROUP BY 1) r ON r."gridId" = g.id
      LEFT JOIN (
        SELECT r."gridId", count(DISTINCT r.id)::int AS n FROM "Resident" r
        JOIN "ResidentTag" rt ON rt."residentId" = r.id JOIN "KeyGroupTag" t ON t.id = rt."tagId" AND t.enabled
        WHERE r."deletedAt" IS NULL AND r."gridId" = ANY(${ids}::int[]) GROUP BY 1) k ON k."gridId" = g.id
      LEFT JOIN (SELECT "gridId", count(*)::int AS n FROM "Household" WHERE "deletedAt" IS NULL AND "gridId" = ANY(${ids}::int[]) GROUP BY 1) h ON h."gridId" = g.id
      ON CONFLICT ("gridId") DO UPDATE SET "residents" = EXCLUDED."residents", "keyResidents" = EXCLUDED."keyResidents",
        "households" = EXCLUDED."households", "computedAt" = EXCLUDED."computedAt"`;
  }
}

interface RateRow {
  gridId: number;
  tier: VisitTierKey;
  createdAt: Date;
  lastBefore: Date | null;
  firstIn: Date | null;
}

/**
 * Recomputes the visit summary of one month for these grids, with the visits module's own
 * definition (lib/visits/rates.ts `completionRateBy`); the query gathers the same facts per
 * household as lib/visits/data.ts does for its rates page.
 */
export async function refreshVisitMonth(client: Db, gridIds: number[], month: string, now = new Date()): Promise<void> {
  const period = monthPeriodCN(month);
  if (!period) return;
  const intervals = await readSetting(client, "visits.intervals");
  for (const ids of chunks(gridIds)) {
    const rows = await client.$queryRaw<RateRow[]>`
      SELECT h."gridId", h."visitTier"::text AS tier, h."createdAt",
        (SELECT max(v."visitedAt") FROM "Visit" v WHERE v."householdId" = h.id AND v."visitedAt" < ${utc(period.start)}) AS "lastBefore",
        (SELECT min(v."visitedAt") FROM "Visit" v WHERE v."householdId" = h.id AND v."visitedAt" >= ${utc(period.start)} AND v."visitedAt" < ${utc(period.end)}) AS "firstIn"
      FROM "Household" h
      WHERE h."gridId" = ANY(${ids}::int[]) AND h."deletedAt" IS NULL AND h."createdAt" < ${utc(period.end)}`;
    const byGrid = completionRateBy(
      rows.map((r) => ({ key: r.gridId, tier: r.tier, createdAt: r.createdAt, lastVisitBefore: r.lastBefore, firstVisitIn: r.firstIn })),
      period,
      now,
      intervals,
    );
    const summaries = ids.map((id) => byGrid.get(id) ?? emptySummary());
    await client.$executeRaw`
      INSERT INTO "DashboardVisitMonth" ("gridId", "month", "due", "onTime", "late", "pending", "computedAt")
      SELECT x.id, ${month}, x.due, x.on_time, x.late, x.pending, ${utc(now)}
      FROM unnest(${ids}::int[], ${summaries.map((s) => s.due)}::int[], ${summaries.map((s) => s.onTime)}::int[],
                  ${summaries.map((s) => s.late)}::int[], ${summaries.map((s) => s.pending)}::int[]) AS x(id, due, on_time, late, pending)
      ON CONFLICT ("gridId", "month") DO UPDATE SET "due" = EXCLUDED."due", "onTime" = EXCLUDED."onTime", "late" = EXCLUDED."late",
        "pending" = EXCLUDED."pending", "computedAt" = EXCLUDED."computedAt"`;
  }
}

/** Runs a refresh once per process at a time; callers that come while it runs share it. */
function once(key: string, work: () => Promise<void>): Promise<void> {
  let p = running.get(key);
  if (!p) {
    p = work().finally(() => running.delete(key));
    running.set(key, p);
  }
  return p;
}

function background(key: string, work: () => Promise<void>): void {
  once(key, work).catch((err) => console.error(`[dashboard] refreshing ${key} failed:`, (err as Error).message));
}

export interface Freshness {
  /** The oldest computation time among the rows used; null when nothing was computed yet. */
  asOf: Date | null;
  /** False while some grids have never been computed (a background refresh is running). */
  complete: boolean;
}

function freshness(computed: (Date | undefined)[]): Freshness {
  let asOf: Date | null = null;
  let complete = true;
  for (const c of computed) {
    if (!c) complete = false;
    else if (!asOf || c < asOf) asOf = c;
  }
  return { asOf, complete };
}

export interface GridStat {
  residents: number;
  keyResidents: number;
  households: number;
}

/** The population snapshot of these grids, refreshed as the rules above say. */
export async function gridStats(gridIds: number[], now = new Date()): Promise<{ byGrid: Map<number, GridStat>; freshness: Freshness }> {
  const read = () =>
    db.dashboardGridStat.findMany({
      where: { gridId: { in: gridIds } },
      select: { gridId: true, residents: true, keyResidents: true, households: true, computedAt: true },
    });
  let rows = await read();
  const have = new Map(rows.map((r) => [r.gridId, r]));
  const missing = gridIds.filter((id) => !have.has(id));
  const stale = rows.filter((r) => now.getTime() - r.computedAt.getTime() > STAT_TTL_MS).map((r) => r.gridId);
  if (missing.length && gridIds.length <= SYNC_GRIDS) {
    await once(`stats:${missing.join(",")}`, () => refreshGridStats(db, missing, now));
    rows = await read();
  } else if (missing.length || stale.length) {
    background(`stats:${gridIds.length}:${gridIds[0]}`, () => refreshGridStats(db, [...missing, ...stale], now));
  }
  const byGrid = new Map(rows.map((r) => [r.gridId, { residents: r.residents, keyResidents: r.keyResidents, households: r.households }]));
  const at = new Map(rows.map((r) => [r.gridId, r.computedAt]));
  return { byGrid, freshness: freshness(gridIds.map((id) => at.get(id))) };
}

export type MonthSummary = Pick<RateSummary, "due" | "onTime" | "late" | "pending">;

/**
 * The visit summaries of these grids, each summed over these months (visitCompletion adds
 * months up the same way), with their freshness. Counted in the database: a county's year
 * is some ten thousand grid-months, of which only the per-grid sums and, per month, the
 * missing and stale grids leave it.
 */
export async function visitMonths(gridIds: number[], months: string[], now = new Date()): Promise<{ byGrid: Map<number, MonthSummary>; freshness: Freshness }> {
  if (!months.length || !gridIds.length) return { byGrid: new Map(), freshness: { asOf: null, complete: true } };
  // A row is stale once older than its time to live, unless computed after its month ended
  // plus the back-dating window (then it is final): older than the earlier of the two.
  const staleBefore = months.map((month) => {
    const period = monthPeriodCN(month)!;
    const ttl = period.end > now ? VISIT_TTL_MS : PAST_VISIT_TTL_MS;
    return new Date(Math.min(now.getTime() - ttl, period.end.getTime() + 90 * 86_400_000)).toISOString();
  });
  const check = () =>
    db.$queryRaw<{ month: string; n: number; oldest: Date | null; stale: number[] }[]>`
      SELECT c.month, count(v."gridId")::int AS n, min(v."computedAt") AS oldest,
        coalesce(array_agg(v."gridId") FILTER (WHERE v."computedAt" < (c.before::timestamptz AT TIME ZONE 'UTC')), '{}') AS stale
      FROM unnest(${months}::text[], ${staleBefore}::text[]) AS c(month, before)
      LEFT JOIN "DashboardVisitMonth" v ON v."month" = c.month AND v."gridId" = ANY(${gridIds}::int[])
      GROUP BY c.month`;
  let state = await check();
  let waited = false;
  for (const m of state) {
    const missing =
      m.n < gridIds.length
        ? await db.dashboardVisitMonth
            .findMany({ where: { month: m.month, gridId: { in: gridIds } }, select: { gridId: true } })
            .then((have) => {
              const present = new Set(have.map((r) => r.gridId));
              return gridIds.filter((id) => !present.has(id));
            })
        : [];
    if (missing.length && gridIds.length <= SYNC_GRIDS) {
      await once(`visits:${m.month}:${missing.join(",")}`, () => refreshVisitMonth(db, missing, m.month, now));
      waited = true;
    } else if (missing.length || m.stale.length) {
      background(`visits:${m.month}:${gridIds.length}:${gridIds[0]}`, () => refreshVisitMonth(db, [...missing, ...m.stale], m.month, now));
    }
  }
  if (waited) state = await check();
  const sums = await db.$queryRaw<({ gridId: number } & MonthSummary)[]>`
    SELECT "gridId", sum("due")::int AS due, sum("onTime")::int AS "onTime", sum("late")::int AS late, sum("pending")::int AS pending
    FROM "DashboardVisitMonth" WHERE "gridId" = ANY(${gridIds}::int[]) AND "month" = ANY(${months}::text[])
    GROUP BY 1`;
  let asOf: Date | null = null;
  for (const m of state) if (m.oldest && (!asOf || m.oldest < asOf)) asOf = m.oldest;
  return {
    byGrid: new Map(sums.map(({ gridId, ...v }) => [gridId, v])),
    freshness: { asOf, complete: state.every((m) => m.n === gridIds.length) },
  };
}

/** Waits for the refreshes running in this process (tests and the benchmark). */
export async function settleRefreshes(): Promise<void> {
  while (running.size) await Promise.allSettled([...running.values()]);
}
