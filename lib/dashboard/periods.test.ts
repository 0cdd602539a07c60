import { describe, expect, it } from "vitest";
import { bucketKey, bucketsOf, defaultGranularity, monthsSoFar, parsePeriod, periodChoices, periodKeyAt, resolvePeriod, todayAndMonth } from "./periods";

const at = (s: string) => new Date(s);

describe("dashboard periods", () => {
  it("reads months, quarters and years in China time", () => {
    expect(parsePeriod("2026-11")).toMatchObject({ kind: "month", start: at("2026-10-31T16:00:00Z"), end: at("2026-11-30T16:00:00Z"), months: ["2026-11"] });
    expect(parsePeriod("2026-Q4")).toMatchObject({ kind: "quarter", start: at("2026-09-30T16:00:00Z"), end: at("2026-12-31T16:00:00Z"), months: ["2026-10", "2026-11", "2026-12"] });
    expect(parsePeriod("2026")).toMatchObject({ kind: "year", start: at("2025-12-31T16:00:00Z"), end: at("2026-12-31T16:00:00Z") });
    expect(parsePeriod("2026")!.months).toHaveLength(12);
    for (const bad of ["2026-13", "2026-Q5", "1999", "26-11", "2026-11-01", ""]) expect(parsePeriod(bad)).toBeNull();
  });

  it("falls back to the current month", () => {
    const now = at("2026-11-30T17:00:00Z"); // 1 December, 01:00 in Beijing
    expect(resolvePeriod(undefined, now).key).toBe("2026-12");
    expect(resolvePeriod("nonsense", now).key).toBe("2026-12");
    expect(periodKeyAt(now, "quarter")).toBe("2026-Q4");
  });

  it("offers 12 months, 4 quarters and 2 years, newest first", () => {
    const choices = periodChoices(at("2026-02-10T00:00:00Z"));
    expect(choices.filter((c) => c.kind === "month").map((c) => c.key).slice(0, 3)).toEqual(["2026-02", "2026-01", "2025-12"]);
    expect(choices.filter((c) => c.kind === "quarter").map((c) => c.key)).toEqual(["2026-Q1", "2025-Q4", "2025-Q3", "2025-Q2"]);
    expect(choices.filter((c) => c.kind === "year").map((c) => c.key)).toEqual(["2026", "2025"]);
  });

  it("buckets by China-time day, Monday week and month", () => {
    // 2026-11-29 is a Sunday; 23:30 UTC on the 29th is Monday the 30th in Beijing.
    expect(bucketKey(at("2026-11-29T23:30:00Z"), "day")).toBe("2026-11-30");
    expect(bucketKey(at("2026-11-29T15:30:00Z"), "week")).toBe("2026-11-23");
    expect(bucketKey(at("2026-11-29T16:30:00Z"), "week")).toBe("2026-11-30");
    expect(bucketKey(at("2026-11-30T16:30:00Z"), "month")).toBe("2026-12-01");
  });

  it("lists the buckets of a period up to now", () => {
    const nov = parsePeriod("2026-11")!;
    expect(bucketsOf(nov, "day", at("2027-01-01T00:00:00Z")).map((b) => b.key)).toHaveLength(30);
    expect(bucketsOf(nov, "day", at("2026-11-10T03:00:00Z")).map((b) => b.key).at(-1)).toBe("2026-11-10");
    const weeks = bucketsOf(nov, "week", at("2027-01-01T00:00:00Z")).map((b) => b.key);
    expect(weeks[0]).toBe("2026-10-26"); // the week holding 1 November starts on Monday 26 October
    expect(weeks).toEqual(["2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23", "2026-11-30"]);
    expect(bucketsOf(parsePeriod("2026")!, "month", at("2026-03-15T00:00:00Z")).map((b) => b.key)).toEqual(["2026-01-01", "2026-02-01", "2026-03-01"]);
    expect(defaultGranularity("quarter")).toBe("week");
  });

  it("knows today and this month, and the months begun so far", () => {
    const { today, month } = todayAndMonth(at("2026-11-15T20:00:00Z"));
    expect(today).toEqual({ start: at("2026-11-15T16:00:00Z"), end: at("2026-11-16T16:00:00Z") });
    expect(month.start).toEqual(at("2026-10-31T16:00:00Z"));
    expect(monthsSoFar(parsePeriod("2026-Q4")!, at("2026-11-15T00:00:00Z"))).toEqual(["2026-10", "2026-11"]);
  });
});
