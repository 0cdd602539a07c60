import { describe, expect, it } from "vitest";
import { ETHNICITIES, ethnicityCodeOf, ethnicityName } from "./ethnicity";

describe("ethnicities (GB/T 3304)", () => {
  it("lists 56 groups with codes 01 to 56 in order", () => {
    expect(ETHNICITIES).toHaveLength(56);
    expect(ETHNICITIES.map((e) => e.code)).toEqual(Array.from({ length: 56 }, (_, i) => String(i + 1).padStart(2, "0")));
    expect(new Set(ETHNICITIES.map((e) => e.zh)).size).toBe(56);
  });
  it("reads codes and names the way spreadsheets write them", () => {
    expect(ethnicityCodeOf("汉族")).toBe("01");
    expect(ethnicityCodeOf("回")).toBe("03");
    expect(ethnicityCodeOf("3")).toBe("03");
    expect(ethnicityCodeOf("48")).toBe("48");
    expect(ethnicityCodeOf("yugur")).toBe("48");
    expect(ethnicityCodeOf("57")).toBeNull();
    expect(ethnicityCodeOf("火星族")).toBeNull();
    expect(ethnicityName("48", "zh-CN")).toBe("裕固族");
    expect(ethnicityName("48", "en")).toBe("Yugur");
  });
});
