import { describe, expect, it } from "vitest";
import { nextVisitDue } from "./visit-schedule";

const created = new Date("2026-01-10T08:00:00Z");

describe("nextVisitDue", () => {
  it("puts key households a week after the last visit", () => {
    expect(nextVisitDue("KEY", new Date("2026-03-01T09:30:00Z"), created)).toEqual(new Date("2026-03-08T09:30:00Z"));
  });
  it("puts ordinary households a calendar month after the last visit", () => {
    expect(nextVisitDue("ORDINARY", new Date("2026-03-15T00:00:00Z"), created)).toEqual(new Date("2026-04-15T00:00:00Z"));
  });
  it("clamps to the end of a shorter month", () => {
    expect(nextVisitDue("ORDINARY", new Date("2026-01-31T00:00:00Z"), created)).toEqual(new Date("2026-02-28T00:00:00Z"));
    expect(nextVisitDue("REASSURED", new Date("2027-11-30T00:00:00Z"), created)).toEqual(new Date("2028-02-29T00:00:00Z"));
  });
  it("puts reassured households a quarter after the last visit", () => {
    expect(nextVisitDue("REASSURED", new Date("2026-03-15T00:00:00Z"), created)).toEqual(new Date("2026-06-15T00:00:00Z"));
  });
  it("counts from registration when nobody has visited", () => {
    expect(nextVisitDue("KEY", null, created)).toEqual(new Date("2026-01-17T08:00:00Z"));
    expect(nextVisitDue("ORDINARY", undefined, created)).toEqual(new Date("2026-02-10T08:00:00Z"));
  });
});

describe("nextVisitDue with intervals from the settings", () => {
  const intervals = { keyEvery: 10, keyUnit: "DAY", ordinaryEvery: 2, ordinaryUnit: "WEEK", reassuredEvery: 6, reassuredUnit: "MONTH" } as const;
  it("counts days, weeks and calendar months as set", () => {
    expect(nextVisitDue("KEY", new Date("2026-03-01T09:30:00Z"), created, intervals)).toEqual(new Date("2026-03-11T09:30:00Z"));
    expect(nextVisitDue("ORDINARY", new Date("2026-03-01T09:30:00Z"), created, intervals)).toEqual(new Date("2026-03-15T09:30:00Z"));
    expect(nextVisitDue("REASSURED", new Date("2026-08-31T00:00:00Z"), created, intervals)).toEqual(new Date("2027-02-28T00:00:00Z"));
  });
});
