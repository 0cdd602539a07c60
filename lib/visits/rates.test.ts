import { describe, expect, it } from "vitest";
import { monthPeriodCN } from "./calendar";
import { completionRate, completionRateBy, visitOutcome, type RateInput } from "./rates";

const november = monthPeriodCN("2026-11")!; // [Oct 31 16:00 UTC, Nov 30 16:00 UTC)
const afterNovember = new Date("2026-12-05T00:00:00Z");
const created = new Date("2025-01-01T00:00:00Z");
const at = (s: string) => new Date(s);

function row(partial: Partial<RateInput>): RateInput {
  return { tier: "ORDINARY", createdAt: created, lastVisitBefore: null, firstVisitIn: null, ...partial };
}

describe("visit completion rate", () => {
  it("counts a household visited by its due day as on time", () => {
    // Last visited 10 October -> due 10 November; visited 8 November.
    const r = row({ lastVisitBefore: at("2026-10-10T02:00:00Z"), firstVisitIn: at("2026-11-08T02:00:00Z") });
    expect(visitOutcome(r, november, afterNovember)).toBe("onTime");
  });

  it("allows the whole due day, China time", () => {
    // Due 10 Nov 10:00 Beijing; visited 10 Nov 23:00 Beijing: still on the due day.
    const r = row({ lastVisitBefore: at("2026-10-10T02:00:00Z"), firstVisitIn: at("2026-11-10T15:00:00Z") });
    expect(visitOutcome(r, november, afterNovember)).toBe("onTime");
    expect(visitOutcome({ ...r, firstVisitIn: at("2026-11-10T16:00:00Z") }, november, afterNovember)).toBe("late");
  });

  it("counts a household visited after its due day, or not at all, as late", () => {
    const due = { lastVisitBefore: at("2026-10-10T02:00:00Z") };
    expect(visitOutcome(row({ ...due, firstVisitIn: at("2026-11-20T02:00:00Z") }), november, afterNovember)).toBe("late");
    expect(visitOutcome(row(due), november, afterNovember)).toBe("late");
  });

  it("keeps a household overdue since before the period in the denominator, as late", () => {
    const r = row({ lastVisitBefore: at("2026-08-01T02:00:00Z"), firstVisitIn: at("2026-11-02T02:00:00Z") });
    expect(visitOutcome(r, november, afterNovember)).toBe("late");
  });

  it("leaves out households not due in the period, even if visited early", () => {
    const r = row({ tier: "REASSURED", lastVisitBefore: at("2026-10-15T02:00:00Z"), firstVisitIn: at("2026-11-20T02:00:00Z") });
    expect(visitOutcome(r, november, afterNovember)).toBe("notDue");
    expect(visitOutcome(row({ createdAt: at("2026-12-01T00:00:00Z") }), november, afterNovember)).toBe("notDue");
  });

  it("leaves households whose due day is still ahead undecided while the period runs", () => {
    const midNovember = at("2026-11-15T02:00:00Z");
    const dueLater = row({ lastVisitBefore: at("2026-10-25T02:00:00Z") }); // due 25 Nov
    expect(visitOutcome(dueLater, november, midNovember)).toBe("pending");
    expect(visitOutcome({ ...dueLater, firstVisitIn: at("2026-11-14T02:00:00Z") }, november, midNovember)).toBe("onTime");
    expect(visitOutcome(dueLater, november, afterNovember)).toBe("late");
  });

  it("counts a key household once, by its first due visit", () => {
    const r = row({ tier: "KEY", lastVisitBefore: at("2026-10-29T02:00:00Z"), firstVisitIn: at("2026-11-04T02:00:00Z") });
    expect(visitOutcome(r, november, afterNovember)).toBe("onTime");
  });

  it("divides on-time households by decided due households", () => {
    const rows = [
      row({ lastVisitBefore: at("2026-10-10T02:00:00Z"), firstVisitIn: at("2026-11-08T02:00:00Z") }), // on time
      row({ lastVisitBefore: at("2026-10-12T02:00:00Z"), firstVisitIn: at("2026-11-11T02:00:00Z") }), // on time
      row({ lastVisitBefore: at("2026-10-10T02:00:00Z") }), // late
      row({ tier: "REASSURED", lastVisitBefore: at("2026-10-20T02:00:00Z") }), // not due
      row({ lastVisitBefore: at("2026-10-28T02:00:00Z") }), // due 28 Nov: pending on 20 Nov
    ];
    expect(completionRate(rows, november, at("2026-11-20T02:00:00Z"))).toEqual({ due: 4, onTime: 2, late: 1, pending: 1, rate: 2 / 3 });
    expect(completionRate(rows, november, afterNovember)).toEqual({ due: 4, onTime: 2, late: 2, pending: 0, rate: 0.5 });
    expect(completionRate([], november, afterNovember).rate).toBeNull();
  });

  it("summarises per group", () => {
    const rows = [
      { ...row({ lastVisitBefore: at("2026-10-10T02:00:00Z"), firstVisitIn: at("2026-11-08T02:00:00Z") }), key: 1 },
      { ...row({ lastVisitBefore: at("2026-10-10T02:00:00Z") }), key: 2 },
    ];
    const by = completionRateBy(rows, november, afterNovember);
    expect(by.get(1)?.rate).toBe(1);
    expect(by.get(2)?.rate).toBe(0);
  });
});
