import "server-only";
import { authorize, type Viewer } from "@/lib/server/auth";
import { db } from "@/lib/server/db";
import { unitsWithin } from "@/lib/server/scope";

/** The administration landing page: the areas this administrator may open, with a few counts. */
export async function adminOverview(viewer: Viewer) {
  await authorize(viewer, "admin.view");
  const may = (a: Parameters<typeof viewer.permissions.includes>[0]) => viewer.permissions.includes(a);
  const [users, disabled, mustChange, customRoles, units] = await Promise.all([
    may("users.view") ? db.user.count({ where: { unit: unitsWithin(viewer) } }) : null,
    may("users.view") ? db.user.count({ where: { unit: unitsWithin(viewer), enabled: false } }) : null,
    may("users.view") ? db.user.count({ where: { unit: unitsWithin(viewer), mustChangePassword: true } }) : null,
    may("roles.view") ? db.customRole.count() : null,
    may("territory.edit") ? db.unit.count({ where: { ...unitsWithin(viewer), retiredAt: null } }) : null,
  ]);
  return { users, disabled, mustChange, customRoles, units };
}
