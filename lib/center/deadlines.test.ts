import { describe, expect, it } from "vitest";
import { calendarOf, EMPTY_CALENDAR } from "@/lib/dispatch/deadlines";
import { HOLIDAYS_2026 } from "@/lib/dispatch/holidays";
import { dueAfter, dueState, extendedDue, localDayRange, monthRange } from "./deadlines";

const cal = calendarOf(HOLIDAYS_2026);
/** China time "YYYY-MM-DD HH:mm" as an instant. */
const at = (s: string) => new Date(`${s.replace(" ", "T")}:00+08:00`);
const local = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace("T", " ");

describe("natural-day periods (Regulations on Letters and Visits)", () => {
  it("does not count the first day and ends at the end of the last day", () => {
    // Registered Tuesday 3 March 2026: 15 days → Wednesday 18 March, end of day.
    expect(local(dueAfter(at("2026-03-03 10:00"), { amount: 15, unit: "DAY" }, cal))).toBe("2026-03-18 23:59");
  });

  it("moves a last day that falls on a weekend to the next working day", () => {
    // 2 March + 15 = 17 March (Tue); 7 March (Sat) + 15 = 22 March (Sun) → Monday 23 March.
    expect(local(dueAfter(at("2026-03-07 09:00"), { amount: 15, unit: "DAY" }, cal))).toBe("2026-03-23 23:59");
  });

  it("moves a last day inside the National Day holiday past it, to the make-up working day", () => {
    // 16 September + 15 = 1 October: holiday until 7 October; 8 October is a Thursday.
    expect(local(dueAfter(at("2026-09-16 15:00"), { amount: 15, unit: "DAY" }, cal))).toBe("2026-10-08 23:59");
  });

  it("counts a Saturday make-up working day as a working day for the last day", () => {
    // 25 September + 15 = 10 October, a Saturday but an official working day (国庆调休).
    expect(local(dueAfter(at("2026-09-25 11:00"), { amount: 15, unit: "DAY" }, cal))).toBe("2026-10-10 23:59");
  });

  it("handles within 60 days of acceptance and extends once from the original deadline", () => {
    const handle = dueAfter(at("2026-03-18 16:00"), { amount: 60, unit: "DAY" }, cal);
    expect(local(handle)).toBe("2026-05-18 23:59"); // 17 May is a Sunday
    expect(local(extendedDue(handle, 30, cal))).toBe("2026-06-17 23:59");
  });

  it("gives judicial confirmation 30 days from the agreement", () => {
    expect(local(dueAfter(at("2026-04-20 15:30"), { amount: 30, unit: "DAY" }, cal))).toBe("2026-05-20 23:59");
    // Without the calendar 30 May 2026 is a Saturday; with it too (no make-up day): Monday 1 June.
    expect(local(dueAfter(at("2026-04-30 15:30"), { amount: 30, unit: "DAY" }, cal))).toBe("2026-06-01 23:59");
  });
});

describe("working-day and hour periods (the dispatch module's calendar)", () => {
  it("counts whole working days after the start day", () => {
    // Thursday 30 April: 1 May–5 May are holidays, 9 May (Sat) a make-up day.
    expect(local(dueAfter(at("2026-04-30 10:00"), { amount: 1, unit: "WORKDAY" }, cal))).toBe("2026-05-06 23:59");
    expect(local(dueAfter(at("2026-04-30 10:00"), { amount: 4, unit: "WORKDAY" }, cal))).toBe("2026-05-09 23:59");
    expect(local(dueAfter(at("2026-04-30 10:00"), { amount: 4, unit: "WORKDAY" }, EMPTY_CALENDAR))).toBe("2026-05-06 23:59");
  });

  it("counts office hours for a whistle and natural hours when told so", () => {
    // Friday 16:30 + 2 office hours: one hour on Friday, one on Monday from 09:00.
    expect(local(dueAfter(at("2026-03-06 16:30"), { amount: 2, unit: "WORKHOUR" }, cal))).toBe("2026-03-09 10:00");
    expect(local(dueAfter(at("2026-03-06 16:30"), { amount: 2, unit: "HOUR" }, cal))).toBe("2026-03-06 18:30");
  });
});

describe("where a deadline stands", () => {
  const due = at("2026-03-18 23:59");
  it("is ok, near, overdue while open and met or late once done", () => {
    expect(dueState(at("2026-03-10 09:00"), due, 3)).toBe("ok");
    expect(dueState(at("2026-03-16 09:00"), due, 3)).toBe("near");
    expect(dueState(at("2026-03-19 09:00"), due, 3)).toBe("overdue");
    expect(dueState(at("2026-03-19 09:00"), due, 3, at("2026-03-18 17:00"))).toBe("met");
    expect(dueState(at("2026-03-19 09:00"), due, 3, at("2026-03-19 08:00"))).toBe("late");
    expect(dueState(at("2026-03-19 09:00"), null, 3)).toBe("none");
  });
});

describe("local days and months", () => {
  it("cuts days and months at China's midnight", () => {
    const { from, to } = localDayRange(at("2026-03-01 00:30"));
    expect(from.toISOString()).toBe("2026-02-28T16:00:00.000Z");
    expect(to.toISOString()).toBe("2026-03-01T16:00:00.000Z");
    const m = monthRange("2026-12");
    expect(m.from.toISOString()).toBe("2026-11-30T16:00:00.000Z");
    expect(m.to.toISOString()).toBe("2026-12-31T16:00:00.000Z");
  });
});
