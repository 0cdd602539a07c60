import { describe, expect, it } from "vitest";
import { DEFAULT_RULES, rank, readRuleSet, score, scoreLine } from "./scoring";

describe("assessment scoring", () => {
  it("scores a rate line as points × rate, and a missing rate by its rule", () => {
    expect(scoreLine({ metric: "onTimeRate", points: 40, cap: null, noData: "full" }, 0.925).earned).toBe(37);
    expect(scoreLine({ metric: "onTimeRate", points: 40, cap: null, noData: "full" }, null)).toMatchObject({ earned: 40, noDataApplied: true });
    expect(scoreLine({ metric: "onTimeRate", points: 40, cap: null, noData: "zero" }, null)).toMatchObject({ earned: 0, noDataApplied: true });
  });

  it("scores a count line per item, limited by its cap", () => {
    expect(scoreLine({ metric: "supervisionYellow", points: -3, cap: 15, noData: "zero" }, 2)).toMatchObject({ raw: -6, earned: -6, capped: false });
    expect(scoreLine({ metric: "supervisionYellow", points: -3, cap: 15, noData: "zero" }, 7)).toMatchObject({ raw: -21, earned: -15, capped: true });
    expect(scoreLine({ metric: "supervisionRed", points: -5, cap: null, noData: "zero" }, 0).earned).toBe(0);
  });

  it("adds the lines up, and the maximum is the positive rate points", () => {
    const s = score(DEFAULT_RULES.DEPARTMENT, { onTimeRate: 0.9, satisfaction: 0.75, supervisionOrdinary: 1, supervisionYellow: 1, supervisionRed: 0 });
    // 60 × 0.9 + 40 × 0.75 − 1 − 3 = 54 + 30 − 4
    expect(s.total).toBe(80);
    expect(s.max).toBe(100);
    expect(s.lines.map((l) => l.earned)).toEqual([54, 30, -1, -3, 0]);
  });

  it("ranks by score, ties sharing a rank", () => {
    const mk = (name: string, total: number) => ({ name, score: { total, max: 100, lines: [] } });
    expect(rank([mk("乙", 80), mk("甲", 90), mk("丙", 80)]).map((r) => [r.name, r.rank])).toEqual([["甲", 1], ["丙", 2], ["乙", 2]]);
  });

  it("reads stored rules leniently, dropping what does not belong", () => {
    const rules = readRuleSet({ UNIT: [{ metric: "onTimeRate", points: 50, cap: null, noData: "zero" }, { metric: "bogus", points: 1 }, { metric: "visitCompletion", points: "x" }], DEPARTMENT: "nope" });
    expect(rules.UNIT).toEqual([{ metric: "onTimeRate", points: 50, cap: null, noData: "zero" }]);
    expect(rules.DEPARTMENT).toEqual(DEFAULT_RULES.DEPARTMENT);
    expect(readRuleSet({ DEPARTMENT: [{ metric: "visitCompletion", points: 10 }] }).DEPARTMENT).toEqual([]);
    expect(readRuleSet(null)).toEqual(DEFAULT_RULES);
  });
});
