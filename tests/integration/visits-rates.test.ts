import { describe, expect, it } from "vitest";
import { gridOverview } from "@/lib/grid/data";
import { db } from "@/lib/server/db";
import { monthPeriodCN } from "@/lib/visits/calendar";
import { completionRates, gridCompletionRate } from "@/lib/visits/data";
import { completionRate } from "@/lib/visits/rates";
import { fixture, viewerFor } from "../support/fixtures";
import { addVisits, gridOf, makeHousehold, rejection } from "../support/grid";

// November 2026 is over at `now`, so every due household is decided.
const now = new Date("2026-12-03T02:00:00Z");
const created = new Date("2025-01-01T00:00:00Z");
const at = (s: string) => new Date(s);

async function scenario() {
  const { grid, grid2 } = fixture().users;
  // G111: one on time, one late, one not due in November.
  const onTime = await makeHousehold("G111", { createdAt: created });
  await addVisits(onTime.id, grid, [at("2026-10-10T02:00:00Z"), at("2026-11-09T02:00:00Z")]);
  const late = await makeHousehold("G111", { createdAt: created });
  await addVisits(late.id, grid, [at("2026-10-05T02:00:00Z"), at("2026-11-12T02:00:00Z")]);
  const notDue = await makeHousehold("G111", { tier: "REASSURED", createdAt: created });
  await addVisits(notDue.id, grid, [at("2026-10-20T02:00:00Z")]);
  // G112: on time, visited by its own worker.
  const other = await makeHousehold("G112", { createdAt: created });
  await addVisits(other.id, grid2, [at("2026-10-15T02:00:00Z"), at("2026-11-14T02:00:00Z")]);
  // Another county: never counted.
  const far = await makeHousehold("GB", { createdAt: created });
  await addVisits(far.id, fixture().users.gridB, [at("2026-08-01T02:00:00Z")]);
}

describe("visit completion rates", () => {
  it("computes each grid's rate and each worker's, within the territory", async () => {
    await scenario();
    const r = await completionRates(await viewerFor("township"), { month: "2026-11" }, now);
    expect(r.month).toBe("2026-11");
    const byName = Object.fromEntries(r.grids.map((g) => [g.name, { due: g.due, onTime: g.onTime, late: g.late, rate: g.rate }]));
    expect(byName).toEqual({
      东村第1网格: { due: 2, onTime: 1, late: 1, rate: 0.5 },
      东村第2网格: { due: 1, onTime: 1, late: 0, rate: 1 },
      西村第1网格: { due: 0, onTime: 0, late: 0, rate: null },
    });
    expect(r.total).toMatchObject({ due: 3, onTime: 2, late: 1 });
    expect(r.workers.map((w) => [w.name, w.rate, w.visits])).toEqual([
      ["grid", 0.5, 2],
      ["grid2", 1, 1],
    ]);
  });

  it("gives a grid worker their grid only and refuses another grid", async () => {
    await scenario();
    const grid = await viewerFor("grid");
    const r = await completionRates(grid, { month: "2026-11" }, now);
    expect(r.grids.map((g) => g.name)).toEqual(["东村第1网格"]);
    expect(r.workers.map((w) => w.name)).toEqual(["grid"]);
    expect((await rejection(completionRates(grid, { month: "2026-11", gridId: gridOf("G112") }, now))).code).toBe("NOT_FOUND");
    expect((await rejection(gridCompletionRate(await viewerFor("adminB"), gridOf("G111"), "2026-11", now))).code).toBe("NOT_FOUND");
  });

  it("leaves households whose due day is still ahead out of a running month's rate", async () => {
    const { grid } = fixture().users;
    const dueTenth = await makeHousehold("G111", { createdAt: created });
    await addVisits(dueTenth.id, grid, [at("2026-10-10T02:00:00Z")]);
    const dueFirst = await makeHousehold("G111", { createdAt: created });
    await addVisits(dueFirst.id, grid, [at("2026-10-01T02:00:00Z")]);
    const viewer = await viewerFor("grid");
    // 3 Nov: the first is due on the 10th (undecided), the second was due on the 1st (late).
    expect(await gridCompletionRate(viewer, gridOf("G111"), "2026-11", at("2026-11-03T02:00:00Z"))).toMatchObject({ due: 2, onTime: 0, late: 1, pending: 1, rate: 0 });
    // Visited on the 9th: decided, on time.
    await addVisits(dueTenth.id, grid, [at("2026-11-09T02:00:00Z")]);
    expect(await gridCompletionRate(viewer, gridOf("G111"), "2026-11", at("2026-11-09T03:00:00Z"))).toMatchObject({ due: 2, onTime: 1, late: 1, pending: 0, rate: 0.5 });
  });

  it("shows the month's rate on the grid page", async () => {
    await scenario();
    const o = await gridOverview(await viewerFor("grid"), gridOf("G111"), now);
    expect(o.rate).toMatchObject({ month: "2026-12" });
    const nov = await gridCompletionRate(await viewerFor("grid"), gridOf("G111"), "2026-11", now);
    expect(nov.rate).toBe(0.5);
  });

  it("gives the same outcomes as the full visit history, reading only the last months", async () => {
    const { grid } = fixture().users;
    // Visits long before the period, recent registrations, and every tier.
    const cases: [("KEY" | "ORDINARY" | "REASSURED"), string, string[]][] = [
      ["REASSURED", "2025-01-01T00:00:00Z", ["2026-03-02T02:00:00Z", "2026-11-20T02:00:00Z"]],
      ["REASSURED", "2025-01-01T00:00:00Z", ["2026-08-20T02:00:00Z", "2026-11-19T02:00:00Z"]],
      ["ORDINARY", "2025-01-01T00:00:00Z", ["2026-05-01T02:00:00Z"]],
      ["ORDINARY", "2026-10-25T00:00:00Z", []],
      ["ORDINARY", "2026-11-20T00:00:00Z", []],
      ["KEY", "2025-01-01T00:00:00Z", []],
      ["KEY", "2025-01-01T00:00:00Z", ["2026-10-28T02:00:00Z", "2026-11-03T02:00:00Z", "2026-11-30T02:00:00Z"]],
    ];
    for (const [tier, createdAt, visits] of cases) {
      const h = await makeHousehold("G111", { tier, createdAt: at(createdAt) });
      if (visits.length) await addVisits(h.id, grid, visits.map(at));
    }
    const period = monthPeriodCN("2026-11")!;
    const households = await db.household.findMany({ select: { id: true, visitTier: true, createdAt: true, visits: { select: { visitedAt: true } } } });
    const full = completionRate(
      households.map((h) => {
        const times = h.visits.map((v) => v.visitedAt);
        return {
          tier: h.visitTier,
          createdAt: h.createdAt,
          lastVisitBefore: times.filter((t) => t < period.start).sort((a, b) => b.getTime() - a.getTime())[0] ?? null,
          firstVisitIn: times.filter((t) => t >= period.start && t < period.end).sort((a, b) => a.getTime() - b.getTime())[0] ?? null,
        };
      }),
      period,
      now,
    );
    const r = await gridCompletionRate(await viewerFor("grid"), gridOf("G111"), "2026-11", now);
    expect({ due: r.due, onTime: r.onTime, late: r.late, pending: r.pending }).toEqual({ due: full.due, onTime: full.onTime, late: full.late, pending: full.pending });
    expect(full).toMatchObject({ due: 6, onTime: 2, late: 4 });
  });
});
