"use server";
import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { action } from "@/lib/server/action";
import * as data from "./data";
import * as s from "./schemas";

// --- users ---
export const createUserAction = action(s.createUserSchema, async (viewer, input) => {
  const r = await data.createUser(viewer, input);
  revalidatePath("/admin/users");
  return r;
});
export const updateUserAction = action(s.updateUserSchema, async (viewer, input) => {
  await data.updateUser(viewer, input);
  revalidatePath("/admin/users");
  return { ok: true };
});
export const setUserEnabledAction = action(s.setUserEnabledSchema, async (viewer, input) => {
  await data.setUserEnabled(viewer, input);
  revalidatePath("/admin/users");
  return { ok: true };
});
export const unlockUserAction = action(s.userRefSchema, async (viewer, input) => {
  await data.unlockUser(viewer, input);
  revalidatePath("/admin/users");
  return { ok: true };
});
export const resetPasswordAction = action(s.userRefSchema, async (viewer, input) => {
  const r = await data.resetPassword(viewer, input);
  revalidatePath("/admin/users");
  return r;
});
export const resetTotpAction = action(s.userRefSchema, async (viewer, input) => {
  await data.resetTotp(viewer, input);
  revalidatePath("/admin/users");
  return { ok: true };
});
export const importUsersAction = action(s.importUsersSchema, async (viewer, input) => {
  const r = await data.importUsers(viewer, input.fileBase64);
  if (r.ok) revalidatePath("/admin/users");
  return r;
});

// --- roles ---
export const createRoleAction = action(s.createRoleSchema, async (viewer, input) => {
  const r = await data.createRole(viewer, input);
  revalidatePath("/admin/roles");
  return r;
});
export const updateRoleAction = action(s.updateRoleSchema, async (viewer, input) => {
  await data.updateRole(viewer, input);
  revalidatePath("/admin/roles");
  return { ok: true };
});
export const deleteRoleAction = action(s.deleteRoleSchema, async (viewer, input) => {
  await data.deleteRole(viewer, input);
  revalidatePath("/admin/roles");
  return { ok: true };
});

// --- settings ---
export const updateSettingAction = action(s.updateSettingSchema, async (viewer, input) => {
  const r = await data.updateSetting(viewer, input);
  revalidatePath("/", "layout");
  return r;
});

// --- departments ---
export const createDepartmentAction = action(s.createDepartmentSchema, async (viewer, input) => {
  const r = await data.createDepartment(viewer, input);
  revalidatePath("/admin/departments");
  return r;
});
export const updateDepartmentAction = action(s.updateDepartmentSchema, async (viewer, input) => {
  await data.updateDepartment(viewer, input);
  revalidatePath("/admin/departments");
  return { ok: true };
});

// --- territory ---
export const addUnitAction = action(s.createUnitSchema, async (viewer, input) => {
  const r = await data.addUnit(viewer, input);
  revalidatePath("/admin/territory", "layout");
  return r;
});
export const renameUnitAction = action(s.renameUnitSchema, async (viewer, input) => {
  await data.renameUnit(viewer, input);
  revalidatePath("/admin/territory", "layout");
  return { ok: true };
});
export const moveUnitAction = action(s.moveUnitSchema, async (viewer, input) => {
  const r = await data.moveUnit(viewer, input);
  revalidatePath("/admin/territory", "layout");
  return r;
});
export const retireUnitAction = action(s.retireUnitSchema, async (viewer, input) => {
  await data.retireUnit(viewer, input);
  revalidatePath("/admin/territory", "layout");
  return { ok: true };
});
export const setBoundaryAction = action(s.setBoundarySchema, async (viewer, input) => {
  const r = await data.setGridBoundary(viewer, input);
  revalidatePath("/admin/territory", "layout");
  return r;
});
export const importBoundariesAction = action(s.importBoundariesSchema, async (viewer, input) => {
  const r = await data.importBoundaries(viewer, input);
  revalidatePath("/admin/territory", "layout");
  return r;
});
export const assignGridWorkerAction = action(s.assignGridWorkerSchema, async (viewer, input) => {
  await data.assignGridWorker(viewer, input);
  revalidatePath("/admin/territory", "layout");
  return { ok: true };
});

// --- list of powers and responsibilities ---
export const createResponsibilityAction = action(s.responsibilitySchema, async (viewer, input) => {
  const r = await data.createResponsibility(viewer, input);
  revalidatePath("/admin/responsibilities");
  return r;
});
export const updateResponsibilityAction = action(s.updateResponsibilitySchema, async (viewer, input) => {
  await data.updateResponsibility(viewer, input);
  revalidatePath("/admin/responsibilities");
  return { ok: true };
});
export const deleteResponsibilityAction = action(s.deleteResponsibilitySchema, async (viewer, input) => {
  await data.deleteResponsibility(viewer, input);
  revalidatePath("/admin/responsibilities");
  return { ok: true };
});

// --- one's own account ---
export const changePasswordAction = action(s.changePasswordSchema, async (viewer, input) => {
  await data.changeOwnPassword(viewer, input);
  (await cookies()).set(s.PASSWORD_CHANGED_COOKIE, "1", { maxAge: 60, httpOnly: true, sameSite: "lax", path: "/" });
  return { ok: true };
});
export const startTotpAction = action(s.emptySchema, async (viewer) => data.startTotp(viewer));
export const confirmTotpAction = action(s.totpCodeSchema, async (viewer, input) => {
  const r = await data.confirmTotp(viewer, input);
  revalidatePath("/account");
  return r;
});
export const regenerateRecoveryCodesAction = action(s.totpCodeSchema, async (viewer, input) => data.regenerateRecoveryCodes(viewer, input));
export const disableTotpAction = action(s.disableTotpSchema, async (viewer, input) => {
  await data.disableTotp(viewer, input);
  revalidatePath("/account");
  return { ok: true };
});
