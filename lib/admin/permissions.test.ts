import { describe, expect, it } from "vitest";
import { ACTIONS, can, ROLES } from "@/lib/permissions";
import { customRoleProblems, DUTIES, dutiesOf, isAdministrativeRole, permissionsOfCustomRole, totpRequired } from "./permissions";

describe("role rules", () => {
  it("gives each built-in administrator exactly one duty, and nobody else any", () => {
    const duty = (r: (typeof ROLES)[number]) => dutiesOf(ACTIONS.filter((a) => can(r, a)));
    expect(duty("ADMIN")).toEqual(["system"]);
    expect(duty("SECURITY_ADMIN")).toEqual(["security"]);
    expect(duty("AUDIT_ADMIN")).toEqual(["audit"]);
    for (const r of ROLES.filter((r) => !r.endsWith("ADMIN"))) expect(duty(r)).toEqual([]);
  });

  it("keeps the audit log away from the system administrator and the territory away from the other two", () => {
    expect(can("ADMIN", "audit.view")).toBe(false);
    expect(can("SECURITY_ADMIN", "audit.view")).toBe(false);
    for (const r of ["SECURITY_ADMIN", "AUDIT_ADMIN"] as const) {
      expect(can(r, "territory.view")).toBe(false);
      expect(can(r, "people.view")).toBe(false);
      expect(can(r, "account.manage")).toBe(true);
    }
  });

  it("checks custom permission sets", () => {
    expect(customRoleProblems(["territory.view", "grid.view"])).toEqual([]);
    expect(customRoleProblems(["users.manage", "audit.view"])).toEqual(["validation.adminDutiesMixed"]);
    expect(customRoleProblems(["nonsense.action"])).toEqual(["validation.adminUnknownAction"]);
    expect(permissionsOfCustomRole(["grid.view", "nonsense"])).toEqual(expect.arrayContaining(["grid.view", "account.manage"]));
    expect(permissionsOfCustomRole(["grid.view", "nonsense"])).not.toContain("nonsense");
    expect(Object.values(DUTIES).flat().every((a) => (ACTIONS as string[]).includes(a))).toBe(true);
  });

  it("requires two-step sign-in of administrators, leaders and anyone with an administrative duty", () => {
    const role = (r: (typeof ROLES)[number], permissions: string[] = []) => ({ role: r, roleKey: r, permissions });
    for (const r of ["ADMIN", "SECURITY_ADMIN", "AUDIT_ADMIN", "LEADER"] as const) expect(totpRequired(role(r), [])).toBe(true);
    expect(totpRequired(role("GRID_WORKER"), [])).toBe(false);
    expect(totpRequired(role("GRID_WORKER"), ["GRID_WORKER"])).toBe(true);
    expect(totpRequired({ role: "GRID_WORKER", roleKey: "custom_x", permissions: ["audit.view"] }, [])).toBe(true);
    expect(isAdministrativeRole({ roleKey: "custom_x", permissions: ["roles.manage"] })).toBe(true);
    expect(isAdministrativeRole({ roleKey: "custom_y", permissions: ["grid.view"] })).toBe(false);
  });
});
