import "server-only";
import { ACTIONS, ROLES } from "@/lib/permissions";
import { auditActor, authorize, type Viewer } from "@/lib/server/auth";
import { writeAudit } from "@/lib/server/audit";
import { db } from "@/lib/server/db";
import { AppError, notFound } from "@/lib/server/errors";
import { builtinPermissions, customRoleProblems, ESSENTIAL_CUSTOM, isBuiltinRole, permissionsOfCustomRole } from "./permissions";
import type { CreateRoleInput } from "./schemas";

// Roles: the built-in ones are lib/permissions.ts (read-only here: they are what the
// system needs to run, so none of their permissions can be taken away); custom roles are
// rows the security administrator edits. A change to a custom role applies to its users
// at their next request (the permission set is loaded with the viewer).

/** The role-to-action matrix: every action, every built-in and custom role. */
export async function roleMatrix(viewer: Viewer) {
  await authorize(viewer, "roles.view");
  const custom = await db.customRole.findMany({ orderBy: { createdAt: "asc" }, select: { key: true, name: true, baseRole: true, description: true, permissions: true, version: true } });
  const counts = new Map(
    (await db.user.groupBy({ by: ["role"], _count: { _all: true } })).map((r) => [r.role, r._count._all]),
  );
  return {
    actions: ACTIONS,
    builtin: ROLES.map((r) => ({ key: r, permissions: builtinPermissions(r), users: counts.get(r) ?? 0 })),
    custom: custom.map((c) => ({ ...c, permissions: permissionsOfCustomRole(c.permissions), users: counts.get(c.key) ?? 0 })),
    essential: ESSENTIAL_CUSTOM,
  };
}

function checkPermissions(permissions: string[]): string[] {
  const unique = [...new Set(permissions)];
  const problems = customRoleProblems(unique);
  if (problems.length) throw new AppError("VALIDATION", { key: problems[0].replace("validation.", "") }, { permissions: problems[0] });
  return permissionsOfCustomRole(unique);
}

export async function createRole(viewer: Viewer, input: CreateRoleInput) {
  await authorize(viewer, "roles.manage");
  if (isBuiltinRole(input.key.toUpperCase())) throw new AppError("CONFLICT", { key: "adminRoleKeyTaken" }, { key: "validation.adminRoleKeyTaken" });
  const permissions = checkPermissions(input.permissions);
  return db.$transaction(async (tx) => {
    if (await tx.customRole.findUnique({ where: { key: input.key }, select: { key: true } }))
      throw new AppError("CONFLICT", { key: "adminRoleKeyTaken" }, { key: "validation.adminRoleKeyTaken" });
    await tx.customRole.create({ data: { key: input.key, name: input.name, baseRole: input.baseRole, description: input.description, permissions } });
    await writeAudit(tx, {
      ...auditActor(viewer),
      action: "roles.create",
      result: "success",
      targetType: "role",
      targetId: input.key,
      details: { name: input.name, baseRole: input.baseRole, permissions },
    });
    return { key: input.key };
  });
}

export async function updateRole(viewer: Viewer, input: { key: string; version: number; name: string; description: string; permissions: string[] }) {
  await authorize(viewer, "roles.manage");
  if (isBuiltinRole(input.key)) throw new AppError("VALIDATION", { key: "adminBuiltinRole" });
  const permissions = checkPermissions(input.permissions);
  await db.$transaction(async (tx) => {
    const before = await tx.customRole.findUnique({ where: { key: input.key }, select: { name: true, description: true, permissions: true } });
    if (!before) throw notFound();
    const { count } = await tx.customRole.updateMany({
      where: { key: input.key, version: input.version },
      data: { name: input.name, description: input.description, permissions, version: { increment: 1 } },
    });
    if (count === 0) throw new AppError("STALE");
    const added = permissions.filter((p) => !before.permissions.includes(p));
    const removed = before.permissions.filter((p) => !permissions.includes(p));
    await writeAudit(tx, {
      ...auditActor(viewer),
      action: "roles.update",
      result: "success",
      targetType: "role",
      targetId: input.key,
      details: {
        changes: {
          ...(before.name !== input.name ? { name: [before.name, input.name] } : {}),
          ...(before.description !== input.description ? { description: [before.description, input.description] } : {}),
        },
        added,
        removed,
      },
    });
  });
}

export async function deleteRole(viewer: Viewer, input: { key: string; version: number }) {
  await authorize(viewer, "roles.manage");
  if (isBuiltinRole(input.key)) throw new AppError("VALIDATION", { key: "adminBuiltinRole" });
  await db.$transaction(async (tx) => {
    const role = await tx.customRole.findUnique({ where: { key: input.key }, select: { version: true, name: true, permissions: true } });
    if (!role) throw notFound();
    if (role.version !== input.version) throw new AppError("STALE");
    const users = await tx.user.count({ where: { role: input.key } });
    if (users > 0) throw new AppError("CONFLICT", { key: "adminRoleInUse", values: { count: users } });
    await tx.customRole.delete({ where: { key: input.key } });
    await writeAudit(tx, {
      ...auditActor(viewer),
      action: "roles.delete",
      result: "success",
      targetType: "role",
      targetId: input.key,
      details: { name: role.name, permissions: role.permissions },
    });
  });
}
