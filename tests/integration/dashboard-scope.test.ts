// Who sees which dashboard: a township officer only the township, nobody a unit outside
// their territory, and the map's layers follow the same scope.
import { beforeEach, describe, expect, it } from "vitest";
import { dashboardFigures, dashboardView, drillList, eventClusters, eventHeat, gridLayer, measureLayer, screenFeed } from "@/lib/dashboard/data";
import { parsePeriod, todayAndMonth } from "@/lib/dashboard/periods";
import { countEvents } from "@/lib/dashboard/rates";
import { db } from "@/lib/server/db";
import { factsOf, NOW, PERIOD, rejection, seedDashboardFixture, type DashboardFixture } from "../support/dashboard";
import { fixture, viewerFor } from "../support/fixtures";

let fx: DashboardFixture;
beforeEach(async () => {
  fx = await seedDashboardFixture();
});

const windows = () => ({ ...todayAndMonth(NOW), period: parsePeriod(PERIOD)! });

describe("dashboard scope", () => {
  it("shows a township officer the township only", async () => {
    const township = await viewerFor("township");
    const view = await dashboardView(township, { period: PERIOD }, NOW);
    expect(view.unit.id).toBe(fixture().units.T1);
    expect(view.figures.counts).toEqual(countEvents(factsOf(["G111", "G112", "G121"]), windows(), NOW));
    expect(view.ranking.map((r) => r.name)).toEqual(["东村", "西村"]);
    expect(view.breadcrumb.map((c) => c.name)).toEqual(["东镇"]);
    // The other township and the county itself are out of reach, as if they did not exist.
    for (const unit of [fixture().units.T2, fixture().units.A, fixture().units.G211, fixture().units.GB]) {
      expect((await rejection(dashboardFigures(township, { period: PERIOD, unit }, NOW))).code).toBe("NOT_FOUND");
      expect((await rejection(gridLayer(township, unit))).code).toBe("NOT_FOUND");
      expect((await rejection(drillList(township, { figure: "open", unit }, NOW))).code).toBe("NOT_FOUND");
    }
    const drill = await drillList(township, { figure: "open", period: PERIOD }, NOW);
    expect(drill.rows.map((r) => r.id).sort()).toEqual([fx.events.E3.id, fx.events.E4.id].sort());
  });

  it("keeps the other county out of the county leader's view", async () => {
    const leader = await viewerFor("leader");
    expect((await rejection(dashboardFigures(leader, { unit: fixture().units.B }, NOW))).code).toBe("NOT_FOUND");
    const all = await drillList(leader, { figure: "reported", period: PERIOD }, NOW);
    expect(all.rows.map((r) => r.id)).not.toContain(fx.events.E11.id);
    const layer = await gridLayer(leader, undefined);
    expect(layer.grids.map((g) => g.id).sort()).toEqual([fixture().units.G111, fixture().units.G112, fixture().units.G121, fixture().units.G211].sort());
    const feed = await screenFeed(leader, {});
    expect(feed.latest.map((e) => e.id)).not.toContain(fx.events.E12.id);
    expect(feed.supervised.map((e) => e.id)).toEqual([fx.events.E3.id]);
  });

  it("refuses the dashboard to grid workers, community officers and department staff", async () => {
    for (const username of ["grid", "community", "dept", "secadmin"]) {
      const viewer = await viewerFor(username);
      expect((await rejection(dashboardView(viewer, {}, NOW))).code).toBe("FORBIDDEN");
      expect((await rejection(eventClusters(viewer, {}, null, 12, NOW))).code).toBe("FORBIDDEN");
    }
    expect(await db.auditLog.count({ where: { action: "dashboard.view", result: "denied" } })).toBeGreaterThanOrEqual(8);
  });

  it("lets an administrator read the county dashboard", async () => {
    const view = await dashboardView(await viewerFor("admin"), { period: PERIOD }, NOW);
    expect(view.figures.counts.reportedPeriod).toBe(7);
  });

  it("clusters the events of the view on the server, conserving every event", async () => {
    const leader = await viewerFor("leader");
    const period = { period: PERIOD };
    const far = await eventClusters(leader, period, null, 8, NOW);
    // Events reported in November, neither rejected nor merged: E1 E2 E3 E4 E7 E10.
    expect(far.total).toBe(6);
    expect(far.clusters).toHaveLength(1);
    expect(far.clusters[0].counts).toEqual([1, 0, 2, 3]); // E3 overdue; E4 E10 open; E1 E2 E7 closed
    const near = await eventClusters(leader, period, null, 19, NOW);
    expect(near.clusters.reduce((s, c) => s + c.n, 0)).toBe(6);
    expect(near.clusters.filter((c) => c.id).length).toBeGreaterThan(1);
    // A bounding box leaves out what is outside it.
    const none = await eventClusters(leader, period, [0, 0, 1, 1], 12, NOW);
    expect(none.total).toBe(0);
    const heat = await eventHeat(leader, period, null, 10, NOW);
    expect(heat.points.reduce((s, p) => s + p[2], 0)).toBe(6);
    // The township sees its own: E1 E2 E3 E4 E7.
    expect((await eventClusters(await viewerFor("township"), period, null, 8, NOW)).total).toBe(5);
  });

  it("sends the grid layer compactly and colours only grids in scope", async () => {
    const township = await viewerFor("township");
    const layer = await gridLayer(township, undefined);
    expect(layer.grids).toHaveLength(3);
    // Each grid knows the child unit (village) it drills down to.
    expect(new Set(layer.grids.map((g) => g.child))).toEqual(new Set([fixture().units.V11, fixture().units.V12]));
    const m = await measureLayer(township, { period: PERIOD, measure: "open" }, NOW);
    expect(Object.keys(m.values).map(Number)).toEqual([fixture().units.G111]);
  });
});
