import { randomUUID } from "node:crypto";
import {
  accountInfo,
  adminOverview,
  createResponsibility,
  createRole,
  createUser,
  exportAudit,
  listResponsibilities,
  listUsers,
  renameUnit,
  resetTotp,
  roleMatrix,
  searchAudit,
  updateResponsibility,
  updateSetting,
  updateUser,
  getUser,
} from "@/lib/admin/data";
import { db } from "@/lib/server/db";
import { writeAudit } from "@/lib/server/audit";
import { settingsStore } from "@/lib/settings/store";
import { fixture } from "../fixtures";
import { NOT_APPLICABLE, type AuthzCases } from "./types";

const unique = () => randomUUID().replace(/-/g, "").slice(0, 10);

async function userRef(username: string) {
  return db.user.findUniqueOrThrow({ where: { username }, select: { id: true, version: true } });
}

async function category() {
  const code = `c${unique()}`;
  return db.eventCategory.create({ data: { code, name: "测试分类", nameEn: "Test" }, select: { id: true } });
}

export const adminCases: AuthzCases = {
  "admin.view": async (viewer, inside) => (inside ? adminOverview(viewer) : NOT_APPLICABLE),
  "account.manage": async (viewer, inside) => (inside ? accountInfo(viewer) : NOT_APPLICABLE),
  "users.view": async (viewer, inside) => {
    if (!inside) return getUser(viewer, (await userRef("gridB")).id);
    const { users } = await listUsers(viewer);
    if (users.some((u) => u.username === "gridB" || u.username === "adminB")) throw new Error("user list leaks another county");
  },
  "users.manage": async (viewer, inside) => {
    if (inside) return createUser(viewer, { username: `u${unique()}`, displayName: "新用户", phone: "", roleKey: "GRID_WORKER", unitId: fixture().units.G111, departmentId: null });
    const target = await userRef("gridB");
    return updateUser(viewer, { ...target, displayName: "改名", phone: "", roleKey: "GRID_WORKER", unitId: fixture().units.GB, departmentId: null });
  },
  "users.grantAdmin": async (viewer, inside) => resetTotp(viewer, await userRef(inside ? "grid2" : "gridB")),
  "roles.view": async (viewer, inside) => (inside ? roleMatrix(viewer) : NOT_APPLICABLE),
  "roles.manage": async (viewer, inside) =>
    inside ? createRole(viewer, { key: `r${unique()}`, name: "角色", baseRole: "GRID_WORKER", description: "", permissions: ["territory.view"] }) : NOT_APPLICABLE,
  "security.settings": async (viewer, inside) => {
    if (!inside) return NOT_APPLICABLE;
    settingsStore.invalidate();
    return updateSetting(viewer, { key: "security.session", value: { idleMinutes: 20 + Math.floor(Math.random() * 60) } });
  },
  "settings.manage": async (viewer, inside) => {
    if (!inside) return NOT_APPLICABLE;
    settingsStore.invalidate();
    return updateSetting(viewer, { key: "map", value: { centerLat: 30, centerLng: 100 + Math.random(), zoom: 10, tileUrl: "", tileAttribution: "", tileCrs: "WGS84" } });
  },
  "territory.edit": async (viewer, inside) => {
    const unit = await db.unit.findUniqueOrThrow({ where: { id: inside ? fixture().units.G111 : fixture().units.GB }, select: { id: true, version: true } });
    return renameUnit(viewer, { ...unit, name: `网格${unique()}` });
  },
  "responsibilities.view": async (viewer, inside) => {
    if (!inside) return NOT_APPLICABLE;
    const c = await category();
    await db.responsibilityItem.create({ data: { countyId: fixture().units.B, level: "GRID", categoryId: c.id, matter: "邻县事项" } });
    const list = await listResponsibilities(viewer);
    if (list.items.some((i) => i.matter === "邻县事项")) throw new Error("another county's list leaked");
  },
  "responsibilities.manage": async (viewer, inside) => {
    const c = await category();
    const item = { level: "GRID" as const, departmentId: null, categoryId: c.id, matter: "巡查", basis: "", duty: "LEAD" as const, enabled: true };
    if (inside) return createResponsibility(viewer, item);
    const other = await db.responsibilityItem.create({ data: { countyId: fixture().units.B, level: "GRID", categoryId: c.id, matter: "邻县事项" }, select: { id: true, version: true } });
    return updateResponsibility(viewer, { ...other, ...item });
  },
  "audit.view": async (viewer, inside) => {
    if (!inside) return NOT_APPLICABLE;
    await writeAudit(db, { action: "test.outside", result: "success", userId: fixture().users.gridB, username: "gridB" });
    const { rows } = await searchAudit(viewer, { action: "test." });
    if (rows.some((r) => r.username === "gridB")) throw new Error("audit entries of another county leaked");
  },
  "audit.export": async (viewer, inside) => {
    if (!inside) return NOT_APPLICABLE;
    const { stream } = await exportAudit(viewer);
    const reader = stream.getReader();
    while (!(await reader.read()).done) {
      // drain
    }
  },
};
