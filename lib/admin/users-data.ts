import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client.ts";
import { ROLES, type Action } from "@/lib/permissions";
import { auditActor, authorize, deny, type Viewer } from "@/lib/server/auth";
import { writeAudit } from "@/lib/server/audit";
import { db } from "@/lib/server/db";
import { AppError, notFound } from "@/lib/server/errors";
import { diffFields } from "@/lib/server/history";
import { hashPassword } from "@/lib/server/passwords";
import type { Tx } from "@/lib/server/prisma";
import { unitsWithin } from "@/lib/server/scope";
import { lockStatus } from "@/lib/server/signin";
import { getSetting, getSettings } from "@/lib/settings/store";
import { oneTimePassword } from "./password-policy";
import { builtinPermissions, isAdministrativeRole, isBuiltinRole, permissionsOfCustomRole } from "./permissions";
import type { CreateUserInput, UpdateUserInput } from "./schemas";

export const USERS_PAGE_SIZE = 25;

export interface UserFilter {
  q?: string;
  roleKey?: string;
  /** Users of this unit and every unit below it. */
  unitId?: number;
  status?: "enabled" | "disabled" | "locked" | "mustChange" | "noTotp";
  page?: number;
}

/** A role as the user screens show it: built-in or custom, with its permission set. */
export interface RoleRef {
  key: string;
  name: string | null;
  builtin: boolean;
  administrative: boolean;
  permissions: Action[];
}

/** The role behind a key, or null when no such role exists (locks a custom role's row in a transaction). */
export async function resolveRole(client: Tx | typeof db, key: string): Promise<RoleRef | null> {
  if (isBuiltinRole(key)) {
    const permissions = builtinPermissions(key);
    return { key, name: null, builtin: true, permissions, administrative: isAdministrativeRole({ roleKey: key, permissions }) };
  }
  const custom = await client.customRole.findUnique({ where: { key }, select: { key: true, name: true, permissions: true } });
  if (!custom) return null;
  const permissions = permissionsOfCustomRole(custom.permissions);
  return { key, name: custom.name, builtin: false, permissions, administrative: isAdministrativeRole({ roleKey: key, permissions }) };
}

/**
 * Who may change an account: ordinary accounts are the system administrator's
 * (users.manage); accounts holding, or being given, an administrative role are the
 * security administrator's (users.grantAdmin), so neither can make or unmake the other
 * administrators alone. Nobody changes their own account here.
 */
function authorityFor(roles: (RoleRef | null)[]): Action {
  return roles.some((r) => r?.administrative) ? "users.grantAdmin" : "users.manage";
}

async function requireAuthority(viewer: Viewer, roles: (RoleRef | null)[]): Promise<void> {
  const needed = authorityFor(roles);
  await authorize(viewer, needed, needed === "users.grantAdmin" ? { key: "adminRoleNeedsSecurityAdmin" } : undefined);
}

async function authorizeAny(viewer: Viewer, actions: Action[]): Promise<void> {
  if (actions.some((a) => viewer.permissions.includes(a) && viewer.restricted === null)) return;
  await authorize(viewer, actions[0]);
}

const USER_LIST_SELECT = {
  id: true,
  username: true,
  displayName: true,
  role: true,
  enabled: true,
  mustChangePassword: true,
  totpEnabledAt: true,
  lastLoginAt: true,
  unlockedAt: true,
  unit: { select: { id: true, name: true, level: true } },
  department: { select: { id: true, name: true } },
} satisfies Prisma.UserSelect;

async function lockCandidates(): Promise<string[]> {
  const policy = await getSetting("security.lockout");
  const rows = await db.loginAttempt.groupBy({
    by: ["username"],
    where: { result: "FAILURE", createdAt: { gt: new Date(Date.now() - 2 * policy.lockMinutes * 60_000) } },
    _count: { _all: true },
    having: { username: { _count: { gte: policy.failures } } },
  });
  return rows.map((r) => r.username);
}

/** Users of the viewer's territory, searched and filtered, a page at a time, with lock-outs. */
export async function listUsers(viewer: Viewer, filter: UserFilter = {}) {
  await authorize(viewer, "users.view");
  const and: Prisma.UserWhereInput[] = [{ unit: unitsWithin(viewer) }];
  const q = filter.q?.trim().slice(0, 64);
  if (q) and.push({ OR: [{ username: { contains: q, mode: "insensitive" } }, { displayName: { contains: q } }] });
  if (filter.roleKey) and.push({ role: filter.roleKey });
  if (filter.unitId) and.push({ unit: { pathIds: { has: filter.unitId } } });
  if (filter.status === "enabled") and.push({ enabled: true });
  if (filter.status === "disabled") and.push({ enabled: false });
  if (filter.status === "mustChange") and.push({ mustChangePassword: true });
  if (filter.status === "noTotp") and.push({ totpEnabledAt: null });
  if (filter.status === "locked") and.push({ username: { in: await lockCandidates() } });
  const where: Prisma.UserWhereInput = { AND: and };
  const page = Math.max(1, Math.floor(filter.page ?? 1));
  const [total, rows] = await Promise.all([
    db.user.count({ where }),
    db.user.findMany({ where, select: USER_LIST_SELECT, orderBy: { username: "asc" }, skip: (page - 1) * USERS_PAGE_SIZE, take: USERS_PAGE_SIZE }),
  ]);
  const users = await Promise.all(
    rows.map(async (u) => ({
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      roleKey: u.role,
      enabled: u.enabled,
      mustChangePassword: u.mustChangePassword,
      totp: !!u.totpEnabledAt,
      lastLoginAt: u.lastLoginAt,
      unitName: u.unit.name,
      departmentName: u.department?.name ?? null,
      lockedUntil: await lockStatus(u.username, u.unlockedAt),
    })),
  );
  const shown = filter.status === "locked" ? users.filter((u) => u.lockedUntil) : users;
  const customRoles = await db.customRole.findMany({ select: { key: true, name: true }, orderBy: { key: "asc" } });
  return { users: shown, total: filter.status === "locked" ? shown.length : total, page, pageSize: USERS_PAGE_SIZE, customRoles };
}

/** One user with their login history (latest 50 attempts) and current lock-out. */
export async function getUser(viewer: Viewer, id: string) {
  await authorize(viewer, "users.view");
  const user = await db.user.findFirst({
    where: { id, unit: unitsWithin(viewer) },
    select: {
      ...USER_LIST_SELECT,
      phone: true,
      version: true,
      createdAt: true,
      passwordChangedAt: true,
      _count: { select: { recoveryCodes: { where: { usedAt: null } } } },
    },
  });
  if (!user) throw notFound();
  const [history, lockedUntil, role] = await Promise.all([
    db.loginAttempt.findMany({
      where: { OR: [{ userId: user.id }, { username: user.username }] },
      orderBy: { createdAt: "desc" },
      take: 50,
      select: { id: true, createdAt: true, ip: true, result: true },
    }),
    lockStatus(user.username, user.unlockedAt),
    resolveRole(db, user.role),
  ]);
  return {
    id: user.id,
    version: user.version,
    username: user.username,
    displayName: user.displayName,
    phone: user.phone ?? "",
    roleKey: user.role,
    administrative: !!role?.administrative,
    enabled: user.enabled,
    mustChangePassword: user.mustChangePassword,
    totp: !!user.totpEnabledAt,
    recoveryCodesLeft: user._count.recoveryCodes,
    lastLoginAt: user.lastLoginAt,
    createdAt: user.createdAt,
    passwordChangedAt: user.passwordChangedAt,
    unitId: user.unit.id,
    unitName: user.unit.name,
    departmentId: user.department?.id ?? null,
    departmentName: user.department?.name ?? null,
    lockedUntil,
    history: history.map((h) => ({ id: String(h.id), at: h.createdAt, ip: h.ip, result: h.result })),
  };
}

/** The roles a viewer may pick on the user form (built-in and custom), marking those only the security administrator assigns. */
export async function assignableRoles(viewer: Viewer) {
  await authorizeAny(viewer, ["users.manage", "users.grantAdmin"]);
  const custom = await db.customRole.findMany({ select: { key: true, name: true, permissions: true }, orderBy: { key: "asc" } });
  const roles: RoleRef[] = [
    ...(await Promise.all(ROLES.map((r) => resolveRole(db, r)))).filter((r): r is RoleRef => !!r),
    ...custom.map((c) => {
      const permissions = permissionsOfCustomRole(c.permissions);
      return { key: c.key, name: c.name, builtin: false, permissions, administrative: isAdministrativeRole({ roleKey: c.key, permissions }) };
    }),
  ];
  return roles.map((r) => ({ key: r.key, name: r.name, builtin: r.builtin, administrative: r.administrative }));
}

async function checkPlacement(tx: Tx | typeof db, viewer: Viewer, input: { unitId: number; departmentId: number | null }) {
  const unit = await tx.unit.findFirst({ where: { id: input.unitId, retiredAt: null, ...unitsWithin(viewer) }, select: { id: true } });
  if (!unit) throw new AppError("VALIDATION", undefined, { unitId: "validation.adminUnitNotInScope" });
  if (input.departmentId !== null) {
    const dept = await tx.department.findFirst({ where: { id: input.departmentId, enabled: true }, select: { id: true } });
    if (!dept) throw new AppError("VALIDATION", undefined, { departmentId: "validation.adminDepartmentUnknown" });
  }
}

async function roleOrFail(tx: Tx | typeof db, key: string): Promise<RoleRef> {
  const role = await resolveRole(tx, key);
  if (!role) throw new AppError("VALIDATION", undefined, { roleKey: "validation.adminRoleUnknown" });
  return role;
}

function oneTimeFor(policyMin: number) {
  return oneTimePassword(Math.max(14, policyMin));
}

/**
 * Creates an account with a one-time password, returned once: the user must change it
 * at the first sign-in. Administrative roles are granted afterwards by the security
 * administrator.
 */
export async function createUser(viewer: Viewer, input: CreateUserInput) {
  await authorize(viewer, "users.manage");
  const policy = await getSetting("security.password");
  const password = oneTimeFor(policy.minLength);
  const passwordHash = await hashPassword(password);
  // New accounts are the system administrator's; an administrative role needs the
  // security administrator as well, so such an account is made in two steps by two people.
  const role = await roleOrFail(db, input.roleKey);
  if (role.administrative) await requireAuthority(viewer, [role]);
  return db.$transaction(async (tx) => {
    // The role is read again under the transaction: a custom role may have just changed.
    if ((await roleOrFail(tx, input.roleKey)).administrative !== role.administrative) throw new AppError("STALE");
    await checkPlacement(tx, viewer, input);
    if (await tx.user.findUnique({ where: { username: input.username }, select: { id: true } }))
      throw new AppError("CONFLICT", { key: "adminUsernameTaken" }, { username: "validation.adminUsernameTaken" });
    const user = await tx.user.create({
      data: {
        username: input.username,
        displayName: input.displayName,
        phone: input.phone || null,
        role: input.roleKey,
        unitId: input.unitId,
        departmentId: input.departmentId,
        passwordHash,
        mustChangePassword: true,
      },
      select: { id: true },
    });
    await writeAudit(tx, {
      ...auditActor(viewer),
      action: "users.create",
      result: "success",
      targetType: "user",
      targetId: user.id,
      details: { username: input.username, displayName: input.displayName, role: input.roleKey, unitId: input.unitId, departmentId: input.departmentId },
    });
    return { id: user.id, username: input.username, password };
  });
}

/**
 * Loads an account of the viewer's territory for a change and checks who may change it —
 * before the transaction, so that a refusal's audit entry is not rolled back with it.
 * The update then requires the role to be unchanged (else STALE).
 */
async function targetFor(viewer: Viewer, id: string, newRoleKey?: string) {
  if (id === viewer.id) await deny(viewer, viewer.permissions.includes("users.grantAdmin") ? "users.grantAdmin" : "users.manage", { key: "adminNotYourself" });
  const user = await db.user.findFirst({
    where: { id, unit: unitsWithin(viewer) },
    select: { id: true, username: true, displayName: true, phone: true, role: true, unitId: true, departmentId: true, enabled: true, version: true },
  });
  if (!user) throw notFound();
  const roles = [await resolveRole(db, user.role)];
  if (newRoleKey !== undefined && newRoleKey !== user.role) roles.push(await roleOrFail(db, newRoleKey));
  await requireAuthority(viewer, roles);
  return user;
}

/** One conditional update on the version: zero rows means someone changed it first. */
async function updateVersioned(tx: Tx, target: { id: string; role: string }, version: number, data: Prisma.UserUncheckedUpdateManyInput) {
  const { count } = await tx.user.updateMany({ where: { id: target.id, version, role: target.role }, data: { ...data, version: { increment: 1 } } });
  if (count === 0) throw new AppError("STALE");
}

export async function updateUser(viewer: Viewer, input: UpdateUserInput) {
  await authorizeAny(viewer, ["users.manage", "users.grantAdmin"]);
  const user = await targetFor(viewer, input.id, input.roleKey);
  await db.$transaction(async (tx) => {
    await checkPlacement(tx, viewer, input);
    const after = { displayName: input.displayName, phone: input.phone || null, role: input.roleKey, unitId: input.unitId, departmentId: input.departmentId };
    const changes = diffFields(user, after);
    if (Object.keys(changes).length === 0) return;
    // Role, unit and department decide what a session may do: end the user's sessions.
    const scopeChanged = "role" in changes || "unitId" in changes || "departmentId" in changes;
    await updateVersioned(tx, user, input.version, { ...after, ...(scopeChanged ? { sessionVersion: { increment: 1 } } : {}) });
    await writeAudit(tx, { ...auditActor(viewer), action: "users.update", result: "success", targetType: "user", targetId: user.id, details: { username: user.username, changes } as Prisma.InputJsonValue });
  });
}

export async function setUserEnabled(viewer: Viewer, input: { id: string; version: number; enabled: boolean }) {
  await authorizeAny(viewer, ["users.manage", "users.grantAdmin"]);
  const user = await targetFor(viewer, input.id);
  if (user.enabled === input.enabled) return;
  await db.$transaction(async (tx) => {
    await updateVersioned(tx, user, input.version, { enabled: input.enabled, sessionVersion: { increment: 1 } });
    await writeAudit(tx, {
      ...auditActor(viewer),
      action: input.enabled ? "users.enable" : "users.disable",
      result: "success",
      targetType: "user",
      targetId: user.id,
      details: { username: user.username, changes: { enabled: [user.enabled, input.enabled] } },
    });
  });
}

/** Ends a lock-out: failures before now stop counting. */
export async function unlockUser(viewer: Viewer, input: { id: string; version: number }) {
  await authorizeAny(viewer, ["users.manage", "users.grantAdmin"]);
  const user = await targetFor(viewer, input.id);
  await db.$transaction(async (tx) => {
    await updateVersioned(tx, user, input.version, { unlockedAt: new Date() });
    await writeAudit(tx, { ...auditActor(viewer), action: "users.unlock", result: "success", targetType: "user", targetId: user.id, details: { username: user.username } });
  });
}

/** Sets a one-time password (returned once), ends the user's sessions and lifts any lock-out. */
export async function resetPassword(viewer: Viewer, input: { id: string; version: number }) {
  await authorizeAny(viewer, ["users.manage", "users.grantAdmin"]);
  const policy = await getSetting("security.password");
  const password = oneTimeFor(policy.minLength);
  const passwordHash = await hashPassword(password);
  const user = await targetFor(viewer, input.id);
  return db.$transaction(async (tx) => {
    await updateVersioned(tx, user, input.version, {
      passwordHash,
      mustChangePassword: true,
      unlockedAt: new Date(),
      sessionVersion: { increment: 1 },
    });
    await writeAudit(tx, {
      ...auditActor(viewer),
      action: "users.resetPassword",
      result: "success",
      targetType: "user",
      targetId: user.id,
      details: { username: user.username, changes: { password: ["***", "***"] } },
    });
    return { username: user.username, password };
  });
}

/** Removes a user's two-factor secret and recovery codes (a lost phone): the security administrator's call. */
export async function resetTotp(viewer: Viewer, input: { id: string; version: number }) {
  await authorize(viewer, "users.grantAdmin");
  if (input.id === viewer.id) await deny(viewer, "users.grantAdmin", { key: "adminNotYourself" });
  await db.$transaction(async (tx) => {
    const user = await tx.user.findFirst({ where: { id: input.id, unit: unitsWithin(viewer) }, select: { id: true, username: true, role: true, totpEnabledAt: true } });
    if (!user) throw notFound();
    await updateVersioned(tx, user, input.version, {
      totpCipher: null,
      totpPendingCipher: null,
      totpEnabledAt: null,
      totpLastStep: null,
      sessionVersion: { increment: 1 },
    });
    await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
    await writeAudit(tx, {
      ...auditActor(viewer),
      action: "users.resetTotp",
      result: "success",
      targetType: "user",
      targetId: user.id,
      details: { username: user.username, changes: { totp: [!!user.totpEnabledAt, false] } },
    });
  });
}

/** The settings the user screens need (password rules for the hint). */
export async function userScreenSettings() {
  const s = await getSettings();
  return { password: s["security.password"], lockout: s["security.lockout"] };
}

/** What the user form offers: the units of the territory (picked on the tree), departments, roles. */
export async function userFormOptions(viewer: Viewer) {
  await authorizeAny(viewer, ["users.manage", "users.grantAdmin"]);
  const [units, departments, roles] = await Promise.all([
    db.unit.findMany({
      where: { ...unitsWithin(viewer), retiredAt: null },
      orderBy: [{ depth: "asc" }, { sortOrder: "asc" }, { code: "asc" }],
      select: { id: true, parentId: true, name: true, level: true, code: true },
    }),
    db.department.findMany({ where: { enabled: true }, orderBy: [{ sortOrder: "asc" }, { id: "asc" }], select: { id: true, name: true } }),
    assignableRoles(viewer),
  ]);
  return { rootId: viewer.unitId, units, departments, roles, canGrantAdmin: viewer.permissions.includes("users.grantAdmin"), canManage: viewer.permissions.includes("users.manage") };
}
