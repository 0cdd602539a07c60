import "server-only";
import { Prisma } from "@/lib/generated/prisma/client.ts";
import { db } from "@/lib/server/db";
import type { Db } from "@/lib/server/prisma";
import type { EventCounts } from "./rates";

// Reads of the monthly event rollups (migration dashboard_event_rollup): per grid
// (DashboardEventMonth) and per county by category and source (DashboardEventCountyMonth).
// Database triggers append every change of an event or of its deadlines to
// DashboardEventDelta in the changing transaction; a figure is always the rollup rows plus
// the pending deltas, so it is exact at every moment, whenever the deltas were last folded
// in. A period is always whole China-time months (periods.ts), so a period's figures are
// sums of its months' rows: a county's year is some ten thousand rows instead of a quarter
// of a million events. Callers scope and authorize (data.ts); these functions only count.

/** What the rollups count for a period: the events reported in it and those closed in it. */
export type PeriodCounts = Pick<EventCounts, "reportedPeriod" | "closed" | "onTime" | "grassroots" | "resolvedGrid" | "resolvedCommunity" | "rated" | "satisfied" | "ratingSum">;

const COUNTERS = ["reported", "closed", "onTime", "grassroots", "resolvedGrid", "resolvedCommunity", "rated", "satisfied", "ratingSum"] as const;
const cols = (alias: string) => Prisma.raw(COUNTERS.map((c) => `${alias}."${c}"`).join(", "));
const sums = Prisma.raw(
  COUNTERS.map((c) => `coalesce(sum(r."${c}"), 0)::int AS "${c === "reported" ? "reportedPeriod" : c}"`).join(", "),
);

/** The first day of each month bounding the months (inclusive, exclusive), as SQL dates. */
function monthRange(months: string[]): { from: string; to: string } {
  const last = months[months.length - 1];
  const [y, m] = last.split("-").map(Number);
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
  return { from: `${months[0]}-01`, to: `${next}-01` };
}
const inMonths = (alias: string, months: string[]) => {
  const { from, to } = monthRange(months);
  return Prisma.sql`${Prisma.raw(alias)}."month" >= ${from}::date AND ${Prisma.raw(alias)}."month" < ${to}::date`;
};

const categoryIn = (category: number | undefined, column: Prisma.Sql) =>
  category ? Prisma.sql`AND ${column} IN (SELECT c2.id FROM "EventCategory" c2 WHERE c2.id = ${category} OR c2."parentId" = ${category})` : Prisma.empty;

/**
 * The per-grid rollup of the months, joined to each row's grid as `g` and `r`, for a
 * grouping the caller chooses (`key` over g and r."gridId"): every grid below the unit.
 */
export async function gridPeriodCounts(unitId: number, months: string[], key: Prisma.Sql): Promise<Map<number, PeriodCounts>> {
  if (!months.length) return new Map();
  const rows = await db.$queryRaw<({ k: number } & PeriodCounts)[]>`
    SELECT ${key} AS k, ${sums}
    FROM (
      SELECT m."gridId", ${cols("m")} FROM "DashboardEventMonth" m WHERE ${inMonths("m", months)}
      UNION ALL
      SELECT d."gridId", ${cols("d")} FROM "DashboardEventDelta" d WHERE ${inMonths("d", months)}
    ) r JOIN "Unit" g ON g.id = r."gridId"
    WHERE g."pathIds" @> ARRAY[${unitId}]::int[]
    GROUP BY 1`;
  return new Map(rows.map(({ k, ...r }) => [k, r]));
}

/** The county rollup of the months (optionally one category and its sub-categories), with pending deltas. */
function countyRows(countyId: number, months: string[], category: number | undefined): Prisma.Sql {
  return Prisma.sql`(
    SELECT c."month", c."categoryId", c."source", ${cols("c")} FROM "DashboardEventCountyMonth" c
    WHERE c."countyId" = ${countyId} AND ${inMonths("c", months)} ${categoryIn(category, Prisma.sql`c."categoryId"`)}
    UNION ALL
    SELECT d."month", d."categoryId", d."source", ${cols("d")} FROM "DashboardEventDelta" d JOIN "Unit" u ON u.id = d."gridId"
    WHERE u."pathIds" @> ARRAY[${countyId}]::int[] AND ${inMonths("d", months)} ${categoryIn(category, Prisma.sql`d."categoryId"`)}
  ) r`;
}

/** A whole county's counts for the months. */
export async function countyPeriodCounts(countyId: number, months: string[], category: number | undefined): Promise<PeriodCounts> {
  const [row] = await db.$queryRaw<PeriodCounts[]>`SELECT ${sums} FROM ${countyRows(countyId, months, category)}`;
  return row;
}

/** Reported and closed per month ("YYYY-MM-01", the trend's month buckets) of a whole county. */
export async function countyMonthlyTrend(countyId: number, months: string[], category: number | undefined): Promise<{ b: string; reported: number; closed: number }[]> {
  return db.$queryRaw`
    SELECT to_char(r."month", 'YYYY-MM-DD') AS b, sum(r."reported")::int AS reported, sum(r."closed")::int AS closed
    FROM ${countyRows(countyId, months, category)} GROUP BY 1`;
}

/** Reported and closed per month of every grid below a unit (no category filter: the per-grid rollup has none). */
export async function gridMonthlyTrend(unitId: number, months: string[]): Promise<{ b: string; reported: number; closed: number }[]> {
  return db.$queryRaw`
    SELECT to_char(r."month", 'YYYY-MM-DD') AS b, sum(r."reported")::int AS reported, sum(r."closed")::int AS closed
    FROM (
      SELECT m."gridId", m."month", m."reported", m."closed" FROM "DashboardEventMonth" m WHERE ${inMonths("m", months)}
      UNION ALL
      SELECT d."gridId", d."month", d."reported", d."closed" FROM "DashboardEventDelta" d WHERE ${inMonths("d", months)}
    ) r JOIN "Unit" g ON g.id = r."gridId"
    WHERE g."pathIds" @> ARRAY[${unitId}]::int[]
    GROUP BY 1`;
}

/**
 * Events reported in the months of a whole county by category (each top category, or the
 * sub-categories of the chosen top category) and by source, as data.ts counts them live.
 */
export async function countyBreakdowns(countyId: number, months: string[], category: number | undefined, byLeaf: boolean): Promise<{ cat: number | null; src: string | null; n: number }[]> {
  const catKey = byLeaf ? Prisma.sql`r."categoryId"` : Prisma.sql`coalesce(ec."parentId", ec.id)`;
  return db.$queryRaw`
    SELECT CASE WHEN GROUPING(${catKey}) = 0 THEN ${catKey} END AS cat,
           CASE WHEN GROUPING(r."source") = 0 THEN r."source"::text END AS src, sum(r."reported")::int AS n
    FROM ${countyRows(countyId, months, category)}
    JOIN "EventCategory" ec ON ec.id = r."categoryId"
    GROUP BY GROUPING SETS ((${catKey}), (r."source"))
    HAVING sum(r."reported") > 0`;
}

const COMPACT_EVERY_MS = 60_000;
let lastCompact = 0;

/**
 * Folds the pending deltas into the rollups (one statement; concurrent callers return at
 * once). Reads are exact either way; this only keeps the delta table short.
 */
export async function compactEventRollups(client: Db = db): Promise<number> {
  const [row] = await client.$queryRaw<{ moved: number }[]>`SELECT dashboard_event_rollup_compact() AS moved`;
  return row.moved;
}

/** Compacts in the background, at most once a minute per process. */
export function compactSoon(now = Date.now()): void {
  if (now - lastCompact < COMPACT_EVERY_MS) return;
  lastCompact = now;
  compactEventRollups().catch((err) => console.error("[dashboard] compacting the event rollups failed:", (err as Error).message));
}

/** Recounts both rollups from the events (after a bulk load that bypassed the triggers). */
export async function rebuildEventRollups(client: Db = db): Promise<void> {
  await client.$executeRaw`SELECT dashboard_event_rollup_rebuild()`;
}
