import { describe, expect, it } from "vitest";
import { characterClasses, meetsPolicy, passwordSchema } from "./password";

describe("password policy", () => {
  it("counts character classes", () => {
    expect(characterClasses("abc")).toBe(1);
    expect(characterClasses("abcDEF12")).toBe(3);
    expect(characterClasses("aB3$")).toBe(4);
  });

  it.each([
    ["Grid2026!", true],
    ["grid2026!", true],
    ["Gridwork1", true],
    ["gridworker", false],
    ["grid2026", false],
    ["Gr1!", false],
    ["ABCDEFG1", false],
  ])("%s meets the policy: %s", (password, ok) => {
    expect(meetsPolicy(password)).toBe(ok);
    expect(passwordSchema.safeParse(password).success).toBe(ok);
  });

  it("reports the specific rule that failed", () => {
    const short = passwordSchema.safeParse("Ab1!");
    expect(short.error?.issues.map((i) => i.message)).toContain("validation.passwordTooShort");
    const classes = passwordSchema.safeParse("abcdefghij");
    expect(classes.error?.issues.map((i) => i.message)).toContain("validation.passwordClasses");
  });
});
