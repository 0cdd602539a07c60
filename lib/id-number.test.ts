import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ageOn, idCheckChar, makeIdNumber, maskIdNumber, normalizeIdNumber, parseIdNumber } from "./id-number";

const NOW = new Date("2026-06-01T00:00:00Z");

describe("GB 11643 ID numbers", () => {
  it("accepts the standard's example with an X check character, in either case", () => {
    const r = parseIdNumber("11010519491231002X", NOW);
    expect(r).toEqual({ ok: true, value: "11010519491231002X", birthDate: "1949-12-31", sex: "FEMALE", regionCode: "110105" });
    expect(parseIdNumber(" 11010519491231002x ", NOW).ok).toBe(true);
  });

  it("computes the check character (ISO 7064 MOD 11-2)", () => {
    expect(idCheckChar("11010519491231002")).toBe("X");
    expect(idCheckChar("62098119800101001")).toBe(makeIdNumber("620981", "1980-01-01", 1).slice(-1));
  });

  it("reads sex from the 17th digit", () => {
    expect(parseIdNumber(makeIdNumber("620981", "1980-01-01", 11), NOW)).toMatchObject({ ok: true, sex: "MALE" });
    expect(parseIdNumber(makeIdNumber("620981", "1980-01-01", 12), NOW)).toMatchObject({ ok: true, sex: "FEMALE" });
  });

  it("refuses a wrong check digit", () => {
    const good = makeIdNumber("620981", "1990-05-17", 123);
    const wrong = good.slice(0, 17) + (good[17] === "1" ? "2" : "1");
    expect(parseIdNumber(wrong, NOW)).toEqual({ ok: false, problem: "checkDigit" });
  });

  it("finds every single-digit typo in the first 17 digits", () => {
    fc.assert(
      fc.property(fc.integer({ min: 6, max: 16 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
        const good = makeIdNumber("620981", "1975-03-09", 457);
        const typo = good.slice(0, pos) + String((Number(good[pos]) + delta) % 10) + good.slice(pos + 1);
        expect(parseIdNumber(typo, NOW).ok).toBe(false);
      }),
    );
  });

  it.each([
    ["12345", "format"],
    ["62098119800101001", "format"],
    ["6209811980010100123", "format"],
    ["62098119800101A012", "format"],
    ["X20981198001010012", "format"],
  ])("refuses %s as %s", (value, problem) => {
    expect(parseIdNumber(value, NOW)).toEqual({ ok: false, problem });
  });

  it("refuses region codes that name no province or only a province", () => {
    expect(parseIdNumber(makeIdNumber("990101", "1980-01-01", 1), NOW)).toEqual({ ok: false, problem: "region" });
    expect(parseIdNumber(makeIdNumber("000000", "1980-01-01", 1), NOW)).toEqual({ ok: false, problem: "region" });
    expect(parseIdNumber(makeIdNumber("620000", "1980-01-01", 1), NOW)).toEqual({ ok: false, problem: "region" });
  });

  it.each(["1980-02-30", "1981-02-29", "1980-13-01", "1980-00-10", "1899-12-31"])("refuses the impossible birth date %s", (date) => {
    expect(parseIdNumber(makeIdNumber("620981", date, 1), NOW)).toEqual({ ok: false, problem: "birthDate" });
  });

  it("accepts 29 February of a leap year", () => {
    expect(parseIdNumber(makeIdNumber("620981", "2000-02-29", 1), NOW).ok).toBe(true);
  });

  it("refuses a birth date in the future, by Beijing time", () => {
    expect(parseIdNumber(makeIdNumber("620981", "2026-06-02", 1), NOW)).toEqual({ ok: false, problem: "future" });
    expect(parseIdNumber(makeIdNumber("620981", "2026-06-01", 1), NOW).ok).toBe(true);
    // 2026-06-01 20:00 UTC is already 2 June in Beijing.
    expect(parseIdNumber(makeIdNumber("620981", "2026-06-02", 1), new Date("2026-06-01T20:00:00Z")).ok).toBe(true);
  });

  it("masks all but the first 6 and last 4 characters", () => {
    expect(maskIdNumber("11010519491231002X")).toBe("110105********002X");
    expect(normalizeIdNumber(" 110105 19491231002x")).toBe("11010519491231002X");
  });

  it("computes age in whole years", () => {
    expect(ageOn("1980-06-02", NOW)).toBe(45);
    expect(ageOn("1980-06-01", NOW)).toBe(46);
  });
});
