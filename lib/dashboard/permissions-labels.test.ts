import { describe, expect, it } from "vitest";
import adminEn from "@/lib/i18n/messages/admin.en.json";
import adminZh from "@/lib/i18n/messages/admin.zh-CN.json";
import { ACTIONS } from "@/lib/permissions";

// The administrators' role matrix (components/admin/role-matrix.tsx) names each action by
// its label under admin.actions, the dots of the key written as underscores, and falls
// back to the bare key: every dashboard action has a label in both languages.
describe("dashboard actions in the role matrix", () => {
  const dashboard = ACTIONS.filter((a) => a.startsWith("dashboard."));

  it("are the four the module defines", () => {
    expect(dashboard).toEqual(["dashboard.view", "dashboard.assessment", "dashboard.rules", "dashboard.export"]);
  });

  it.each(dashboard)("%s has a Chinese and an English label", (action) => {
    const key = action.replace(/\./g, "_");
    const zh = (adminZh.actions as Record<string, string>)[key];
    const en = (adminEn.actions as Record<string, string>)[key];
    expect(zh).toMatch(/\p{Script=Han}/u);
    expect(en).toMatch(/^[A-Z][ -~]+$/);
  });
});
