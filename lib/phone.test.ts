import { describe, expect, it } from "vitest";
import { maskPhone, parsePhone } from "./phone";

describe("mainland mobile numbers", () => {
  it.each(["13800138000", "19912345678", "+86 138-0013-8000", "0086 13800138000"])("accepts %s", (raw) => {
    expect(parsePhone(raw)).toMatchObject({ ok: true });
  });

  it("normalises to 11 digits", () => {
    expect(parsePhone("+86 138-0013-8000")).toEqual({ ok: true, value: "13800138000" });
  });

  it.each([
    ["1380013800a", "letters"],
    ["138OO138000", "letters"],
    ["phone", "letters"],
    ["1380013800", "format"],
    ["138001380001", "format"],
    ["12800138000", "format"],
    ["23800138000", "format"],
    ["09312345678", "format"],
  ])("refuses %s (%s)", (raw, problem) => {
    expect(parsePhone(raw)).toEqual({ ok: false, problem });
  });

  it("masks the middle four digits", () => {
    expect(maskPhone("13800138000")).toBe("138****8000");
  });
});
