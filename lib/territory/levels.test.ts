import { describe, expect, it } from "vitest";
import { levelOfCode } from "./levels";

describe("levelOfCode", () => {
  it.each([
    ["620000000000", "PROVINCE"],
    ["620900000000", "CITY"],
    ["620981000000", "COUNTY"],
    ["620981100000", "TOWNSHIP"],
    ["620981100001", "VILLAGE"],
    ["620981001003", "VILLAGE"],
  ])("%s is a %s", (code, level) => expect(levelOfCode(code)).toBe(level));

  it("rejects codes that are not 12 digits", () => {
    expect(() => levelOfCode("620981")).toThrow();
    expect(() => levelOfCode("62098110000x")).toThrow();
  });
});
