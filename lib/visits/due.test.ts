import { describe, expect, it } from "vitest";
import { nextVisitDue } from "@/lib/visit-schedule";
import { endOfDayCN, endOfWeekCN, monthKeyCN, monthPeriodCN, previousMonthKey, startOfDayCN } from "./calendar";
import { daysOverdue, dueBucket } from "./due";

// Wednesday 2026-11-25, 10:00 in Beijing (02:00 UTC).
const now = new Date("2026-11-25T02:00:00Z");
const created = new Date("2025-06-01T00:00:00Z");

describe("China-time calendar", () => {
  it("starts the day at Beijing midnight, not UTC midnight", () => {
    expect(startOfDayCN(new Date("2026-11-24T23:30:00Z"))).toEqual(new Date("2026-11-24T16:00:00Z"));
    expect(startOfDayCN(new Date("2026-11-24T15:59:59Z"))).toEqual(new Date("2026-11-23T16:00:00Z"));
    expect(endOfDayCN(now)).toEqual(new Date("2026-11-25T16:00:00Z"));
  });

  it("ends the week on Sunday night", () => {
    expect(endOfWeekCN(now)).toEqual(new Date("2026-11-29T16:00:00Z")); // Monday 30 Nov, 00:00 Beijing
    expect(endOfWeekCN(new Date("2026-11-29T15:00:00Z"))).toEqual(new Date("2026-11-29T16:00:00Z")); // Sunday 23:00
    expect(endOfWeekCN(new Date("2026-11-29T16:00:00Z"))).toEqual(new Date("2026-12-06T16:00:00Z")); // Monday 00:00
  });

  it("names and bounds months in China time", () => {
    expect(monthKeyCN(new Date("2026-11-30T16:30:00Z"))).toBe("2026-12");
    expect(monthPeriodCN("2026-02")).toEqual({ start: new Date("2026-01-31T16:00:00Z"), end: new Date("2026-02-28T16:00:00Z") });
    expect(monthPeriodCN("2026-13")).toBeNull();
    expect(monthPeriodCN("26-1")).toBeNull();
    expect(previousMonthKey("2026-01")).toBe("2025-12");
  });
});

describe("due buckets from the visit schedule", () => {
  it("puts a key household visited nine days ago in the overdue bucket", () => {
    const due = nextVisitDue("KEY", new Date("2026-11-16T03:00:00Z"), created);
    expect(dueBucket(due, now)).toBe("overdue");
    expect(daysOverdue(due, now)).toBe(2);
  });

  it("keeps a household due today out of the overdue bucket", () => {
    const due = nextVisitDue("KEY", new Date("2026-11-18T01:00:00Z"), created); // 09:00 a week ago
    expect(due < now).toBe(true);
    expect(dueBucket(due, now)).toBe("thisWeek");
  });

  it("puts an ordinary household visited a month ago less four days in this week", () => {
    const due = nextVisitDue("ORDINARY", new Date("2026-10-29T02:00:00Z"), created);
    expect(dueBucket(due, now)).toBe("thisWeek");
  });

  it("puts a reassured household visited last month in later", () => {
    expect(dueBucket(nextVisitDue("REASSURED", new Date("2026-10-20T02:00:00Z"), created), now)).toBe("later");
  });

  it("moves a household out of overdue once it is visited", () => {
    const before = nextVisitDue("ORDINARY", new Date("2026-09-01T02:00:00Z"), created);
    expect(dueBucket(before, now)).toBe("overdue");
    expect(dueBucket(nextVisitDue("ORDINARY", now, created), now)).toBe("later");
  });

  it("counts from registration when a household was never visited", () => {
    expect(dueBucket(nextVisitDue("KEY", null, new Date("2026-11-10T00:00:00Z")), now)).toBe("overdue");
    expect(dueBucket(nextVisitDue("KEY", null, new Date("2026-11-20T00:00:00Z")), now)).toBe("thisWeek");
  });
});

describe("form values in China time", () => {
  it("round-trips a datetime-local value through China time", async () => {
    const { toCnInput, fromCnInput, cnDay } = await import("./calendar");
    expect(toCnInput(new Date("2026-11-24T17:05:00Z"))).toBe("2026-11-25T01:05");
    expect(new Date(fromCnInput("2026-11-25T01:05")).toISOString()).toBe("2026-11-24T17:05:00.000Z");
    expect(fromCnInput("garbage")).toBe("garbage");
    expect(cnDay(new Date("2026-11-24T17:05:00Z"))).toBe("2026-11-25");
  });
});
