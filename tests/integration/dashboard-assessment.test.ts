// The assessment scoreboard: measured values per unit, department and grid worker, scores
// explained line by line under the county's rules, and the rules editor.
import { beforeEach, describe, expect, it } from "vitest";
import { assessment, saveScoringRules, scoringRules } from "@/lib/dashboard/data";
import { saveRulesSchema } from "@/lib/dashboard/schemas";
import { DEFAULT_RULES } from "@/lib/dashboard/scoring";
import { runAction } from "@/lib/server/action";
import { db } from "@/lib/server/db";
import { NOW, PERIOD, rejection, seedDashboardFixture, type DashboardFixture } from "../support/dashboard";
import { fixture, viewerFor } from "../support/fixtures";

let fx: DashboardFixture;
beforeEach(async () => {
  fx = await seedDashboardFixture();
});

describe("assessment", () => {
  it("scores grid workers by their grid's visits, events and supervision cards", async () => {
    const board = await assessment(await viewerFor("leader"), { period: PERIOD, kind: "WORKER" }, NOW);
    const grid = board.rows.find((r) => r.name === "grid")!;
    // G111: visits 1 of 2 on time; closed E1 (on time, 5) and E2 (late, 3); a yellow card.
    expect(grid.measured).toEqual({ visitCompletion: 0.5, onTimeRate: 0.5, satisfaction: 0.5, supervisionOrdinary: 0, supervisionYellow: 1, supervisionRed: 0 });
    // 50 × 0.5 + 25 × 0.5 + 25 × 0.5 − 3 = 47
    expect(grid.score.total).toBe(47);
    expect(grid.score.lines.map((l) => [l.metric, l.earned])).toEqual([
      ["visitCompletion", 25],
      ["onTimeRate", 12.5],
      ["satisfaction", 12.5],
      ["supervisionOrdinary", 0],
      ["supervisionYellow", -3],
      ["supervisionRed", 0],
    ]);
    expect(grid.detail.visits).toBe(1); // the visit of 8 November
    // grid2 (G112): no visit decided (H4 pending), no closed grassroots event in its grid except E5 (rated 4, on time).
    const grid2 = board.rows.find((r) => r.name === "grid2")!;
    expect(grid2.measured).toMatchObject({ visitCompletion: null, onTimeRate: 1, satisfaction: 1 });
    expect(grid2.score.total).toBe(100);
    expect(board.rows.map((r) => r.name)).toEqual(["grid2", "grid"]);
    expect(board.rows.map((r) => r.rank)).toEqual([1, 2]);
  });

  it("scores townships with the supervision of their whole territory", async () => {
    const board = await assessment(await viewerFor("leader"), { period: PERIOD, kind: "UNIT", level: "TOWNSHIP" }, NOW);
    const t1 = board.rows.find((r) => r.name === "东镇")!;
    expect(t1.measured).toMatchObject({ onTimeRate: 0.5, supervisionOrdinary: 1, supervisionYellow: 1, supervisionRed: 0, visitCompletion: 0.5 });
    expect(t1.measured.resolvedGridRate).toBeCloseTo(1 / 3);
    const t2 = board.rows.find((r) => r.name === "西镇")!;
    expect(t2.measured).toMatchObject({ onTimeRate: null, visitCompletion: null, supervisionYellow: 0 });
    // No data earns the full points by default.
    expect(t2.score.total).toBe(100);
    const grids = await assessment(await viewerFor("leader"), { period: PERIOD, kind: "UNIT", level: "GRID" }, NOW);
    expect(grids.rows).toHaveLength(4);
  });

  it("shows department staff their own department's line only", async () => {
    const dept = await viewerFor("dept");
    const board = await assessment(dept, { period: PERIOD, kind: "WORKER" }, NOW);
    expect(board.kind).toBe("DEPARTMENT");
    expect(board.kinds).toEqual(["DEPARTMENT"]);
    expect(board.rows.map((r) => r.id)).toEqual([String(fx.police)]);
    // The task of E5 was completed on time; E5 was rated 4; one red card in November.
    expect(board.rows[0].measured).toEqual({ onTimeRate: 1, satisfaction: 1, supervisionOrdinary: 0, supervisionYellow: 0, supervisionRed: 1 });
    expect(board.rows[0].score.total).toBe(95);
  });

  it("limits a township officer to the township's units and workers", async () => {
    const township = await viewerFor("township");
    const board = await assessment(township, { period: PERIOD, kind: "DEPARTMENT" }, NOW);
    expect(board.kind).toBe("UNIT");
    expect(board.rows.map((r) => r.name).sort()).toEqual(["东村", "西村"].sort());
    const workers = await assessment(township, { period: PERIOD, kind: "WORKER" }, NOW);
    expect(workers.rows.map((r) => r.name).sort()).toEqual(["grid", "grid2"]);
    expect((await rejection(assessment(await viewerFor("grid"), {}, NOW))).code).toBe("FORBIDDEN");
  });

  it("saves edited rules, scores with them and keeps the change in the audit log", async () => {
    const center = await viewerFor("center");
    expect((await scoringRules(center)).version).toBe(0);
    const rules = { ...DEFAULT_RULES, WORKER: [{ metric: "visitCompletion" as const, points: 100, cap: null, noData: "zero" as const }] };
    const saved = await runAction(center, saveRulesSchema, saveScoringRules, { version: 0, rules });
    expect(saved).toEqual({ ok: true, data: { version: 1 } });
    const board = await assessment(await viewerFor("leader"), { period: PERIOD, kind: "WORKER" }, NOW);
    expect(board.rulesVersion).toBe(1);
    expect(board.rows.find((r) => r.name === "grid")!.score.total).toBe(50);
    expect(board.rows.find((r) => r.name === "grid2")!.score.total).toBe(0); // no data earns nothing now
    expect(await db.auditLog.count({ where: { action: "dashboard.rules", result: "success" } })).toBe(1);
    // A second editor still holding version 0 is told the rules changed meanwhile.
    const stale = await runAction(await viewerFor("leader"), saveRulesSchema, saveScoringRules, { version: 0, rules: DEFAULT_RULES });
    expect(stale).toMatchObject({ ok: false, code: "STALE" });
    // Other counties keep their own rules.
    expect((await scoringRules(await viewerFor("adminB"))).version).toBe(0);
  });

  it("refuses bad rules and changes nothing", async () => {
    const center = await viewerFor("center");
    const bad = [
      { version: 0, rules: { ...DEFAULT_RULES, DEPARTMENT: [{ metric: "visitCompletion", points: 10, cap: null, noData: "full" }] } },
      { version: 0, rules: { ...DEFAULT_RULES, UNIT: [{ metric: "onTimeRate", points: -5, cap: null, noData: "full" }] } },
      { version: 0, rules: { ...DEFAULT_RULES, UNIT: [DEFAULT_RULES.UNIT[0], DEFAULT_RULES.UNIT[0]] } },
      { version: 0, rules: { ...DEFAULT_RULES, UNIT: [{ metric: "onTimeRate", points: 500, cap: null, noData: "full" }] } },
      { version: 0, rules: DEFAULT_RULES, extra: true },
    ];
    for (const input of bad) {
      const r = await runAction(center, saveRulesSchema, saveScoringRules, input);
      expect(r).toMatchObject({ ok: false, code: "VALIDATION" });
    }
    const r = await runAction(center, saveRulesSchema, saveScoringRules, bad[0]);
    expect(r.ok ? "" : Object.values(r.fieldErrors ?? {}).join()).toContain("不适用");
    const grid = await runAction(await viewerFor("township"), saveRulesSchema, saveScoringRules, { version: 0, rules: DEFAULT_RULES });
    expect(grid).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await db.dashboardScoringRules.count()).toBe(0);
    void fixture;
  });
});
