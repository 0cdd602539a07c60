// The monthly event rollups (migration dashboard_event_rollup, lib/dashboard/rollup.ts)
// against a direct count after arbitrary changes: events reported, closed, reopened,
// rated, moved between grids, counties and categories, merged, rejected, re-dated and
// deleted; deadlines fired and withdrawn one by one and several in one statement, moved
// between events and deleted; multi-row updates, rolled-back transactions, compaction at
// random moments, a rebuild and a TRUNCATE. The reference is the pure definition of every
// figure (lib/dashboard/rates.ts `countEvents`) over the rows read back.
import pg from "pg";
import { beforeEach, describe, expect, inject, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client.ts";
import { dashboardFigures, dashboardView } from "@/lib/dashboard/data";
import { monthsSoFar, parsePeriod, todayAndMonth } from "@/lib/dashboard/periods";
import { countEvents, type EventFacts, type EventSourceKey } from "@/lib/dashboard/rates";
import { compactEventRollups, countyBreakdowns, countyPeriodCounts, gridPeriodCounts, rebuildEventRollups, type PeriodCounts } from "@/lib/dashboard/rollup";
import { db } from "@/lib/server/db";
import { monthPeriodCN } from "@/lib/visits/calendar";
import { NOW, seedDashboardFixture, type DashboardFixture } from "../support/dashboard";
import { fixture, viewerFor, type UnitKey } from "../support/fixtures";

let fx: DashboardFixture;
let parents = new Map<number, number | null>();
const parentOf = (id: number) => parents.get(id) ?? null;
beforeEach(async () => {
  fx = await seedDashboardFixture();
  parents = new Map((await db.eventCategory.findMany({ select: { id: true, parentId: true } })).map((c) => [c.id, c.parentId]));
});

const OPEN = ["REPORTED", "AT_COMMUNITY", "AT_TOWNSHIP", "AT_CENTER", "ACCEPTED", "DISPATCHED", "PROCESSING", "REVIEW", "FEEDBACK"] as const;
const SOURCES: EventSourceKey[] = ["GRID_REPORT", "SENTIMENT", "CENTER_INTAKE", "PROJECT_FINDING", "LEADER_ASSIGNMENT"];
const LEVELS = [null, "GRID", "VILLAGE", "TOWNSHIP", "DEPARTMENT"];
const GRIDS: UnitKey[] = ["G111", "G112", "G121", "G211", "GB"];
const MONTHS = ["2025-12", ...Array.from({ length: 11 }, (_, i) => `2026-${String(i + 1).padStart(2, "0")}`)];

/** A seeded generator (mulberry32), so that a failure can be replayed. */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  // Half of the instants fall within an hour of a China-time month boundary (16:00 UTC on the last day).
  const instant = () => {
    const month = pick(MONTHS);
    const start = monthPeriodCN(month)!.start.getTime();
    const at = next() < 0.5 ? start + (next() - 0.5) * 2 * 3600_000 : start + next() * 28 * 86_400_000;
    return new Date(Math.min(at, NOW.getTime() - 3600_000));
  };
  return { next, pick, instant };
}

interface Row extends EventFacts {
  id: string;
  gridId: number;
  county: number;
  categoryId: number;
}

/** The events as they are now, with the facts the definitions need. */
async function rows(): Promise<Row[]> {
  const found = await db.$queryRaw<(Omit<Row, "anyDeadlineFired" | "county"> & { fired: boolean; path: number[] })[]>`
    SELECT e.id, e."gridId", e."categoryId", e."state"::text AS state, e."source"::text AS source, e."isOpen", e."reportedAt", e."closedAt",
      e."dueAt", e."resolvedLevel", e."rating", g."pathIds" AS path,
      EXISTS (SELECT 1 FROM "EventDeadline" d WHERE d."eventId" = e.id AND d."status" = 'FIRED') AS fired
    FROM "Event" e JOIN "Unit" g ON g.id = e."gridId"`;
  return found.map(({ fired, path, ...r }) => ({ ...r, county: path[0], anyDeadlineFired: fired }));
}

const windowsOf = (month: string) => ({ ...todayAndMonth(NOW), period: monthPeriodCN(month)! });
function periodOf(c: ReturnType<typeof countEvents>): PeriodCounts {
  const { reportedToday: _t, reportedMonth: _m, open: _o, overdue: _d, ...rest } = c;
  return rest;
}
const isZero = (c: PeriodCounts) => Object.values(c).every((v) => v === 0);

/** Every month of every grid and county, through the rollup readers, against the definitions. */
async function expectRollupsExact(label: string) {
  const events = await rows();
  const { units } = fixture();
  const categories = [undefined, fx.categories.safety, fx.categories.fireLeaf];
  for (const month of MONTHS) {
    for (const county of [units.A, units.B]) {
      const perGrid = await gridPeriodCounts(county, [month], Prisma.sql`r."gridId"`);
      const got = new Map([...perGrid].filter(([, c]) => !isZero(c)));
      const want = new Map<number, PeriodCounts>();
      for (const grid of new Set(events.filter((e) => e.county === county).map((e) => e.gridId))) {
        const c = periodOf(countEvents(events.filter((e) => e.gridId === grid), windowsOf(month), NOW));
        if (!isZero(c)) want.set(grid, c);
      }
      expect(got, `${label}: grids of ${county} in ${month}`).toEqual(want);
      for (const category of categories) {
        const inCategory = events.filter((e) => e.county === county && (!category || e.categoryId === category || parentOf(e.categoryId) === category));
        expect(await countyPeriodCounts(county, [month], category), `${label}: county ${county}, ${month}, category ${category}`).toEqual(
          periodOf(countEvents(inCategory, windowsOf(month), NOW)),
        );
      }
    }
  }
  // A whole year at once, with its breakdowns by source.
  const year = parsePeriod("2026")!;
  const inYear = events.filter((e) => e.county === units.A && e.state !== "MERGED" && e.reportedAt >= year.start && e.reportedAt < year.end);
  const bySource = new Map((await countyBreakdowns(units.A, year.months, undefined, false)).filter((b) => b.src).map((b) => [b.src!, b.n]));
  const want = new Map(SOURCES.map((s): [string, number] => [s, inYear.filter((e) => e.source === s).length]).filter(([, n]) => n));
  expect(bySource, `${label}: sources of the year`).toEqual(want);
}

describe("event rollups", () => {
  it("equal a direct count after arbitrary changes, compaction and a rebuild", async () => {
    const { units, users } = fixture();
    const leaves = [fx.categories.safetyLeaf, fx.categories.fireLeaf, fx.categories.safety];
    const r = random(20261125);
    let n = 0;
    const anyEvent = async (where: Prisma.EventWhereInput = {}) => {
      const ids = await db.event.findMany({ where, select: { id: true }, orderBy: { no: "asc" } });
      return ids.length ? r.pick(ids).id : null;
    };
    const closing = () => {
      const closedAt = r.instant();
      return { state: "CLOSED" as const, isOpen: false, closedAt, rating: r.next() < 0.7 ? 1 + Math.floor(r.next() * 5) : null, resolvedLevel: r.pick(LEVELS) };
    };
    const ops: (() => Promise<unknown>)[] = [
      // A new event, in any state.
      async () => {
        const state = r.pick([...OPEN, "CLOSED", "REJECTED", "MERGED"] as const);
        const closed = state === "CLOSED" ? closing() : {};
        await db.event.create({
          data: {
            source: r.pick(SOURCES), categoryId: r.pick(leaves), urgency: "NORMAL", title: `随机 ${n}`, description: "-", lat: 30, lng: 100,
            gridId: units[r.pick(GRIDS)], state, isOpen: (OPEN as readonly string[]).includes(state), reporterId: users.grid,
            idempotencyKey: `rollup-${n++}`, reportedAt: r.instant(), closedAt: state === "REJECTED" || state === "MERGED" ? r.instant() : null, ...closed,
          },
        });
      },
      // Closed (with a result and perhaps a rating), reopened, rejected, merged.
      async () => {
        const id = await anyEvent({ isOpen: true });
        if (id) await db.event.update({ where: { id }, data: closing() });
      },
      async () => {
        const id = await anyEvent({ state: "CLOSED" });
        if (id) await db.event.update({ where: { id }, data: { state: "PROCESSING", isOpen: true, closedAt: null, rating: null, resolvedLevel: null } });
      },
      async () => {
        const id = await anyEvent();
        if (id) await db.event.update({ where: { id }, data: { state: r.pick(["REJECTED", "MERGED"] as const), isOpen: false, closedAt: r.instant() } });
      },
      // The facts of a closed event change: rating, level, the day it closed.
      async () => {
        const id = await anyEvent({ state: "CLOSED" });
        if (id) await db.event.update({ where: { id }, data: { rating: r.next() < 0.3 ? null : 1 + Math.floor(r.next() * 5), resolvedLevel: r.pick(LEVELS), closedAt: r.next() < 0.5 ? r.instant() : undefined } });
      },
      // Moved to another grid (perhaps another county), category or source; re-dated.
      async () => {
        const id = await anyEvent();
        if (id) await db.event.update({ where: { id }, data: { gridId: units[r.pick(GRIDS)], categoryId: r.pick(leaves), source: r.pick(SOURCES), reportedAt: r.next() < 0.5 ? r.instant() : undefined } });
      },
      // Many events in one statement.
      async () => {
        await db.$executeRaw`UPDATE "Event" SET "rating" = ${1 + Math.floor(r.next() * 5)} WHERE "state" = 'CLOSED' AND "gridId" = ${units[r.pick(GRIDS)]}`;
      },
      async () => {
        await db.$executeRaw`UPDATE "Event" SET "gridId" = ${units[r.pick(GRIDS)]} WHERE "gridId" = ${units[r.pick(GRIDS)]} AND "no" % 2 = 0`;
      },
      // Deleted, with what hangs on it.
      async () => {
        const id = await anyEvent();
        if (!id) return;
        await db.$transaction([
          db.eventSupervision.deleteMany({ where: { eventId: id } }),
          db.dispatchTask.deleteMany({ where: { eventId: id } }),
          db.eventDeadline.deleteMany({ where: { eventId: id } }),
          db.event.delete({ where: { id } }),
        ]);
      },
      // Deadlines: a new one (fired or not), all of an event's fired in one statement,
      // withdrawn, moved to another event, deleted.
      async () => {
        const id = await anyEvent();
        if (!id) return;
        const at = r.instant();
        const fired = r.next() < 0.5;
        await db.eventDeadline.create({ data: { eventId: id, stage: "HANDLE", holder: "UNIT", holderId: units.G111, startsAt: at, warnAt: at, dueAt: at, status: fired ? "FIRED" : "ACTIVE", firedAt: fired ? at : null } });
      },
      async () => {
        const id = await anyEvent();
        if (id) await db.eventDeadline.updateMany({ where: { eventId: id }, data: { status: "FIRED" } });
      },
      async () => {
        const id = await anyEvent();
        if (id) await db.eventDeadline.updateMany({ where: { eventId: id, status: "FIRED" }, data: { status: r.pick(["CANCELLED", "MET"] as const) } });
      },
      async () => {
        const [from, to] = [await anyEvent(), await anyEvent()];
        const d = from && (await db.eventDeadline.findFirst({ where: { eventId: from }, select: { id: true } }));
        if (d && to) await db.eventDeadline.update({ where: { id: d.id }, data: { eventId: to } });
      },
      async () => {
        const id = await anyEvent();
        if (id) await db.eventDeadline.deleteMany({ where: { eventId: id } });
      },
      async () => {
        // Deadlines of several events in one statement.
        await db.$executeRaw`UPDATE "EventDeadline" SET "status" = (CASE WHEN "status" = 'FIRED' THEN 'MET' ELSE 'FIRED' END)::"DeadlineStatus" WHERE length("eventId") % 3 = ${Math.floor(r.next() * 3)}`;
      },
      // A change rolled back leaves nothing behind.
      async () => {
        const id = await anyEvent({ isOpen: true });
        if (!id) return;
        await db
          .$transaction(async (tx) => {
            await tx.event.update({ where: { id }, data: closing() });
            await tx.eventDeadline.updateMany({ where: { eventId: id }, data: { status: "FIRED" } });
            throw new Error("rolled back");
          })
          .catch(() => undefined);
      },
      async () => compactEventRollups(),
    ];
    await expectRollupsExact("the fixture");
    for (let step = 1; step <= 240; step++) {
      await r.pick(ops)();
      if (step % 40 === 0) await expectRollupsExact(`after ${step} changes`);
    }
    // Everything folded in, then everything recounted: the same figures, the same rows.
    await compactEventRollups();
    expect(await db.dashboardEventDelta.count()).toBe(0);
    const folded = await db.$queryRaw<object[]>`SELECT * FROM "DashboardEventMonth" WHERE "reported" <> 0 OR "closed" <> 0 OR "onTime" <> 0 OR "rated" <> 0 OR "ratingSum" <> 0 ORDER BY 1, 2`;
    await rebuildEventRollups();
    expect(await db.$queryRaw<object[]>`SELECT * FROM "DashboardEventMonth" ORDER BY 1, 2`).toEqual(folded);
    await expectRollupsExact("after the rebuild");
    // Deadlines emptied wholesale: every closed event is on time again.
    await db.$executeRawUnsafe(`TRUNCATE "EventDeadline"`);
    await expectRollupsExact("after TRUNCATE");
  });

  it("gives the dashboard's figures of a year, a quarter and a month as the definitions do", async () => {
    const { units, users } = fixture();
    const r = random(7);
    // A year of events on top of the hand-checked set, some closed with a fired deadline.
    for (let i = 0; i < 60; i++) {
      const closed = r.next() < 0.6;
      const reportedAt = r.instant();
      const e = await db.event.create({
        data: {
          source: r.pick(SOURCES), categoryId: r.pick([fx.categories.safetyLeaf, fx.categories.fireLeaf]), urgency: "NORMAL", title: `年度 ${i}`, description: "-",
          lat: 30, lng: 100, gridId: units[r.pick(GRIDS)], state: closed ? "CLOSED" : "PROCESSING", isOpen: !closed, reporterId: users.grid, idempotencyKey: `year-${i}`,
          reportedAt, closedAt: closed ? new Date(Math.min(reportedAt.getTime() + r.next() * 40 * 86_400_000, NOW.getTime() - 1)) : null,
          rating: closed && r.next() < 0.7 ? 1 + Math.floor(r.next() * 5) : null, resolvedLevel: closed ? r.pick(LEVELS) : null,
        },
        select: { id: true, reportedAt: true },
      });
      if (r.next() < 0.3) {
        await db.eventDeadline.create({ data: { eventId: e.id, stage: "HANDLE", holder: "UNIT", holderId: units.G111, startsAt: reportedAt, warnAt: reportedAt, dueAt: reportedAt, status: "FIRED", firedAt: reportedAt } });
      }
    }
    const events = await rows();
    const leader = await viewerFor("leader");
    const township = await viewerFor("township");
    for (const key of ["2026", "2026-Q3", "2026-11", "2025-12"]) {
      const period = parsePeriod(key)!;
      const w = { ...todayAndMonth(NOW), period };
      const inCounty = events.filter((e) => e.county === units.A);
      const { figures } = await dashboardFigures(leader, { period: key }, NOW);
      expect(figures.counts, `county, ${key}`).toEqual(countEvents(inCounty, w, NOW));
      const safety = await dashboardFigures(leader, { period: key, category: fx.categories.safety }, NOW);
      expect(safety.figures.counts, `county, safety, ${key}`).toEqual(countEvents(inCounty.filter((e) => e.categoryId === fx.categories.safetyLeaf), w, NOW));
      const t1 = await dashboardFigures(township, { period: key }, NOW);
      const inT1 = events.filter((e) => [units.G111, units.G112, units.G121].includes(e.gridId));
      expect(t1.figures.counts, `township, ${key}`).toEqual(countEvents(inT1, w, NOW));
      const view = await dashboardView(leader, { period: key, trend: "month" }, NOW);
      for (const month of monthsSoFar(period, NOW)) {
        const c = countEvents(inCounty, windowsOf(month), NOW);
        expect(view.trend.find((b) => b.key === `${month}-01`), `trend ${month}`).toEqual({ key: `${month}-01`, reported: c.reportedPeriod, closed: c.closed });
      }
      const byCategory = new Map(view.byCategory.map((b) => [b.id, b.count]));
      for (const [top, leaf] of [[fx.categories.safety, fx.categories.safetyLeaf], [fx.categories.fire, fx.categories.fireLeaf]]) {
        const n = countEvents(inCounty.filter((e) => e.categoryId === leaf), w, NOW).reportedPeriod;
        expect(byCategory.get(top) ?? 0, `category ${top}, ${key}`).toBe(n);
      }
      const [east, west] = view.ranking;
      const tw = countEvents(events.filter((e) => e.gridId === units.G211), w, NOW);
      expect(west.counts.reportedPeriod).toBe(tw.reportedPeriod);
      expect(west.counts.closed).toBe(tw.closed);
      expect(east.counts.onTime).toBe(countEvents(inT1, w, NOW).onTime);
    }
  });

  it.skipIf(inject("databaseKind") !== "postgresql")("stays exact when an event closes while one of its deadlines fires, in either order", async () => {
    const { units, users } = fixture();
    const connect = async () => {
      const c = new pg.Client({ connectionString: inject("databaseUrl") });
      await c.connect();
      return c;
    };
    const [a, b, watcher] = [await connect(), await connect(), await connect()];
    const waitsForLock = async (client: pg.Client) => {
      const pid = (client as unknown as { processID: number }).processID;
      for (let i = 0; i < 200; i++) {
        const { rows: w } = await watcher.query(`SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1`, [pid]);
        if (w[0]?.wait_event_type === "Lock") return;
        await new Promise((res) => setTimeout(res, 25));
      }
      throw new Error("the second transaction never waited");
    };
    try {
      for (const closeFirst of [true, false]) {
        const e = await db.event.create({
          data: { source: "GRID_REPORT", categoryId: fx.categories.safetyLeaf, urgency: "NORMAL", title: "并发", description: "-", lat: 30, lng: 100, gridId: units.G111,
            state: "PROCESSING", isOpen: true, reporterId: users.grid, idempotencyKey: `race-${closeFirst}`, reportedAt: new Date("2026-11-10T02:00:00Z") },
          select: { id: true },
        });
        const close = `UPDATE "Event" SET "state" = 'CLOSED', "isOpen" = false, "closedAt" = '2026-11-15 02:00', "rating" = 5, "resolvedLevel" = 'GRID' WHERE id = '${e.id}'`;
        const fire = `INSERT INTO "EventDeadline" ("id", "eventId", "stage", "holder", "holderId", "startsAt", "warnAt", "dueAt", "status", "firedAt")
          VALUES ('race-${closeFirst}', '${e.id}', 'HANDLE', 'UNIT', ${units.G111}, '2026-11-10', '2026-11-11', '2026-11-12', 'FIRED', '2026-11-12')`;
        const [first, second] = closeFirst ? [close, fire] : [fire, close];
        await a.query("BEGIN");
        await b.query("BEGIN");
        await a.query(first);
        const pending = b.query(second);
        await waitsForLock(b);
        await a.query("COMMIT");
        await pending;
        await b.query("COMMIT");
        await expectRollupsExact(closeFirst ? "closed, then fired" : "fired, then closed");
      }
      // Many reports into one grid and month at once: appended deltas never wait for each other.
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          db.event.create({
            data: { source: "GRID_REPORT", categoryId: fx.categories.safetyLeaf, urgency: "NORMAL", title: `同时 ${i}`, description: "-", lat: 30, lng: 100, gridId: units.G112,
              state: "REPORTED", isOpen: true, reporterId: users.grid, idempotencyKey: `burst-${i}`, reportedAt: new Date("2026-11-19T02:00:00Z") },
          }),
        ),
      );
      await expectRollupsExact("after a burst of reports");
    } finally {
      await Promise.all([a.end(), b.end(), watcher.end()]);
    }
  });
});
