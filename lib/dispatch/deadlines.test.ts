import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addWorkingMinutes,
  calendarOf,
  EMPTY_CALENDAR,
  isWorkingDay,
  lightOf,
  pickRule,
  windowOf,
  windowUntil,
  workingMinutesBetween,
  WORKDAY_MINUTES,
  type RuleLike,
} from "./deadlines";
import { HOLIDAYS_2026, SEED_HOLIDAYS } from "./holidays";

const CAL = calendarOf(SEED_HOLIDAYS);
/** An instant given in Beijing time. */
const bj = (local: string) => new Date(`${local}+08:00`);

describe("working days", () => {
  it("follows the 2026 arrangement: holidays off, make-up Saturdays and Sundays on", () => {
    expect(isWorkingDay("2026-02-16", CAL)).toBe(false); // Monday in the Spring Festival break
    expect(isWorkingDay("2026-02-14", CAL)).toBe(true); // Saturday make-up day
    expect(isWorkingDay("2026-01-04", CAL)).toBe(true); // Sunday make-up day
    expect(isWorkingDay("2026-10-08", CAL)).toBe(true);
    expect(isWorkingDay("2026-10-07", CAL)).toBe(false);
    expect(isWorkingDay("2026-03-07", CAL)).toBe(false); // an ordinary Saturday
    expect(isWorkingDay("2026-03-09", CAL)).toBe(true);
  });

  it("seeds 33 days off and 6 make-up days for 2026", () => {
    expect(HOLIDAYS_2026.filter((d) => d.kind === "HOLIDAY")).toHaveLength(33);
    expect(HOLIDAYS_2026.filter((d) => d.kind === "WORKDAY")).toHaveLength(6);
    // Every make-up day falls on a weekend, every listed day off is distinct.
    for (const d of HOLIDAYS_2026.filter((x) => x.kind === "WORKDAY")) expect([0, 6]).toContain(new Date(`${d.date}T00:00:00Z`).getUTCDay());
    expect(new Set(SEED_HOLIDAYS.map((d) => d.date)).size).toBe(SEED_HOLIDAYS.length);
  });
});

describe("adding working time", () => {
  it("counts one working day from Friday afternoon to Monday afternoon", () => {
    expect(addWorkingMinutes(bj("2026-03-13T16:00:00"), WORKDAY_MINUTES, CAL)).toEqual(bj("2026-03-16T16:00:00"));
  });

  it("skips the lunch break and starts the clock at 09:00 when reported at night", () => {
    expect(addWorkingMinutes(bj("2026-03-10T11:00:00"), 120, CAL)).toEqual(bj("2026-03-10T14:30:00"));
    expect(addWorkingMinutes(bj("2026-03-10T22:00:00"), 60, CAL)).toEqual(bj("2026-03-11T10:00:00"));
  });

  it("jumps the Spring Festival break and works the make-up Saturday", () => {
    // Friday 13 Feb 17:00: half an hour left that day, then Saturday 14 Feb is a working day.
    expect(addWorkingMinutes(bj("2026-02-13T17:00:00"), 60, CAL)).toEqual(bj("2026-02-14T09:30:00"));
    // From the make-up Saturday evening the next working day is Tuesday 24 Feb.
    expect(addWorkingMinutes(bj("2026-02-14T18:00:00"), 30, CAL)).toEqual(bj("2026-02-24T09:30:00"));
  });

  it("ends at the end of the office day rather than the next morning", () => {
    expect(addWorkingMinutes(bj("2026-03-10T09:00:00"), WORKDAY_MINUTES, CAL)).toEqual(bj("2026-03-10T17:30:00"));
  });

  it("is the inverse of counting working minutes", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 * 86_400 }), fc.integer({ min: 0, max: 60 * WORKDAY_MINUTES }), (offsetSec, minutes) => {
        const start = new Date(bj("2026-01-01T00:00:00").getTime() + offsetSec * 1000);
        const due = addWorkingMinutes(start, minutes, CAL);
        expect(Math.round(workingMinutesBetween(start, due, CAL))).toBe(minutes);
        expect(due.getTime()).toBeGreaterThanOrEqual(start.getTime());
      }),
      { numRuns: 300 },
    );
  });
});

describe("deadline windows and lights", () => {
  it("gives emergencies natural hours and a yellow light at 70%", () => {
    const start = bj("2026-02-16T03:00:00"); // a night in the holidays
    const w = windowOf(start, { amount: 2, unit: "HOUR" }, CAL);
    expect(w.dueAt).toEqual(bj("2026-02-16T05:00:00"));
    expect(w.warnAt).toEqual(bj("2026-02-16T04:24:00"));
  });

  it("puts the yellow mark at 70% of the working time", () => {
    const w = windowOf(bj("2026-03-10T09:00:00"), { amount: 1, unit: "WORKDAY" }, EMPTY_CALENDAR);
    expect(w.dueAt).toEqual(bj("2026-03-10T17:30:00"));
    // 70% of 420 min = 294 min: 180 in the morning, 114 after 13:30.
    expect(w.warnAt).toEqual(bj("2026-03-10T15:24:00"));
    const chosen = windowUntil(bj("2026-03-10T09:00:00"), bj("2026-03-10T17:30:00"), EMPTY_CALENDAR);
    expect(chosen.warnAt).toEqual(w.warnAt);
  });

  it("turns green, yellow, red", () => {
    const warn = bj("2026-03-10T15:00:00");
    const due = bj("2026-03-10T17:00:00");
    expect(lightOf(bj("2026-03-10T14:00:00"), warn, due)).toBe("green");
    expect(lightOf(bj("2026-03-10T15:00:00"), warn, due)).toBe("yellow");
    expect(lightOf(bj("2026-03-10T17:00:00"), warn, due)).toBe("red");
    expect(lightOf(bj("2026-03-10T17:00:00"), null, null)).toBe("none");
  });
});

describe("rule choice", () => {
  const rule = (id: number, r: Partial<RuleLike>): RuleLike => ({ id, stage: "HANDLE", holder: null, categoryId: null, urgency: null, amount: 1, unit: "WORKDAY", enabled: true, ...r });
  const rules = [
    rule(1, { amount: 5, holder: "DEPARTMENT" }),
    rule(2, { amount: 3, holder: "UNIT" }),
    rule(3, { amount: 2, unit: "HOUR", urgency: "CRITICAL" }),
    rule(4, { amount: 3, categoryId: 10 }),
    rule(5, { amount: 10, categoryId: 11, holder: "DEPARTMENT" }),
    rule(6, { amount: 1, categoryId: 12, enabled: false }),
    rule(7, { stage: "ACCEPT", amount: 1 }),
  ];
  const q = { stage: "HANDLE" as const, holder: "DEPARTMENT" as const, categoryId: 11, parentCategoryId: 10, urgency: "NORMAL" as const };

  it("prefers urgency, then own category, then parent category, then holder", () => {
    expect(pickRule(rules, q)?.id).toBe(5);
    expect(pickRule(rules, { ...q, urgency: "CRITICAL" })?.id).toBe(3);
    expect(pickRule(rules, { ...q, categoryId: 13 })?.id).toBe(4);
    expect(pickRule(rules, { ...q, categoryId: 99, parentCategoryId: null })?.id).toBe(1);
    expect(pickRule(rules, { ...q, holder: "UNIT", categoryId: 99, parentCategoryId: null })?.id).toBe(2);
  });

  it("ignores disabled rules and other stages", () => {
    expect(pickRule(rules, { ...q, categoryId: 12, parentCategoryId: null })?.id).toBe(1);
    expect(pickRule(rules, { ...q, stage: "VERIFY" })).toBeNull();
  });
});
