import { describe, expect, it } from "vitest";
import { characterClasses } from "@/lib/password";
import { oneTimePassword, passwordProblem } from "./password-policy";

describe("password policy", () => {
  const policy = { minLength: 10, minClasses: 3, maxAgeDays: 0 };
  it("names what is wrong", () => {
    expect(passwordProblem("Short#1", policy)?.key).toBe("adminPasswordPolicy");
    expect(passwordProblem("alllowercase1", policy)?.key).toBe("adminPasswordPolicy");
    expect(passwordProblem("Zhang.san2026", policy, { username: "zhang.san" })?.key).toBe("adminPasswordUsername");
    expect(passwordProblem("Vg@demo2026", { ...policy, minLength: 8 }, { banned: ["Vg@demo2026"] })?.key).toBe("adminPasswordBanned");
    expect(passwordProblem("Good#Pass2026", policy)).toBeNull();
  });

  it("makes one-time passwords that pass the strictest policy", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = oneTimePassword();
      expect(p).toHaveLength(14);
      expect(characterClasses(p)).toBe(4);
      seen.add(p);
    }
    expect(seen.size).toBe(200);
  });
});
