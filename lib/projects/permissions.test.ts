import { describe, expect, it } from "vitest";
import { canRemindAgain, dayOf, elapsedShare, endOfDay, isLate, isOverdue, managerSteps, percent, todayCst } from "./permissions";

describe("campaign days (China Standard Time)", () => {
  it("ends a day at 23:59:59.999 +08:00", () => {
    expect(endOfDay("2026-10-31").toISOString()).toBe("2026-10-31T15:59:59.999Z");
  });
  it("knows today in China when it is still yesterday in UTC", () => {
    expect(todayCst(new Date("2026-10-31T17:00:00Z"))).toBe("2026-11-01");
    expect(todayCst(new Date("2026-10-31T15:00:00Z"))).toBe("2026-10-31");
  });
  it("reads a stored date", () => {
    expect(dayOf(new Date("2026-10-31T00:00:00Z"))).toBe("2026-10-31");
  });
});

describe("late grids", () => {
  const start = new Date("2026-10-01T00:00:00Z");
  const due = new Date("2026-10-31T00:00:00Z");
  const task = (checked: number, total: number, extra: Partial<{ status: "OPEN" | "DONE"; submissionCount: number }> = {}) => ({
    status: "OPEN" as const,
    dueAt: due,
    itemsTotal: total,
    itemsChecked: checked,
    submissionCount: checked,
    ...extra,
  });

  it("is overdue after the deadline, unless done", () => {
    const after = new Date("2026-11-01T00:00:00Z");
    expect(isOverdue(task(0, 10), after)).toBe(true);
    expect(isOverdue(task(10, 10, { status: "DONE" }), after)).toBe(false);
    expect(isLate(task(9, 10), start, after)).toBe(true);
  });

  it("is behind when progress trails the time gone by by more than the margin", () => {
    const half = new Date("2026-10-16T00:00:00Z");
    expect(elapsedShare(start, due, half)).toBeCloseTo(0.5);
    expect(isLate(task(3, 10), start, half)).toBe(true);
    expect(isLate(task(4, 10), start, half)).toBe(false);
    expect(isLate(task(0, 10), start, new Date("2026-10-02T00:00:00Z"))).toBe(false);
    expect(isLate(task(0, 10, { status: "DONE" }), start, half)).toBe(false);
  });

  it("counts a task without a record list late when half the period passed without an entry", () => {
    expect(isLate(task(0, 0, { submissionCount: 0 }), start, new Date("2026-10-17T00:00:00Z"))).toBe(true);
    expect(isLate(task(0, 0, { submissionCount: 1 }), start, new Date("2026-10-17T00:00:00Z"))).toBe(false);
    expect(isLate(task(0, 0, { submissionCount: 0 }), start, new Date("2026-10-10T00:00:00Z"))).toBe(false);
  });

  it("reminds a grid at most every 12 hours", () => {
    const now = new Date("2026-10-16T12:00:00Z");
    expect(canRemindAgain(null, now)).toBe(true);
    expect(canRemindAgain(new Date("2026-10-16T01:00:00Z"), now)).toBe(false);
    expect(canRemindAgain(new Date("2026-10-16T00:00:00Z"), now)).toBe(true);
  });
});

describe("steps and figures", () => {
  it("lets a draft be edited and started, a running campaign reminded, extended and closed", () => {
    expect(managerSteps("DRAFT")).toEqual({ edit: true, start: true, remove: true, remind: false, extend: false, close: false });
    expect(managerSteps("RUNNING")).toEqual({ edit: false, start: false, remove: false, remind: true, extend: true, close: true });
    expect(Object.values(managerSteps("CLOSED")).some(Boolean)).toBe(false);
  });
  it("rounds percentages down, so 100% means all", () => {
    expect(percent(999, 1000)).toBe(99);
    expect(percent(0, 0)).toBe(0);
    expect(percent(5, 5)).toBe(100);
  });
});
