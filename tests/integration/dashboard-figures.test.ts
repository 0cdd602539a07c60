// The dashboard's figures on the hand-checked data set of tests/support/dashboard.ts: each
// rate as worked out by hand, the same as the pure definitions (lib/dashboard/rates.ts)
// give, per unit, per child unit and per grid.
import { beforeEach, describe, expect, it } from "vitest";
import { dashboardFigures, dashboardView, drillList, measureLayer } from "@/lib/dashboard/data";
import { parsePeriod, todayAndMonth } from "@/lib/dashboard/periods";
import { countEvents, eventRates } from "@/lib/dashboard/rates";
import { completionRate } from "@/lib/visits/rates";
import { gridCompletionRate } from "@/lib/visits/data";
import { db } from "@/lib/server/db";
import { factsOf, NOW, PERIOD, seedDashboardFixture, type DashboardFixture } from "../support/dashboard";
import { fixture, viewerFor, type UnitKey } from "../support/fixtures";

let fx: DashboardFixture;
beforeEach(async () => {
  fx = await seedDashboardFixture();
});

const windows = () => ({ ...todayAndMonth(NOW), period: parsePeriod(PERIOD)! });
const COUNTY_A: UnitKey[] = ["G111", "G112", "G121", "G211"];

describe("dashboard figures", () => {
  it("counts the county's events as worked out by hand", async () => {
    const { figures } = await dashboardFigures(await viewerFor("leader"), { period: PERIOD }, NOW);
    expect(figures.counts).toEqual({
      reportedToday: 1, // E4
      reportedMonth: 7, // E1 E2 E3 E4 E7 E8 E10 (E5 October, E6 merged, E9 October)
      reportedPeriod: 7,
      open: 3, // E3 E4 E10
      overdue: 1, // E3
      closed: 4, // E1 E2 E5 E7
      onTime: 2, // E1 E5 (E2 and E7 had a deadline fire)
      grassroots: 3, // E1 E2 E7
      resolvedGrid: 1, // E1
      resolvedCommunity: 2, // E1 E2
      rated: 3, // E1 E2 E5
      satisfied: 2, // E1 (5) E5 (4)
      ratingSum: 12,
    });
    expect(figures.rates.onTime.rate).toBe(0.5);
    expect(figures.rates.resolvedGrid.rate).toBeCloseTo(1 / 3);
    expect(figures.rates.resolvedCommunity.rate).toBeCloseTo(2 / 3);
    expect(figures.rates.satisfaction.rate).toBeCloseTo(2 / 3);
    expect(figures.rates.meanRating).toBe(4);
    // The database's counting is the pure definition's.
    expect(figures.counts).toEqual(countEvents(factsOf(COUNTY_A), windows(), NOW));
  });

  it("computes the visit completion rate with the visits module's definition", async () => {
    const { figures } = await dashboardFigures(await viewerFor("leader"), { period: PERIOD }, NOW);
    // H1 on time, H2 late, H4 pending, H3 not due.
    expect(figures.visits).toMatchObject({ num: 1, den: 2, rate: 0.5, due: 3, pending: 1 });
    expect(figures.visits.freshness.complete).toBe(true);
    const grid = await gridCompletionRate(await viewerFor("leader"), fixture().units.G111, PERIOD, NOW);
    const { figures: g } = await dashboardFigures(await viewerFor("leader"), { period: PERIOD, unit: fixture().units.G111 }, NOW);
    expect(g.visits.rate).toBe(grid.rate);
    expect(g.visits.den).toBe(grid.onTime + grid.late);
    expect(completionRate([], parsePeriod(PERIOD)!, NOW).rate).toBeNull();
  });

  it("counts key-group residents per 1,000, leaving deleted residents and disabled tags out", async () => {
    const { figures } = await dashboardFigures(await viewerFor("leader"), { period: PERIOD }, NOW);
    expect(figures.population).toMatchObject({ residents: 5, keyResidents: 1, keyPer1000: 200 });
  });

  it("follows the unit: a grid's figures are that grid's", async () => {
    const leader = await viewerFor("leader");
    const { figures } = await dashboardFigures(leader, { period: PERIOD, unit: fixture().units.G111 }, NOW);
    expect(figures.counts).toEqual(countEvents(factsOf(["G111"]), windows(), NOW));
    expect(figures.counts).toMatchObject({ reportedPeriod: 4, open: 2, overdue: 1, closed: 2, onTime: 1 });
    expect(figures.rates.resolvedCommunity.rate).toBe(1);
  });

  it("filters by category, a top level one standing for its sub-categories", async () => {
    const leader = await viewerFor("leader");
    const { figures } = await dashboardFigures(leader, { period: PERIOD, category: fx.categories.fire }, NOW);
    expect(figures.counts).toEqual(countEvents(factsOf(COUNTY_A, "fire"), windows(), NOW));
    expect(figures.counts).toMatchObject({ closed: 1, onTime: 1, grassroots: 0, reportedPeriod: 0 });
    const leaf = await dashboardFigures(leader, { period: PERIOD, category: fx.categories.fireLeaf }, NOW);
    expect(leaf.figures.counts).toEqual(figures.counts);
  });

  it("ranks the child units with their own figures", async () => {
    const view = await dashboardView(await viewerFor("leader"), { period: PERIOD }, NOW);
    expect(view.ranking.map((r) => r.name)).toEqual(["东镇", "西镇"]);
    const [t1, t2] = view.ranking;
    // The period's counts and open events now; today and this month are the cards' only.
    const periodCounts = (grids: Parameters<typeof factsOf>[0]) => {
      const { reportedToday: _today, reportedMonth: _month, ...rest } = countEvents(factsOf(grids), windows(), NOW);
      return rest;
    };
    expect(t1.counts).toEqual(periodCounts(["G111", "G112", "G121"]));
    expect(t2.counts).toEqual(periodCounts(["G211"]));
    expect(t1.visits.rate).toBe(0.5);
    expect(t2.visits.rate).toBeNull();
    expect(view.breadcrumb.map((c) => c.name)).toEqual(["测试县"]);
    expect(view.figures.rates).toEqual(eventRates(view.figures.counts));
  });

  it("draws the trend, the categories and the sources of the period", async () => {
    const view = await dashboardView(await viewerFor("leader"), { period: PERIOD }, NOW);
    expect(view.granularity).toBe("day");
    expect(view.trend).toHaveLength(20); // 1 to 20 November
    const day = (k: string) => view.trend.find((t) => t.key === k)!;
    expect(day("2026-11-02")).toEqual({ key: "2026-11-02", reported: 1, closed: 0 });
    expect(day("2026-11-08")).toEqual({ key: "2026-11-08", reported: 0, closed: 1 }); // E5 closed; E8 rejected is not "closed"
    expect(view.trend.reduce((s, t) => s + t.reported, 0)).toBe(7);
    expect(view.trend.reduce((s, t) => s + t.closed, 0)).toBe(4);
    expect(view.byCategory).toEqual([{ id: fx.categories.safety, name: "治安隐患", nameEn: "t-safety", count: 7 }]);
    expect(view.bySource).toEqual([
      { source: "GRID_REPORT", count: 6 },
      { source: "SENTIMENT", count: 1 },
    ]);
    const weekly = await dashboardView(await viewerFor("leader"), { period: PERIOD, trend: "week" }, NOW);
    expect(weekly.trend.map((t) => t.key)).toEqual(["2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16"]);
  });

  it("lists the events behind each figure, the same ones the figure counts", async () => {
    const leader = await viewerFor("leader");
    const { figures } = await dashboardFigures(leader, { period: PERIOD }, NOW);
    const pairs: [Parameters<typeof drillList>[1]["figure"], number][] = [
      ["reported", figures.counts.reportedPeriod],
      ["today", figures.counts.reportedToday],
      ["open", figures.counts.open],
      ["overdue", figures.counts.overdue],
      ["closed", figures.counts.closed],
      ["onTime", figures.counts.onTime],
      ["late", figures.counts.closed - figures.counts.onTime],
      ["resolvedGrid", figures.counts.resolvedGrid],
      ["resolvedCommunity", figures.counts.resolvedCommunity],
      ["rated", figures.counts.rated],
      ["satisfied", figures.counts.satisfied],
    ];
    for (const [figure, count] of pairs) {
      const list = await drillList(leader, { figure, period: PERIOD }, NOW);
      expect(list.rows.length, figure).toBe(count);
    }
    const overdue = await drillList(leader, { figure: "overdue", period: PERIOD }, NOW);
    expect(overdue.rows.map((r) => r.id)).toEqual([fx.events.E3.id]);
    const late = await drillList(leader, { figure: "late", period: PERIOD }, NOW);
    expect(late.rows.map((r) => r.no).sort()).toEqual([fx.events.E2.no, fx.events.E7.no].sort());
    expect(late.rows.every((r) => r.late)).toBe(true);
    const supervised = await drillList(leader, { figure: "supervised", period: PERIOD }, NOW);
    expect(supervised.rows.map((r) => r.id)).toEqual([fx.events.E3.id]);
  });

  it("colours the grids by open events, visits and key groups", async () => {
    const leader = await viewerFor("leader");
    const { units } = fixture();
    const open = await measureLayer(leader, { period: PERIOD, measure: "open" }, NOW);
    expect(open.values).toEqual({ [units.G111]: 2, [units.G211]: 1 });
    const overdue = await measureLayer(leader, { period: PERIOD, measure: "overdue" }, NOW);
    expect(overdue.values).toEqual({ [units.G111]: 1, [units.G211]: 0 });
    const visits = await measureLayer(leader, { period: PERIOD, measure: "visitCompletion" }, NOW);
    expect(visits).toMatchObject({ kind: "rate", values: { [units.G111]: 0.5 } });
    const key = await measureLayer(leader, { period: PERIOD, measure: "keyPer1000" }, NOW);
    expect(key.values[units.G111]).toBeCloseTo(333.3, 1);
    expect(key.values[units.G112]).toBe(0);
    expect(await db.dashboardGridStat.count()).toBeGreaterThanOrEqual(4);
  });
});
