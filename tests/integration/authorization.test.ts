// Every role against every action that exists, inside and outside its territory. Adding an
// action to lib/permissions.ts without a case (tests/support/authz/<module>.ts) fails the
// completeness test below.
import { describe, expect, it } from "vitest";
import { ACTIONS, can, ROLES } from "@/lib/permissions";
import { db } from "@/lib/server/db";
import { getTerritory } from "@/lib/territory/data";
import { adminCases } from "../support/authz/admin";
import { centerCases } from "../support/authz/center";
import { dashboardCases } from "../support/authz/dashboard";
import { dispatchCases } from "../support/authz/dispatch";
import { gridCases } from "../support/authz/grid";
import { peopleCases } from "../support/authz/people";
import { projectsCases } from "../support/authz/projects";
import { territoryCases } from "../support/authz/territory";
import { NOT_APPLICABLE, type AuthzCases } from "../support/authz/types";
import { fixture, viewerFor } from "../support/fixtures";

type Outcome = "allowed" | "forbidden" | "not_found" | "n/a";

async function outcome(p: Promise<unknown>): Promise<Outcome> {
  try {
    return (await p) === NOT_APPLICABLE ? "n/a" : "allowed";
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "FORBIDDEN") return "forbidden";
    if (code === "NOT_FOUND") return "not_found";
    throw err;
  }
}

// One file of cases per module under tests/support/authz/: add yours there and list it here.
const CASES: AuthzCases = {
  ...territoryCases,
  ...gridCases,
  ...peopleCases,
  ...adminCases,
  ...dashboardCases,
  ...dispatchCases,
  ...centerCases,
  ...projectsCases,
};

const USER_OF_ROLE = {
  GRID_WORKER: "grid",
  COMMUNITY_OFFICER: "community",
  TOWNSHIP_OFFICER: "township",
  CENTER_STAFF: "center",
  DEPARTMENT_STAFF: "dept",
  LEADER: "leader",
  ADMIN: "admin",
  SECURITY_ADMIN: "secadmin",
  AUDIT_ADMIN: "auditadmin",
} as const;

describe("authorization matrix", () => {
  it("has a case for every action", () => {
    expect(Object.keys(CASES).sort()).toEqual([...ACTIONS].sort());
  });

  for (const action of ACTIONS) {
    for (const role of ROLES) {
      it(`${role} × ${action}`, async () => {
        const viewer = await viewerFor(USER_OF_ROLE[role]);
        const run = CASES[action];
        if (!run) throw new Error(`no authorization case for ${action}`);
        const inside = await outcome(run(viewer, true));
        expect(inside).toBe(can(role, action) ? "allowed" : "forbidden");
        if (!can(role, action)) {
          expect(await db.auditLog.count({ where: { action, result: "denied", userId: viewer.id } })).toBeGreaterThan(0);
        }
        // Outside the territory nothing is allowed, whatever the role.
        const outside = await outcome(run(viewer, false));
        expect(outside).not.toBe("allowed");
      });
    }
  }

  it("keeps the second county's administrator out of the first", async () => {
    const adminB = await viewerFor("adminB");
    const t = await getTerritory(adminB);
    expect(t.units.map((u) => u.id)).not.toContain(fixture().units.A);
  });
});
