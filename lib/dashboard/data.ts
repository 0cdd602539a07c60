import "server-only";
import { Prisma } from "@/lib/generated/prisma/client.ts";
import { auditActor, authorize, type Viewer } from "@/lib/server/auth";
import { writeAudit } from "@/lib/server/audit";
import { db } from "@/lib/server/db";
import { AppError, notFound } from "@/lib/server/errors";
import { unitsWithin } from "@/lib/server/scope";
import { CELL_PX, HEAT_CELL_PX, TILE_SIZE, clampZoom, mergeCells, type BBox, type Cell, type Cluster } from "./clusters";
import { encodeGeometry, isPolygonal, type Encoded } from "./geometry";
import { breaksFor, type ScaleKind } from "./legend";
import { assessmentKindsFor, childLevel, levelsBelow, type Level } from "./permissions";
import { bucketsOf, dayKey, defaultGranularity, monthsSoFar, periodChoices, resolvePeriod, todayAndMonth, type DashboardPeriod, type Granularity } from "./periods";
import { centerRates, emptyCenterCounts, emptyCounts, eventRates, perThousand, riskScore, visitCompletion, type CenterCounts, type EventCounts, type EventRates, type Ratio } from "./rates";
import type { CenterDrillQuery, DrillQuery, Filters, Measure, SaveRulesInput } from "./schemas";
import { compactSoon, countyBreakdowns, countyMonthlyTrend, countyPeriodCounts, gridMonthlyTrend, gridPeriodCounts, type PeriodCounts } from "./rollup";
import { DEFAULT_RULES, METRICS_OF, rank, readRuleSet, score, type Measured, type RuleSet, type Score, type SubjectKind } from "./scoring";
import { gridStats, visitMonths, type Freshness } from "./snapshots";

// The dashboard's reads. Every exported function takes the viewer first, checks the role
// table, and reaches rows only through the chosen unit, which must lie inside the
// viewer's territory (a unit outside it is "not found"). Event figures are single aggregate
// statements, grouped as the caller needs (the whole unit, each child unit, each grid);
// their definitions are lib/dashboard/rates.ts. What a period counts (reported, closed and
// how) comes from the monthly rollups (rollup.ts) wherever they can answer: every grouping
// without a category filter, and a whole county with or without one; the rest (today, this
// month, open and overdue now, and category-filtered parts of a county) is counted from the
// events. Population and visit figures come from the per-grid snapshots (snapshots.ts).

const utc = (d: Date) => Prisma.sql`(${d.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
const GRASSROOTS = Prisma.sql`('GRID_REPORT', 'SENTIMENT')`;

export interface ScopeUnit {
  id: number;
  name: string;
  level: Level;
  depth: number;
  pathIds: number[];
}

const UNIT_FIELDS = { id: true, name: true, level: true, depth: true, pathIds: true } as const;

/** The unit looked at: the viewer's own, or one inside their territory. */
async function unitInScope(viewer: Viewer, unitId: number | undefined): Promise<ScopeUnit> {
  const unit = await db.unit.findFirst({ where: { id: unitId ?? viewer.unitId, retiredAt: null, ...unitsWithin(viewer) }, select: UNIT_FIELDS });
  if (!unit) throw notFound();
  return unit as ScopeUnit;
}

function categoryWhere(category: number | undefined): Prisma.Sql {
  return category ? Prisma.sql`AND e."categoryId" IN (SELECT c2.id FROM "EventCategory" c2 WHERE c2.id = ${category} OR c2."parentId" = ${category})` : Prisma.empty;
}

/** How event rows are grouped: the whole unit, the unit at one position of the path, each grid. */
type GroupBy = { by: "none" } | { by: "path"; index: number } | { by: "grid" };
function groupKey(g: GroupBy, gridColumn = Prisma.sql`e."gridId"`): Prisma.Sql {
  if (g.by === "none") return Prisma.sql`0`;
  if (g.by === "grid") return gridColumn;
  return Prisma.sql`g."pathIds"[${g.index}::int]`;
}

type Keyed<T> = Map<number, T>;

interface Windows {
  today: { start: Date; end: Date };
  month: { start: Date; end: Date };
  period: { start: Date; end: Date };
}

/**
 * Events reported on each day of this month (merged duplicates left out): one range scan
 * of the month gives the cards' today and this month, and this month's daily trend.
 */
async function monthDays(unit: ScopeUnit, category: number | undefined, w: Windows): Promise<Map<string, number>> {
  const rows = await db.$queryRaw<{ d: string; n: number }[]>`
    SELECT to_char(e."reportedAt" + interval '8 hours', 'YYYY-MM-DD') AS d, count(*)::int AS n
    FROM "Event" e JOIN "Unit" g ON g.id = e."gridId"
    WHERE g."pathIds" @> ARRAY[${unit.id}]::int[] AND e."state" <> 'MERGED' ${categoryWhere(category)}
      AND e."reportedAt" >= ${utc(w.month.start)} AND e."reportedAt" < ${utc(w.month.end)}
    GROUP BY 1`;
  return new Map(rows.map((r) => [r.d, r.n]));
}

function windowCounts(days: Map<string, number>, w: Windows): Pick<EventCounts, "reportedToday" | "reportedMonth"> {
  let month = 0;
  for (const n of days.values()) month += n;
  return { reportedToday: days.get(dayKey(w.today.start)) ?? 0, reportedMonth: month };
}

/** Events reported in the period only (the map's "reported" measure). */
async function reportedInPeriod(unit: ScopeUnit, category: number | undefined, period: { start: Date; end: Date }, group: GroupBy): Promise<Keyed<number>> {
  const rows = await db.$queryRaw<{ k: number; n: number }[]>`
    SELECT ${groupKey(group)} AS k, count(*)::int AS n
    FROM "Event" e JOIN "Unit" g ON g.id = e."gridId"
    WHERE g."pathIds" @> ARRAY[${unit.id}]::int[] AND e."state" <> 'MERGED' ${categoryWhere(category)}
      AND e."reportedAt" >= ${utc(period.start)} AND e."reportedAt" < ${utc(period.end)}
    GROUP BY 1`;
  return new Map(rows.map((r) => [r.k, r.n]));
}

/** Open events now, and those past their current deadline. */
async function openAgg(unit: ScopeUnit, category: number | undefined, now: Date, group: GroupBy): Promise<Keyed<Pick<EventCounts, "open" | "overdue">>> {
  const rows = await db.$queryRaw<{ k: number; open: number; overdue: number }[]>`
    SELECT ${groupKey(group)} AS k, count(*)::int AS open, count(*) FILTER (WHERE e."dueAt" < ${utc(now)})::int AS overdue
    FROM "Event" e JOIN "Unit" g ON g.id = e."gridId"
    WHERE e."isOpen" AND g."pathIds" @> ARRAY[${unit.id}]::int[] ${categoryWhere(category)}
    GROUP BY 1`;
  return new Map(rows.map(({ k, ...r }) => [k, r]));
}

type ClosedCounts = Omit<PeriodCounts, "reportedPeriod">;

/** Events closed in the period: on time, where resolved, and how the reporter rated them. */
async function closedAgg(unit: ScopeUnit, category: number | undefined, period: { start: Date; end: Date }, group: GroupBy): Promise<Keyed<ClosedCounts>> {
  const rows = await db.$queryRaw<({ k: number } & ClosedCounts)[]>`
    SELECT ${groupKey(group)} AS k,
      count(*)::int AS closed,
      count(*) FILTER (WHERE f."eventId" IS NULL)::int AS "onTime",
      count(*) FILTER (WHERE e."source"::text IN ${GRASSROOTS})::int AS grassroots,
      count(*) FILTER (WHERE e."source"::text IN ${GRASSROOTS} AND e."resolvedLevel" = 'GRID')::int AS "resolvedGrid",
      count(*) FILTER (WHERE e."source"::text IN ${GRASSROOTS} AND e."resolvedLevel" IN ('GRID', 'VILLAGE'))::int AS "resolvedCommunity",
      count(e."rating")::int AS rated,
      count(*) FILTER (WHERE e."rating" >= 4)::int AS satisfied,
      coalesce(sum(e."rating"), 0)::int AS "ratingSum"
    FROM "Event" e JOIN "Unit" g ON g.id = e."gridId"
    LEFT JOIN LATERAL (SELECT d."eventId" FROM "EventDeadline" d WHERE d."eventId" = e.id AND d."status" = 'FIRED' LIMIT 1) f ON true
    WHERE e."state" = 'CLOSED' AND e."closedAt" >= ${utc(period.start)} AND e."closedAt" < ${utc(period.end)}
      AND g."pathIds" @> ARRAY[${unit.id}]::int[] ${categoryWhere(category)}
    GROUP BY 1`;
  return new Map(rows.map(({ k, ...r }) => [k, r]));
}

/**
 * Reported and closed in the period, grouped: from the rollups when they can answer (no
 * category filter, or the whole of a county), otherwise counted from the events.
 */
async function periodAgg(unit: ScopeUnit, category: number | undefined, period: DashboardPeriod, group: GroupBy): Promise<Keyed<PeriodCounts>> {
  compactSoon();
  if (group.by === "none" && unit.depth === 0) return new Map([[0, await countyPeriodCounts(unit.id, period.months, category)]]);
  if (!category) return gridPeriodCounts(unit.id, period.months, groupKey(group, Prisma.sql`r."gridId"`));
  const [reported, closed] = await Promise.all([reportedInPeriod(unit, category, period, group), closedAgg(unit, category, period, group)]);
  const out: Keyed<PeriodCounts> = new Map();
  for (const [k, c] of closed) out.set(k, { reportedPeriod: 0, ...c });
  for (const [k, n] of reported) out.set(k, { ...(out.get(k) ?? { closed: 0, onTime: 0, grassroots: 0, resolvedGrid: 0, resolvedCommunity: 0, rated: 0, satisfied: 0, ratingSum: 0 }), reportedPeriod: n });
  return out;
}

function merge(...parts: Keyed<Partial<EventCounts>>[]): Keyed<EventCounts> {
  const out: Keyed<EventCounts> = new Map();
  for (const part of parts) {
    for (const [k, v] of part) out.set(k, { ...(out.get(k) ?? emptyCounts()), ...v });
  }
  return out;
}

const OPEN_DISPUTES = Prisma.sql`('REGISTERED', 'MEDIATING', 'AGREED')`;

/**
 * The governance center's figures (rates.ts `countCenter`): disputes by their grid,
 * petitions by their grid or, without one, by their center's unit.
 */
async function centerAgg(unit: ScopeUnit, period: { start: Date; end: Date }, group: GroupBy): Promise<Keyed<CenterCounts>> {
  const concluded = Prisma.sql`(d."concludedAt" >= ${utc(period.start)} AND d."concludedAt" < ${utc(period.end)})`;
  const [disputes, petitions] = await Promise.all([
    db.$queryRaw<{ k: number; concluded: number; agreed: number; referred: number; red: number; orange: number; yellow: number; green: number }[]>`
      SELECT ${groupKey(group, Prisma.sql`d."gridId"`)} AS k,
        count(*) FILTER (WHERE ${concluded})::int AS concluded,
        count(*) FILTER (WHERE ${concluded} AND a.id IS NOT NULL)::int AS agreed,
        count(*) FILTER (WHERE ${concluded} AND a.id IS NULL AND d."referral" IS NOT NULL)::int AS referred,
        count(*) FILTER (WHERE d."status"::text IN ${OPEN_DISPUTES} AND d."risk" = 'RED')::int AS red,
        count(*) FILTER (WHERE d."status"::text IN ${OPEN_DISPUTES} AND d."risk" = 'ORANGE')::int AS orange,
        count(*) FILTER (WHERE d."status"::text IN ${OPEN_DISPUTES} AND d."risk" = 'YELLOW')::int AS yellow,
        count(*) FILTER (WHERE d."status"::text IN ${OPEN_DISPUTES} AND d."risk" = 'GREEN')::int AS green
      FROM "Dispute" d JOIN "Unit" g ON g.id = d."gridId" LEFT JOIN "MediationAgreement" a ON a."disputeId" = d.id
      WHERE g."pathIds" @> ARRAY[${unit.id}]::int[] AND (${concluded} OR d."status"::text IN ${OPEN_DISPUTES})
      GROUP BY 1`,
    db.$queryRaw<{ k: number; replied: number; repliedOnTime: number }[]>`
      SELECT ${groupKey(group, Prisma.sql`p."gridId"`)} AS k, count(*)::int AS replied, count(*) FILTER (WHERE p."repliedOnTime")::int AS "repliedOnTime"
      FROM "Petition" p JOIN "Unit" g ON g.id = coalesce(p."gridId", p."unitId")
      WHERE g."pathIds" @> ARRAY[${unit.id}]::int[] AND p."repliedAt" >= ${utc(period.start)} AND p."repliedAt" < ${utc(period.end)}
      GROUP BY 1`,
  ]);
  const out: Keyed<CenterCounts> = new Map();
  const at = (k: number) => {
    let c = out.get(k);
    if (!c) out.set(k, (c = emptyCenterCounts()));
    return c;
  };
  for (const d of disputes) {
    Object.assign(at(d.k), { concluded: d.concluded, agreed: d.agreed, referred: d.referred, openByRisk: { RED: d.red, ORANGE: d.orange, YELLOW: d.yellow, GREEN: d.green } });
  }
  for (const p of petitions) Object.assign(at(p.k), { replied: p.replied, repliedOnTime: p.repliedOnTime });
  return out;
}

/** Grid ids of a unit (live grids only). */
async function gridsOf(unit: ScopeUnit): Promise<{ id: number; pathIds: number[] }[]> {
  return db.unit.findMany({ where: { pathIds: { has: unit.id }, level: "GRID", retiredAt: null }, select: { id: true, pathIds: true } });
}

// --- the page ------------------------------------------------------------------------

export interface Crumb {
  id: number;
  name: string;
  level: Level;
}

export interface Figures {
  counts: EventCounts;
  rates: EventRates;
  visits: Ratio & { due: number; pending: number; freshness: Freshness };
  population: { residents: number; keyResidents: number; keyPer1000: number | null; freshness: Freshness };
  center: { counts: CenterCounts; mediation: Ratio; petitions: Ratio };
}

export interface RankingRow {
  id: number;
  name: string;
  level: Level;
  /** The period's counts and open events now (today and this month are the cards' only). */
  counts: Omit<EventCounts, "reportedToday" | "reportedMonth">;
  rates: EventRates;
  visits: Ratio;
  keyPer1000: number | null;
}

export interface DashboardView {
  unit: ScopeUnit;
  breadcrumb: Crumb[];
  period: DashboardPeriod;
  granularity: Granularity;
  category: number | undefined;
  figures: Figures;
  trend: { key: string; reported: number; closed: number }[];
  byCategory: { id: number; name: string; nameEn: string; count: number }[];
  bySource: { source: string; count: number }[];
  ranking: RankingRow[];
  options: {
    periods: ReturnType<typeof periodChoices>;
    categories: { id: number; parentId: number | null; name: string; nameEn: string }[];
  };
}

async function breadcrumbOf(viewer: Viewer, unit: ScopeUnit): Promise<Crumb[]> {
  const from = unit.pathIds.indexOf(viewer.unitId);
  const ids = unit.pathIds.slice(Math.max(0, from));
  const rows = await db.unit.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, level: true } });
  const byId = new Map(rows.map((r) => [r.id, r as Crumb]));
  return ids.map((id) => byId.get(id)!).filter(Boolean);
}

function windowsOf(period: DashboardPeriod, now: Date): Windows {
  const { today, month } = todayAndMonth(now);
  return { today, month, period };
}

/** The unit's grids with their visit and population snapshots: read once per page. */
async function gridSnapshots(unit: ScopeUnit, period: DashboardPeriod, now: Date) {
  const grids = await gridsOf(unit);
  const ids = grids.map((g) => g.id);
  const months = monthsSoFar(period, now);
  const [visits, stats] = await Promise.all([visitMonths(ids, months, now), gridStats(ids, now)]);
  return { grids, visits, stats };
}
type GridSnapshots = Awaited<ReturnType<typeof gridSnapshots>>;

/** What the page's parts share, read once: this month's days, open events per child unit, the grids' snapshots. */
interface Shared {
  days: Promise<Map<string, number>>;
  /** Open and overdue now, per child unit (the whole unit when it has no children: key 0). */
  open: Promise<Keyed<Pick<EventCounts, "open" | "overdue">>>;
  snapshots: Promise<GridSnapshots>;
}

function sharedReads(unit: ScopeUnit, category: number | undefined, period: DashboardPeriod, now: Date): Shared {
  const group: GroupBy = childLevel(unit.level) ? { by: "path", index: unit.depth + 2 } : { by: "none" };
  return { days: monthDays(unit, category, windowsOf(period, now)), open: openAgg(unit, category, now, group), snapshots: gridSnapshots(unit, period, now) };
}

/** The cards of one unit. */
export async function dashboardFigures(viewer: Viewer, filters: Filters, now = new Date()): Promise<{ unit: ScopeUnit; figures: Figures }> {
  await authorize(viewer, "dashboard.view");
  const unit = await unitInScope(viewer, filters.unit);
  const period = resolvePeriod(filters.period, now);
  return { unit, figures: await figuresOf(unit, filters.category, period, now, sharedReads(unit, filters.category, period, now)) };
}

async function figuresOf(unit: ScopeUnit, category: number | undefined, period: DashboardPeriod, now: Date, shared: Shared): Promise<Figures> {
  const none: GroupBy = { by: "none" };
  const [days, openByChild, inPeriod, { grids, visits, stats }, center] = await Promise.all([
    shared.days,
    shared.open,
    periodAgg(unit, category, period, none),
    shared.snapshots,
    centerAgg(unit, period, none),
  ]);
  // Every grid lies in exactly one child unit: the unit's open events are the children's.
  const open = { open: 0, overdue: 0 };
  for (const c of openByChild.values()) {
    open.open += c.open;
    open.overdue += c.overdue;
  }
  const counts = merge(new Map([[0, { ...windowCounts(days, windowsOf(period, now)), ...open }]]), inPeriod).get(0) ?? emptyCounts();
  const centerCounts = center.get(0) ?? emptyCenterCounts();
  const ids = grids.map((g) => g.id);
  const visit = visitCompletion(ids.map((id) => visits.byGrid.get(id)).filter((x) => !!x));
  let residents = 0;
  let keyResidents = 0;
  for (const s of stats.byGrid.values()) {
    residents += s.residents;
    keyResidents += s.keyResidents;
  }
  return {
    counts,
    rates: eventRates(counts),
    visits: { ...visit, freshness: visits.freshness },
    population: { residents, keyResidents, keyPer1000: perThousand(keyResidents, residents), freshness: stats.freshness },
    center: { counts: centerCounts, ...centerRates(centerCounts) },
  };
}

/** Reported and closed events per day, week or month of the period (months from the rollups where they can answer). */
async function trendOf(unit: ScopeUnit, category: number | undefined, period: DashboardPeriod, granularity: Granularity, now: Date, shared: Shared) {
  const monthly = granularity === "month" && (unit.depth === 0 || !category);
  // This month by day: the reports are the cards' scan of the month; only closings are counted here.
  const thisMonthDaily = granularity === "day" && period.kind === "month" && period.start.getTime() === windowsOf(period, now).month.start.getTime();
  const rows = monthly
    ? await (unit.depth === 0 ? countyMonthlyTrend(unit.id, period.months, category) : gridMonthlyTrend(unit.id, period.months))
    : thisMonthDaily
      ? await Promise.all([
          shared.days,
          db.$queryRaw<{ b: string; n: number }[]>`
            SELECT to_char(e."closedAt" + interval '8 hours', 'YYYY-MM-DD') AS b, count(*)::int AS n
            FROM "Event" e JOIN "Unit" g ON g.id = e."gridId"
            WHERE g."pathIds" @> ARRAY[${unit.id}]::int[] AND e."state" = 'CLOSED' ${categoryWhere(category)}
              AND e."closedAt" >= ${utc(period.start)} AND e."closedAt" < ${utc(period.end)}
            GROUP BY 1`,
        ]).then(([days, closed]) => {
          const out = new Map<string, { b: string; reported: number; closed: number }>();
          for (const [b, n] of days) out.set(b, { b, reported: n, closed: 0 });
          for (const { b, n } of closed) out.set(b, { b, reported: out.get(b)?.reported ?? 0, closed: n });
          return [...out.values()];
        })
      : await db.$queryRaw<{ b: string; reported: number; closed: number }[]>`
    SELECT b, sum(r)::int AS reported, sum(c)::int AS closed FROM (
      SELECT to_char(date_trunc(${granularity}::text, e."reportedAt" + interval '8 hours'), 'YYYY-MM-DD') AS b, 1 AS r, 0 AS c
      FROM "Event" e JOIN "Unit" g ON g.id = e."gridId"
      WHERE g."pathIds" @> ARRAY[${unit.id}]::int[] AND e."state" <> 'MERGED' ${categoryWhere(category)}
        AND e."reportedAt" >= ${utc(period.start)} AND e."reportedAt" < ${utc(period.end)}
      UNION ALL
      SELECT to_char(date_trunc(${granularity}::text, e."closedAt" + interval '8 hours'), 'YYYY-MM-DD'), 0, 1
      FROM "Event" e JOIN "Unit" g ON g.id = e."gridId"
      WHERE g."pathIds" @> ARRAY[${unit.id}]::int[] AND e."state" = 'CLOSED' ${categoryWhere(category)}
        AND e."closedAt" >= ${utc(period.start)} AND e."closedAt" < ${utc(period.end)}
    ) x GROUP BY b`;
  const byKey = new Map(rows.map((r) => [r.b, r]));
  return bucketsOf(period, granularity, now).map((b) => ({ key: b.key, reported: byKey.get(b.key)?.reported ?? 0, closed: byKey.get(b.key)?.closed ?? 0 }));
}

/** Events reported in the period by category (sub-categories when one top category is chosen) and by source. */
async function breakdownsOf(unit: ScopeUnit, category: number | undefined, period: DashboardPeriod) {
  const top = category ? await db.eventCategory.findUnique({ where: { id: category }, select: { parentId: true } }) : null;
  const byLeaf = !!top && top.parentId === null;
  const catKey = byLeaf ? Prisma.sql`e."categoryId"` : Prisma.sql`coalesce(c."parentId", c.id)`;
  const rows = unit.depth === 0 ? await countyBreakdowns(unit.id, period.months, category, byLeaf) : await db.$queryRaw<{ cat: number | null; src: string | null; n: number }[]>`
    SELECT CASE WHEN GROUPING(${catKey}) = 0 THEN ${catKey} END AS cat,
           CASE WHEN GROUPING(e."source") = 0 THEN e."source"::text END AS src, count(*)::int AS n
    FROM "Event" e JOIN "Unit" g ON g.id = e."gridId" JOIN "EventCategory" c ON c.id = e."categoryId"
    WHERE g."pathIds" @> ARRAY[${unit.id}]::int[] AND e."state" <> 'MERGED' ${categoryWhere(category)}
      AND e."reportedAt" >= ${utc(period.start)} AND e."reportedAt" < ${utc(period.end)}
    GROUP BY GROUPING SETS ((${catKey}), (e."source"))`;
  const catIds = rows.filter((r) => r.cat !== null).map((r) => r.cat!);
  const cats = await db.eventCategory.findMany({ where: { id: { in: catIds } }, select: { id: true, name: true, nameEn: true } });
  const catName = new Map(cats.map((c) => [c.id, c]));
  return {
    byCategory: rows
      .filter((r) => r.cat !== null)
      .map((r) => ({ id: r.cat!, name: catName.get(r.cat!)?.name ?? "", nameEn: catName.get(r.cat!)?.nameEn ?? "", count: r.n }))
      .sort((a, b) => b.count - a.count),
    bySource: rows
      .filter((r) => r.src !== null)
      .map((r) => ({ source: r.src!, count: r.n }))
      .sort((a, b) => b.count - a.count),
  };
}

/** Every child unit of the unit with its figures: the ranking table. */
async function rankingOf(unit: ScopeUnit, category: number | undefined, period: DashboardPeriod, shared: Shared): Promise<RankingRow[]> {
  const level = childLevel(unit.level);
  if (!level) return [];
  const children = await db.unit.findMany({
    where: { parentId: unit.id, retiredAt: null },
    orderBy: [{ sortOrder: "asc" }, { code: "asc" }],
    select: { id: true, name: true, level: true },
  });
  if (!children.length) return [];
  const group: GroupBy = { by: "path", index: unit.depth + 2 };
  const [inPeriod, open, { grids, visits, stats }] = await Promise.all([periodAgg(unit, category, period, group), shared.open, shared.snapshots]);
  const counts = merge(inPeriod, open);
  const childOf = new Map(grids.map((g) => [g.id, g.pathIds[unit.depth + 1]]));
  const visitParts = new Map<number, { due: number; onTime: number; late: number; pending: number }[]>();
  const pop = new Map<number, { residents: number; keyResidents: number }>();
  for (const g of grids) {
    const child = childOf.get(g.id)!;
    const v = visits.byGrid.get(g.id);
    if (v) visitParts.set(child, [...(visitParts.get(child) ?? []), v]);
    const s = stats.byGrid.get(g.id);
    if (s) {
      const p = pop.get(child) ?? { residents: 0, keyResidents: 0 };
      pop.set(child, { residents: p.residents + s.residents, keyResidents: p.keyResidents + s.keyResidents });
    }
  }
  return children.map((c) => {
    const { reportedToday: _today, reportedMonth: _month, ...k } = counts.get(c.id) ?? emptyCounts();
    const p = pop.get(c.id);
    return {
      id: c.id,
      name: c.name,
      level: c.level as Level,
      counts: k,
      rates: eventRates(k),
      visits: visitCompletion(visitParts.get(c.id) ?? []),
      keyPer1000: p ? perThousand(p.keyResidents, p.residents) : null,
    };
  });
}

async function categoryOptions() {
  return db.eventCategory.findMany({
    where: { enabled: true },
    orderBy: [{ parentId: { sort: "asc", nulls: "first" } }, { sortOrder: "asc" }, { id: "asc" }],
    select: { id: true, parentId: true, name: true, nameEn: true },
  });
}

/** Everything the dashboard page shows for one unit, period and category. */
export async function dashboardView(viewer: Viewer, filters: Filters, now = new Date()): Promise<DashboardView> {
  await authorize(viewer, "dashboard.view");
  const unit = await unitInScope(viewer, filters.unit);
  const period = resolvePeriod(filters.period, now);
  const granularity = filters.trend ?? defaultGranularity(period.kind);
  const shared = sharedReads(unit, filters.category, period, now);
  const [breadcrumb, figures, trend, breakdowns, ranking, categories] = await Promise.all([
    breadcrumbOf(viewer, unit),
    figuresOf(unit, filters.category, period, now, shared),
    trendOf(unit, filters.category, period, granularity, now, shared),
    breakdownsOf(unit, filters.category, period),
    rankingOf(unit, filters.category, period, shared),
    categoryOptions(),
  ]);
  return {
    unit,
    breadcrumb,
    period,
    granularity,
    category: filters.category,
    figures,
    trend,
    ...breakdowns,
    ranking,
    options: { periods: periodChoices(now), categories },
  };
}

// --- the map ----------------------------------------------------------------------------

export interface GridLayer {
  unit: number;
  /** Changes whenever a boundary of the layer does: the HTTP ETag. */
  version: string;
  grids: { id: number; name: string; child: number; geometry: Encoded }[];
}

/** A cheap version token of a unit's grid layer, so the browser's copy can be reused. */
export async function gridLayerVersion(viewer: Viewer, unitId: number | undefined): Promise<string> {
  await authorize(viewer, "dashboard.view");
  const unit = await unitInScope(viewer, unitId);
  const agg = await db.unit.aggregate({ where: { pathIds: { has: unit.id }, level: "GRID", retiredAt: null }, _max: { updatedAt: true }, _count: { _all: true } });
  return `${unit.id}-${agg._count._all}-${agg._max.updatedAt?.getTime() ?? 0}`;
}

/**
 * The grid polygons of a unit in the compact encoding (geometry.ts), each with the child
 * unit of the looked-at unit it lies in: clicking a grid drills down to that child.
 */
export async function gridLayer(viewer: Viewer, unitId: number | undefined): Promise<GridLayer> {
  const version = await gridLayerVersion(viewer, unitId);
  const unit = await unitInScope(viewer, unitId);
  const rows = await db.unit.findMany({
    where: { pathIds: { has: unit.id }, level: "GRID", retiredAt: null },
    orderBy: { code: "asc" },
    select: { id: true, name: true, pathIds: true, boundary: true },
  });
  return {
    unit: unit.id,
    version,
    grids: rows
      .filter((r) => isPolygonal(r.boundary))
      .map((r) => ({ id: r.id, name: r.name, child: r.pathIds[unit.depth + 1] ?? r.id, geometry: encodeGeometry(r.boundary as never) })),
  };
}

export interface MeasureLayer {
  measure: Measure;
  kind: ScaleKind;
  breaks: number[];
  /** gridId → value; a grid without data is left out. */
  values: Record<number, number>;
  freshness: Freshness | null;
}

const MEASURE_KIND: Record<Measure, ScaleKind> = { open: "count", overdue: "count", reported: "count", visitCompletion: "rate", keyPer1000: "density", disputeRisk: "risk" };

/** The value of a measure for every grid of the unit, with the legend's breaks. */
export async function measureLayer(viewer: Viewer, filters: Filters, now = new Date()): Promise<MeasureLayer> {
  await authorize(viewer, "dashboard.view");
  const unit = await unitInScope(viewer, filters.unit);
  const period = resolvePeriod(filters.period, now);
  const measure: Measure = filters.measure ?? "open";
  const values: Record<number, number> = {};
  let freshness: Freshness | null = null;
  const grid: GroupBy = { by: "grid" };
  if (measure === "open" || measure === "overdue") {
    for (const [k, v] of await openAgg(unit, filters.category, now, grid)) values[k] = v[measure];
  } else if (measure === "reported") {
    const counts = filters.category ? await reportedInPeriod(unit, filters.category, period, grid) : new Map([...(await periodAgg(unit, undefined, period, grid))].map(([k, c]) => [k, c.reportedPeriod]));
    for (const [k, n] of counts) if (n) values[k] = n;
  } else if (measure === "disputeRisk") {
    for (const [k, v] of await centerAgg(unit, period, grid)) {
      const r = riskScore(v.openByRisk);
      if (r !== null) values[k] = r;
    }
  } else {
    const grids = await gridsOf(unit);
    const ids = grids.map((g) => g.id);
    if (measure === "visitCompletion") {
      const months = monthsSoFar(period, now);
      const v = await visitMonths(ids, months, now);
      freshness = v.freshness;
      for (const id of ids) {
        const r = visitCompletion([v.byGrid.get(id)].filter((x) => !!x)).rate;
        if (r !== null) values[id] = Math.round(r * 1000) / 1000;
      }
    } else {
      const s = await gridStats(ids, now);
      freshness = s.freshness;
      for (const [id, st] of s.byGrid) {
        const d = perThousand(st.keyResidents, st.residents);
        if (d !== null) values[id] = Math.round(d * 10) / 10;
      }
    }
  }
  const kind = MEASURE_KIND[measure];
  return { measure, kind, breaks: breaksFor(Object.values(values), kind), values, freshness };
}

function eventPoints(unit: ScopeUnit, category: number | undefined, period: DashboardPeriod, bbox: BBox | null, now: Date, zoom: number): Prisma.Sql {
  const scale = TILE_SIZE * 2 ** zoom;
  const box = bbox ? Prisma.sql`AND e."lng" >= ${bbox[0]} AND e."lat" >= ${bbox[1]} AND e."lng" <= ${bbox[2]} AND e."lat" <= ${bbox[3]}` : Prisma.empty;
  return Prisma.sql`
    SELECT e.id, e."lng", e."lat",
      CASE WHEN NOT e."isOpen" THEN 3 WHEN e."dueAt" < ${utc(now)} THEN 0 WHEN e."warnAt" <= ${utc(now)} THEN 1 ELSE 2 END AS s,
      (e."lng" + 180) / 360 * ${scale}::float8 AS x,
      (0.5 - ln((1 + sin(radians(e."lat"))) / (1 - sin(radians(e."lat")))) / (4 * pi())) * ${scale}::float8 AS y
    FROM "Event" e JOIN "Unit" g ON g.id = e."gridId"
    WHERE g."pathIds" @> ARRAY[${unit.id}]::int[] AND e."state" <> 'MERGED' AND e."state" <> 'REJECTED' ${categoryWhere(category)}
      AND e."reportedAt" >= ${utc(period.start)} AND e."reportedAt" < ${utc(period.end)} ${box}`;
}

/**
 * Event markers of the view, clustered on the server (clusters.ts): the database bins the
 * events into cells of CELL_PX screen pixels, neighbouring cells are merged here.
 */
export async function eventClusters(viewer: Viewer, filters: Filters, bbox: BBox | null, zoom: number, now = new Date()): Promise<{ zoom: number; total: number; clusters: Cluster[] }> {
  await authorize(viewer, "dashboard.view");
  const unit = await unitInScope(viewer, filters.unit);
  const period = resolvePeriod(filters.period, now);
  const z = clampZoom(zoom);
  const rows = await db.$queryRaw<{ cx: number; cy: number; n: number; lng: number; lat: number; c0: number; c1: number; c2: number; c3: number; id: string }[]>`
    SELECT floor(p.x / ${CELL_PX})::int AS cx, floor(p.y / ${CELL_PX})::int AS cy, count(*)::int AS n,
      avg(p."lng")::float8 AS lng, avg(p."lat")::float8 AS lat,
      count(*) FILTER (WHERE p.s = 0)::int AS c0, count(*) FILTER (WHERE p.s = 1)::int AS c1,
      count(*) FILTER (WHERE p.s = 2)::int AS c2, count(*) FILTER (WHERE p.s = 3)::int AS c3, min(p.id) AS id
    FROM (${eventPoints(unit, filters.category, period, bbox, now, z)}) p
    GROUP BY 1, 2`;
  const cells: Cell[] = rows.map((r) => ({ cx: r.cx, cy: r.cy, n: r.n, lng: r.lng, lat: r.lat, counts: [r.c0, r.c1, r.c2, r.c3], id: r.n === 1 ? r.id : null }));
  return { zoom: z, total: cells.reduce((s, c) => s + c.n, 0), clusters: mergeCells(cells, z) };
}

/** The heat layer: events of the period binned into cells of HEAT_CELL_PX pixels, [lat, lng, count]. */
export async function eventHeat(viewer: Viewer, filters: Filters, bbox: BBox | null, zoom: number, now = new Date()): Promise<{ max: number; points: [number, number, number][] }> {
  await authorize(viewer, "dashboard.view");
  const unit = await unitInScope(viewer, filters.unit);
  const period = resolvePeriod(filters.period, now);
  const z = clampZoom(zoom);
  const rows = await db.$queryRaw<{ lat: number; lng: number; n: number }[]>`
    SELECT avg(p."lat")::float8 AS lat, avg(p."lng")::float8 AS lng, count(*)::int AS n
    FROM (${eventPoints(unit, filters.category, period, bbox, now, z)}) p
    GROUP BY floor(p.x / ${HEAT_CELL_PX}), floor(p.y / ${HEAT_CELL_PX})`;
  const round = (x: number) => Math.round(x * 1e5) / 1e5;
  return { max: rows.reduce((m, r) => Math.max(m, r.n), 0), points: rows.map((r) => [round(r.lat), round(r.lng), r.n]) };
}

// --- drill-down lists --------------------------------------------------------------------

export const DRILL_PAGE = 50;

export interface DrillRow {
  id: string;
  no: number;
  title: string;
  state: string;
  source: string;
  urgency: string;
  category: string;
  categoryEn: string;
  grid: string;
  reportedAt: Date;
  closedAt: Date | null;
  dueAt: Date | null;
  resolvedLevel: string | null;
  rating: number | null;
  superviseGrade: number;
  late: boolean;
}

/** The events behind one figure, newest first, with the same scope, period and category as the figure. */
export async function drillList(viewer: Viewer, q: DrillQuery, now = new Date()): Promise<{ unit: ScopeUnit; breadcrumb: Crumb[]; period: DashboardPeriod; rows: DrillRow[]; nextCursor: number | null }> {
  await authorize(viewer, "dashboard.view");
  const unit = await unitInScope(viewer, q.unit);
  const period = resolvePeriod(q.period, now);
  const w = windowsOf(period, now);
  const inW = (x: { start: Date; end: Date }, col = Prisma.sql`e."reportedAt"`) => Prisma.sql`${col} >= ${utc(x.start)} AND ${col} < ${utc(x.end)}`;
  const closedIn = Prisma.sql`e."state" = 'CLOSED' AND ${inW(period, Prisma.sql`e."closedAt"`)}`;
  const grassroots = Prisma.sql`e."source"::text IN ${GRASSROOTS}`;
  const fired = Prisma.sql`EXISTS (SELECT 1 FROM "EventDeadline" d WHERE d."eventId" = e.id AND d."status" = 'FIRED')`;
  const where: Record<DrillQuery["figure"], Prisma.Sql> = {
    reported: Prisma.sql`e."state" <> 'MERGED' AND ${inW(w.period)}`,
    today: Prisma.sql`e."state" <> 'MERGED' AND ${inW(w.today)}`,
    month: Prisma.sql`e."state" <> 'MERGED' AND ${inW(w.month)}`,
    open: Prisma.sql`e."isOpen"`,
    overdue: Prisma.sql`e."isOpen" AND e."dueAt" < ${utc(now)}`,
    closed: closedIn,
    onTime: Prisma.sql`${closedIn} AND NOT ${fired}`,
    late: Prisma.sql`${closedIn} AND ${fired}`,
    resolvedGrid: Prisma.sql`${closedIn} AND ${grassroots} AND e."resolvedLevel" = 'GRID'`,
    resolvedCommunity: Prisma.sql`${closedIn} AND ${grassroots} AND e."resolvedLevel" IN ('GRID', 'VILLAGE')`,
    rated: Prisma.sql`${closedIn} AND e."rating" IS NOT NULL`,
    satisfied: Prisma.sql`${closedIn} AND e."rating" >= 4`,
    supervised: Prisma.sql`e."isOpen" AND e."superviseGrade" > 0`,
  };
  const source = q.source ? Prisma.sql`AND e."source"::text = ${q.source}` : Prisma.empty;
  const cursor = q.cursor ? Prisma.sql`AND e."no" < ${q.cursor}` : Prisma.empty;
  const [rows, breadcrumb] = await Promise.all([
    db.$queryRaw<(Omit<DrillRow, "late"> & { late: boolean })[]>`
      SELECT e.id, e."no", e."title", e."state"::text AS state, e."source"::text AS source, e."urgency"::text AS urgency,
        c."name" AS category, c."nameEn" AS "categoryEn", g."name" AS grid, e."reportedAt", e."closedAt", e."dueAt",
        e."resolvedLevel", e."rating", e."superviseGrade", ${fired} AS late
      FROM "Event" e JOIN "Unit" g ON g.id = e."gridId" JOIN "EventCategory" c ON c.id = e."categoryId"
      WHERE g."pathIds" @> ARRAY[${unit.id}]::int[] ${categoryWhere(q.category)} AND ${where[q.figure]} ${source} ${cursor}
      ORDER BY e."no" DESC
      LIMIT ${DRILL_PAGE + 1}`,
    breadcrumbOf(viewer, unit),
  ]);
  const page = rows.slice(0, DRILL_PAGE);
  return { unit, breadcrumb, period, rows: page, nextCursor: rows.length > DRILL_PAGE ? page.at(-1)!.no : null };
}

// --- the big screen ----------------------------------------------------------------------

export interface FeedItem {
  id: string;
  no: number;
  title: string;
  state: string;
  urgency: string;
  superviseGrade: number;
  grid: string;
  reportedAt: Date;
  dueAt: Date | null;
}

/** The big screen's live lists: the newest reports and the open supervised events of the unit. */
export async function screenFeed(viewer: Viewer, filters: Filters, limit = 12): Promise<{ latest: FeedItem[]; supervised: FeedItem[] }> {
  await authorize(viewer, "dashboard.view");
  const unit = await unitInScope(viewer, filters.unit);
  const select = Prisma.sql`SELECT e.id, e."no", e."title", e."state"::text AS state, e."urgency"::text AS urgency, e."superviseGrade", g."name" AS grid, e."reportedAt", e."dueAt"
    FROM "Event" e JOIN "Unit" g ON g.id = e."gridId"`;
  const [latest, supervised] = await Promise.all([
    db.$queryRaw<FeedItem[]>`${select} WHERE g."pathIds" @> ARRAY[${unit.id}]::int[] AND e."state" <> 'MERGED' ${categoryWhere(filters.category)} ORDER BY e."no" DESC LIMIT ${limit}`,
    db.$queryRaw<FeedItem[]>`${select} WHERE e."isOpen" AND e."superviseGrade" > 0 AND g."pathIds" @> ARRAY[${unit.id}]::int[] ${categoryWhere(filters.category)} ORDER BY e."rank" DESC, e."no" DESC LIMIT ${limit}`,
  ]);
  return { latest, supervised };
}

// --- assessment --------------------------------------------------------------------------

export interface AssessmentRow {
  kind: SubjectKind;
  id: string;
  name: string;
  /** The unit (for units and workers) or nothing (departments). */
  unitName: string | null;
  measured: Measured;
  /** Shown beside the score, not scored: counts behind the rates. */
  detail: { closed: number; rated: number; visitsDue: number; visits?: number; tasks?: number };
  score: Score;
  rank: number;
}

export interface Assessment {
  period: DashboardPeriod;
  kinds: SubjectKind[];
  kind: SubjectKind;
  levels: Level[];
  level: Level | null;
  rules: RuleSet;
  rulesVersion: number;
  rows: AssessmentRow[];
  visitsFreshness: Freshness | null;
}

async function rulesOfCounty(countyId: number): Promise<{ rules: RuleSet; version: number }> {
  const row = await db.dashboardScoringRules.findUnique({ where: { countyId }, select: { rules: true, version: true } });
  return row ? { rules: readRuleSet(row.rules), version: row.version } : { rules: DEFAULT_RULES, version: 0 };
}

async function supervisionByUnit(unit: ScopeUnit, period: DashboardPeriod, index: number) {
  const rows = await db.$queryRaw<{ k: number; grade: number; n: number }[]>`
    SELECT t."pathIds"[${index}::int] AS k, s."grade", count(*)::int AS n
    FROM "EventSupervision" s JOIN "Unit" t ON t.id = s."targetUnitId"
    WHERE t."pathIds" @> ARRAY[${unit.id}]::int[] AND s."at" >= ${utc(period.start)} AND s."at" < ${utc(period.end)}
    GROUP BY 1, 2`;
  return rows;
}

function cardsOf(rows: { k: number; grade: number; n: number }[], key: number): Pick<Measured, "supervisionOrdinary" | "supervisionYellow" | "supervisionRed"> {
  const n = (g: number) => rows.filter((r) => r.k === key && r.grade === g).reduce((s, r) => s + r.n, 0);
  return { supervisionOrdinary: n(1), supervisionYellow: n(2), supervisionRed: n(3) };
}

/**
 * The scoreboard of a period: units of one level, departments, or grid workers, each with
 * the measured values, the score and its lines under the county's rules (scoring.ts).
 */
export async function assessment(viewer: Viewer, q: { period?: string; kind?: SubjectKind; level?: Level }, now = new Date()): Promise<Assessment> {
  await authorize(viewer, "dashboard.assessment");
  const kinds = assessmentKindsFor(viewer.role);
  const kind = q.kind && kinds.includes(q.kind) ? q.kind : kinds[0];
  const unit = await unitInScope(viewer, undefined);
  const period = resolvePeriod(q.period, now);
  const { rules, version } = await rulesOfCounty(viewer.unitPath[0]);
  const levels = levelsBelow(unit.level);
  const level = kind === "UNIT" ? (q.level && levels.includes(q.level) ? q.level : (levels[0] ?? null)) : null;
  let rows: Omit<AssessmentRow, "rank" | "score">[] = [];
  let visitsFreshness: Freshness | null = null;

  if (kind === "UNIT" && level) {
    const units = await db.unit.findMany({
      where: { ...unitsWithin(viewer), level, retiredAt: null },
      orderBy: [{ code: "asc" }],
      take: 2000,
      select: { id: true, name: true, depth: true, parent: { select: { name: true } } },
    });
    if (units.length) {
      const index = units[0].depth + 1;
      const group: GroupBy = { by: "path", index };
      const [closed, cards, grids] = await Promise.all([periodAgg(unit, undefined, period, group), supervisionByUnit(unit, period, index), gridsOf(unit)]);
      const months = monthsSoFar(period, now);
      const visits = await visitMonths(grids.map((g) => g.id), months, now);
      visitsFreshness = visits.freshness;
      const parts = new Map<number, { due: number; onTime: number; late: number; pending: number }[]>();
      for (const g of grids) {
        const k = g.pathIds[index - 1];
        const v = visits.byGrid.get(g.id);
        if (v) parts.set(k, [...(parts.get(k) ?? []), v]);
      }
      rows = units.map((u) => {
        const c = closed.get(u.id) ?? { ...emptyCounts() };
        const r = eventRates({ ...emptyCounts(), ...c });
        const v = visitCompletion(parts.get(u.id) ?? []);
        return {
          kind,
          id: String(u.id),
          name: u.name,
          unitName: u.parent?.name ?? null,
          measured: { onTimeRate: r.onTime.rate, resolvedGridRate: r.resolvedGrid.rate, satisfaction: r.satisfaction.rate, visitCompletion: v.rate, ...cardsOf(cards, u.id) },
          detail: { closed: c.closed, rated: c.rated, visitsDue: v.den },
        };
      });
    }
  } else if (kind === "DEPARTMENT") {
    const departments = await db.department.findMany({
      where: { enabled: true, ...(viewer.role === "DEPARTMENT_STAFF" ? { id: viewer.departmentId ?? -1 } : {}) },
      orderBy: [{ sortOrder: "asc" }, { id: "asc" }],
      select: { id: true, name: true },
    });
    const ids = departments.map((d) => d.id);
    const [tasks, satisfaction, cards] = await Promise.all([
      // A task's completion time is the task row's last update (a completed task changes no more).
      db.$queryRaw<{ k: number; done: number; onTime: number }[]>`
        SELECT t."departmentId" AS k, count(*)::int AS done,
          count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM "EventDeadline" d WHERE d."taskId" = t.id AND d."status" = 'FIRED'))::int AS "onTime"
        FROM "DispatchTask" t JOIN "Event" e ON e.id = t."eventId" JOIN "Unit" g ON g.id = e."gridId"
        WHERE t."state" = 'COMPLETED' AND t."departmentId" = ANY(${ids}::int[]) AND g."pathIds" @> ARRAY[${unit.id}]::int[]
          AND t."updatedAt" >= ${utc(period.start)} AND t."updatedAt" < ${utc(period.end)}
        GROUP BY 1`,
      db.$queryRaw<{ k: number; rated: number; satisfied: number }[]>`
        SELECT e."leadDepartmentId" AS k, count(e."rating")::int AS rated, count(*) FILTER (WHERE e."rating" >= 4)::int AS satisfied
        FROM "Event" e JOIN "Unit" g ON g.id = e."gridId"
        WHERE e."state" = 'CLOSED' AND e."leadDepartmentId" = ANY(${ids}::int[]) AND g."pathIds" @> ARRAY[${unit.id}]::int[]
          AND e."closedAt" >= ${utc(period.start)} AND e."closedAt" < ${utc(period.end)}
        GROUP BY 1`,
      db.$queryRaw<{ k: number; grade: number; n: number }[]>`
        SELECT s."targetDepartmentId" AS k, s."grade", count(*)::int AS n
        FROM "EventSupervision" s JOIN "Event" e ON e.id = s."eventId" JOIN "Unit" g ON g.id = e."gridId"
        WHERE s."targetDepartmentId" = ANY(${ids}::int[]) AND g."pathIds" @> ARRAY[${unit.id}]::int[]
          AND s."at" >= ${utc(period.start)} AND s."at" < ${utc(period.end)}
        GROUP BY 1, 2`,
    ]);
    rows = departments.map((d) => {
      const t = tasks.find((x) => x.k === d.id);
      const s = satisfaction.find((x) => x.k === d.id);
      return {
        kind,
        id: String(d.id),
        name: d.name,
        unitName: null,
        measured: {
          onTimeRate: t && t.done ? t.onTime / t.done : null,
          satisfaction: s && s.rated ? s.satisfied / s.rated : null,
          ...cardsOf(cards, d.id),
        },
        detail: { closed: s?.rated ?? 0, rated: s?.rated ?? 0, visitsDue: 0, tasks: t?.done ?? 0 },
      };
    });
  } else if (kind === "WORKER") {
    const workers = await db.user.findMany({
      where: { role: "GRID_WORKER", enabled: true, unit: { ...unitsWithin(viewer), level: "GRID" } },
      orderBy: [{ displayName: "asc" }],
      take: 3000,
      select: { id: true, displayName: true, unitId: true, unit: { select: { name: true } } },
    });
    const gridIds = [...new Set(workers.map((w) => w.unitId))];
    const months = monthsSoFar(period, now);
    const [closed, cards, visits, logged] = await Promise.all([
      periodAgg(unit, undefined, period, { by: "grid" }),
      db.$queryRaw<{ k: number; grade: number; n: number }[]>`
        SELECT s."targetUnitId" AS k, s."grade", count(*)::int AS n FROM "EventSupervision" s
        WHERE s."targetUnitId" = ANY(${gridIds}::int[]) AND s."at" >= ${utc(period.start)} AND s."at" < ${utc(period.end)}
        GROUP BY 1, 2`,
      visitMonths(gridIds, months, now),
      db.visit.groupBy({ by: ["visitorId"], where: { visitorId: { in: workers.map((w) => w.id) }, visitedAt: { gte: period.start, lt: period.end } }, _count: { _all: true } }),
    ]);
    visitsFreshness = visits.freshness;
    const visitCount = new Map(logged.map((v) => [v.visitorId, v._count._all]));
    rows = workers.map((w) => {
      const c = closed.get(w.unitId);
      const r = eventRates({ ...emptyCounts(), ...(c ?? {}) });
      // A worker's visit rate is their grid's (lib/visits/rates.ts).
      const v = visitCompletion([visits.byGrid.get(w.unitId)].filter((x) => !!x));
      return {
        kind,
        id: w.id,
        name: w.displayName,
        unitName: w.unit.name,
        measured: { visitCompletion: v.rate, onTimeRate: r.onTime.rate, satisfaction: r.satisfaction.rate, ...cardsOf(cards, w.unitId) },
        detail: { closed: c?.closed ?? 0, rated: c?.rated ?? 0, visitsDue: v.den, visits: visitCount.get(w.id) ?? 0 },
      };
    });
  }
  const scored = rank(rows.map((r) => ({ ...r, score: score(rules[kind], r.measured) })));
  return { period, kinds, kind, levels, level, rules, rulesVersion: version, rows: scored, visitsFreshness };
}

/** The county's scoring rules as the editor shows them. */
export async function scoringRules(viewer: Viewer): Promise<{ rules: RuleSet; version: number }> {
  await authorize(viewer, "dashboard.assessment");
  return rulesOfCounty(viewer.unitPath[0]);
}

/** Saves the county's scoring rules: one conditional write on the version, audited in the same transaction. */
export async function saveScoringRules(viewer: Viewer, input: SaveRulesInput): Promise<{ version: number }> {
  await authorize(viewer, "dashboard.rules");
  const countyId = viewer.unitPath[0];
  const rules = input.rules as RuleSet;
  for (const kind of Object.keys(rules) as SubjectKind[]) {
    if (rules[kind].some((r) => !METRICS_OF[kind].includes(r.metric))) throw new AppError("VALIDATION");
  }
  return db.$transaction(async (tx) => {
    const before = await tx.dashboardScoringRules.findUnique({ where: { countyId }, select: { rules: true, version: true } });
    let version: number;
    if (input.version === 0) {
      if (before) throw new AppError("STALE", { key: "dashboardRulesStale" });
      await tx.dashboardScoringRules.create({ data: { countyId, rules: rules as unknown as Prisma.InputJsonValue, version: 1, updatedById: viewer.id } });
      version = 1;
    } else {
      const { count } = await tx.dashboardScoringRules.updateMany({
        where: { countyId, version: input.version },
        data: { rules: rules as unknown as Prisma.InputJsonValue, version: { increment: 1 }, updatedById: viewer.id },
      });
      if (count === 0) throw new AppError("STALE", { key: "dashboardRulesStale" });
      version = input.version + 1;
    }
    await writeAudit(tx, {
      ...auditActor(viewer),
      action: "dashboard.rules",
      result: "success",
      targetType: "county",
      targetId: countyId,
      details: { version, before: (before?.rules ?? DEFAULT_RULES) as unknown as Prisma.InputJsonValue, after: rules as unknown as Prisma.InputJsonValue },
    });
    return { version };
  });
}

/** Records a download of the dashboard (the data leaves the system). */
export async function auditExport(viewer: Viewer, details: { format: string; unit: number; period: string; category?: number }): Promise<void> {
  await writeAudit(db, { ...auditActor(viewer), action: "dashboard.export", result: "success", targetType: "unit", targetId: details.unit, details });
}

// --- the center records behind the center figures ----------------------------------------

export const CENTER_PAGE = 50;

export interface CenterDrillRow {
  id: string;
  no: number;
  title: string;
  unit: string;
  grid: string | null;
  risk: string | null;
  status: string;
  at: Date | null;
  /** Disputes: agreed / referred; petitions: on time or not. */
  outcome: "agreed" | "referred" | "onTime" | "late" | null;
}

/** Disputes or petitions behind a center figure, with the figure's scope and period. */
export async function centerDrill(viewer: Viewer, q: CenterDrillQuery, now = new Date()): Promise<{ unit: ScopeUnit; breadcrumb: Crumb[]; period: DashboardPeriod; kind: "dispute" | "petition"; rows: CenterDrillRow[]; hasMore: boolean }> {
  await authorize(viewer, "dashboard.view");
  const unit = await unitInScope(viewer, q.unit);
  const period = resolvePeriod(q.period, now);
  const page = q.page ?? 1;
  const offset = (page - 1) * CENTER_PAGE;
  const breadcrumb = await breadcrumbOf(viewer, unit);
  if (q.figure === "replied" || q.figure === "repliedLate") {
    const rows = await db.$queryRaw<CenterDrillRow[]>`
      SELECT p.id, p."no", p."title", c."name" AS unit, gr."name" AS grid, NULL::text AS risk, p."status"::text AS status, p."repliedAt" AS at,
        CASE WHEN p."repliedOnTime" THEN 'onTime' ELSE 'late' END AS outcome
      FROM "Petition" p JOIN "Unit" g ON g.id = coalesce(p."gridId", p."unitId") JOIN "Unit" c ON c.id = p."unitId" LEFT JOIN "Unit" gr ON gr.id = p."gridId"
      WHERE g."pathIds" @> ARRAY[${unit.id}]::int[] AND p."repliedAt" >= ${utc(period.start)} AND p."repliedAt" < ${utc(period.end)}
        ${q.figure === "repliedLate" ? Prisma.sql`AND p."repliedOnTime" IS NOT TRUE` : Prisma.empty}
      ORDER BY p."repliedAt" DESC, p."no" DESC
      LIMIT ${CENTER_PAGE + 1} OFFSET ${offset}`;
    return { unit, breadcrumb, period, kind: "petition", rows: rows.slice(0, CENTER_PAGE), hasMore: rows.length > CENTER_PAGE };
  }
  const concluded = Prisma.sql`(d."concludedAt" >= ${utc(period.start)} AND d."concludedAt" < ${utc(period.end)})`;
  const where =
    q.figure === "openDisputes"
      ? Prisma.sql`d."status"::text IN ${OPEN_DISPUTES} ${q.risk ? Prisma.sql`AND d."risk"::text = ${q.risk}` : Prisma.empty}`
      : q.figure === "agreed"
        ? Prisma.sql`${concluded} AND a.id IS NOT NULL`
        : q.figure === "referred"
          ? Prisma.sql`${concluded} AND a.id IS NULL AND d."referral" IS NOT NULL`
          : concluded;
  const rows = await db.$queryRaw<CenterDrillRow[]>`
    SELECT d.id, d."no", d."title", c."name" AS unit, g."name" AS grid, d."risk"::text AS risk, d."status"::text AS status,
      ${q.figure === "openDisputes" ? Prisma.sql`d."registeredAt"` : Prisma.sql`d."concludedAt"`} AS at,
      CASE WHEN a.id IS NOT NULL THEN 'agreed' WHEN d."referral" IS NOT NULL THEN 'referred' END AS outcome
    FROM "Dispute" d JOIN "Unit" g ON g.id = d."gridId" JOIN "Unit" c ON c.id = d."unitId" LEFT JOIN "MediationAgreement" a ON a."disputeId" = d.id
    WHERE g."pathIds" @> ARRAY[${unit.id}]::int[] AND ${where}
    ORDER BY at DESC NULLS LAST, d."no" DESC
    LIMIT ${CENTER_PAGE + 1} OFFSET ${offset}`;
  return { unit, breadcrumb, period, kind: "dispute", rows: rows.slice(0, CENTER_PAGE), hasMore: rows.length > CENTER_PAGE };
}
