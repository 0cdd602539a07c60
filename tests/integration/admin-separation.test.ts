// The three administrators (三员) against each other's work: the system administrator,
// the security administrator and the audit administrator each do their own and nothing else.
import { describe, expect, it } from "vitest";
import {
  accountInfo,
  createRole,
  createUser,
  exportAudit,
  listUsers,
  renameUnit,
  resetTotp,
  roleMatrix,
  searchAudit,
  updateSetting,
  updateUser,
} from "@/lib/admin/data";
import type { Viewer } from "@/lib/server/auth";
import { db } from "@/lib/server/db";
import { getTerritory } from "@/lib/territory/data";
import { freshSettings, uniqueName } from "../support/admin";
import { fixture, viewerFor } from "../support/fixtures";

type Op = (v: Viewer) => Promise<unknown>;
const ref = (username: string) => db.user.findUniqueOrThrow({ where: { username }, select: { id: true, version: true } });

const OPS: Record<string, Op> = {
  "create an ordinary user": (v) => createUser(v, { username: uniqueName(), displayName: "x", phone: "", roleKey: "GRID_WORKER", unitId: fixture().units.G111, departmentId: null }),
  "list users": (v) => listUsers(v),
  "edit a unit": async (v) => renameUnit(v, { ...(await db.unit.findUniqueOrThrow({ where: { id: fixture().units.G111 }, select: { id: true, version: true } })), name: uniqueName("网格") }),
  "change the map settings": (v) => (freshSettings(), updateSetting(v, { key: "map", value: { centerLat: 31, centerLng: 101, zoom: 9, tileUrl: "", tileAttribution: "", tileCrs: "WGS84" } })),
  "see the role matrix": (v) => roleMatrix(v),
  "create a custom role": (v) => createRole(v, { key: uniqueName("r"), name: "r", baseRole: "GRID_WORKER", description: "", permissions: [] }),
  "change the password policy": (v) => (freshSettings(), updateSetting(v, { key: "security.password", value: { minLength: 12, minClasses: 3, maxAgeDays: 90 } })),
  "grant an administrator role": async (v) => updateUser(v, { ...(await ref("grid2")), displayName: "grid2", phone: "", roleKey: "AUDIT_ADMIN", unitId: fixture().units.A, departmentId: null }),
  "reset someone's two-step sign-in": async (v) => resetTotp(v, await ref("grid")),
  "read the audit log": (v) => searchAudit(v),
  "export the audit log": (v) => exportAudit(v),
  "see the territory": (v) => getTerritory(v),
  "manage one's own account": (v) => accountInfo(v),
};

const ALLOWED: Record<string, string[]> = {
  admin: ["create an ordinary user", "list users", "edit a unit", "change the map settings", "see the role matrix", "see the territory", "manage one's own account"],
  secadmin: ["list users", "see the role matrix", "create a custom role", "change the password policy", "grant an administrator role", "reset someone's two-step sign-in", "manage one's own account"],
  auditadmin: ["read the audit log", "export the audit log", "manage one's own account"],
};

describe("three separate administrators", () => {
  for (const [username, allowed] of Object.entries(ALLOWED)) {
    for (const [op, run] of Object.entries(OPS)) {
      const expected = allowed.includes(op) ? "allowed" : "forbidden";
      it(`${username} may ${expected === "allowed" ? "" : "not "}${op}`, async () => {
        const viewer = await viewerFor(username);
        const outcome = await run(viewer).then(
          () => "allowed",
          (err: { code?: string }) => (err.code === "FORBIDDEN" ? "forbidden" : Promise.reject(err)),
        );
        expect(outcome).toBe(expected);
        if (expected === "forbidden") expect(await db.auditLog.count({ where: { userId: viewer.id, result: "denied" } })).toBeGreaterThan(0);
      });
    }
  }

  it("does not let the system administrator read the log of their own actions", async () => {
    const admin = await viewerFor("admin");
    await createUser(admin, { username: uniqueName(), displayName: "x", phone: "", roleKey: "GRID_WORKER", unitId: fixture().units.G111, departmentId: null });
    await expect(searchAudit(admin, { user: "admin" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const auditor = await viewerFor("auditadmin");
    expect((await searchAudit(auditor, { action: "users.create" })).rows.map((r) => r.username)).toEqual(["admin"]);
  });
});
