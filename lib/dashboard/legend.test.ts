import { describe, expect, it } from "vitest";
import { breaksFor, classOf, colourOf, NO_DATA, PALETTE, RATE_BREAKS, RATE_PALETTE } from "./legend";

describe("grid layer legend", () => {
  it("cuts counts into quantile classes with friendly breaks", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(breaksFor(values, "count")).toEqual([25, 45, 65, 85]);
    expect(breaksFor([0, 0, null], "count")).toEqual([1]);
    expect(breaksFor([1200, 3400, 5600, 7800, 9900], "count")).toEqual([3500, 6000, 8000, 10000]);
  });

  it("uses fixed breaks for rates, low rates red", () => {
    expect(breaksFor([0.1, 0.99], "rate")).toBe(RATE_BREAKS);
    expect(colourOf(0.95, RATE_BREAKS, "rate")).toBe(RATE_PALETTE[4]);
    expect(colourOf(0.2, RATE_BREAKS, "rate")).toBe(RATE_PALETTE[0]);
  });

  it("classes values and greys out missing data", () => {
    expect(classOf(0, [1, 5])).toBe(0);
    expect(classOf(5, [1, 5])).toBe(2);
    expect(colourOf(null, [1], "count")).toBe(NO_DATA);
    expect(colourOf(0, [1], "count")).toBe(PALETTE[0]);
    expect(colourOf(3, [1], "count")).toBe(PALETTE[4]);
  });
});
