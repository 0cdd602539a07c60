// Inputs of the administration module, shared by forms and actions. Messages of our own
// rules are i18n keys under `validation.` (common message file).
import { z } from "zod";
import { ROLES } from "@/lib/permissions";
import { SETTING_SCHEMAS } from "@/lib/settings/definitions";

const id = z.coerce.number().int().positive();
const version = z.coerce.number().int().min(1);
const cuid = z.string().min(1).max(40);
const text = (max: number) => z.string().trim().max(max);
const required = (max: number, message = "validation.adminRequired") => z.string().trim().min(1, { message }).max(max);

// --- users -------------------------------------------------------------------------------

export const usernameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]{2,31}$/, { message: "validation.adminUsername" });

const phone = z.union([z.literal(""), z.string().trim().regex(/^[0-9+\- ]{5,20}$/, { message: "validation.adminPhone" })]);
const roleKey = z.string().trim().min(1, { message: "validation.adminRoleRequired" }).max(40);

export const createUserSchema = z.object({
  username: usernameSchema,
  displayName: required(64),
  phone: phone.default(""),
  roleKey,
  unitId: id,
  departmentId: id.nullable().default(null),
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const updateUserSchema = z.object({
  id: cuid,
  version,
  displayName: required(64),
  phone: phone.default(""),
  roleKey,
  unitId: id,
  departmentId: id.nullable().default(null),
});
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

export const userRefSchema = z.object({ id: cuid, version });

export const setUserEnabledSchema = z.object({ id: cuid, version, enabled: z.boolean() });

/** A spreadsheet, base64-encoded by the browser (user lists are small). */
export const importUsersSchema = z.object({
  fileBase64: z.string().min(1).max(240_000, { message: "validation.adminFileTooLarge" }),
});

// --- roles -------------------------------------------------------------------------------

const permissionList = z.array(z.string().max(64)).max(200);

export const createRoleSchema = z.object({
  key: z.string().trim().regex(/^[a-z][a-z0-9_]{1,39}$/, { message: "validation.adminRoleKey" }),
  name: required(40, "validation.adminRoleName"),
  baseRole: z.enum(ROLES),
  description: text(200).default(""),
  permissions: permissionList,
});
export type CreateRoleInput = z.infer<typeof createRoleSchema>;

export const updateRoleSchema = z.object({
  key: z.string().max(40),
  version,
  name: required(40, "validation.adminRoleName"),
  description: text(200).default(""),
  permissions: permissionList,
});

export const deleteRoleSchema = z.object({ key: z.string().max(40), version });

// --- settings ----------------------------------------------------------------------------

export const updateSettingSchema = z.discriminatedUnion("key", [
  z.strictObject({ key: z.literal("security.password"), value: SETTING_SCHEMAS["security.password"].strict() }),
  z.strictObject({ key: z.literal("security.lockout"), value: SETTING_SCHEMAS["security.lockout"].strict() }),
  z.strictObject({ key: z.literal("security.session"), value: SETTING_SCHEMAS["security.session"].strict() }),
  z.strictObject({ key: z.literal("security.totp"), value: SETTING_SCHEMAS["security.totp"].strict() }),
  z.strictObject({ key: z.literal("audit.retention"), value: SETTING_SCHEMAS["audit.retention"].strict() }),
  z.strictObject({ key: z.literal("map"), value: SETTING_SCHEMAS.map.strict() }),
  z.strictObject({ key: z.literal("visits.intervals"), value: SETTING_SCHEMAS["visits.intervals"].strict() }),
]);
export type UpdateSettingInput = z.infer<typeof updateSettingSchema>;

// --- departments -------------------------------------------------------------------------

const departmentFields = {
  name: required(100),
  nameEn: required(120),
  sortOrder: z.coerce.number().int().min(0).max(9999).default(0),
  enabled: z.boolean().default(true),
  /** The county or township units whose governance center the department is stationed at. */
  stationUnitIds: z.array(id).max(200).default([]),
};

export const createDepartmentSchema = z.object({
  code: z.string().trim().regex(/^[a-z][a-z0-9-]{1,39}$/, { message: "validation.adminDepartmentCode" }),
  ...departmentFields,
});
export const updateDepartmentSchema = z.object({ id, version, ...departmentFields });
export type DepartmentInput = z.infer<typeof createDepartmentSchema>;

// --- territory ---------------------------------------------------------------------------

export const createUnitSchema = z.object({
  parentId: id,
  name: required(100),
  /** 12-digit division code for townships and villages; grids get one made up when empty. */
  code: z.union([z.literal(""), z.string().trim().regex(/^\d{12}(\d{3})?$/, { message: "validation.adminUnitCode" })]).default(""),
});
export const renameUnitSchema = z.object({ id, version, name: required(100) });
export const moveUnitSchema = z.object({ id, version, parentId: id });
export const retireUnitSchema = z.object({ id, version });

const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const ring = z.array(position).min(4).max(20_000);
export const geometrySchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("Polygon"), coordinates: z.array(ring).min(1).max(100) }),
  z.object({ type: z.literal("MultiPolygon"), coordinates: z.array(z.array(ring).min(1).max(100)).min(1).max(100) }),
]);
export type GeometryInput = z.infer<typeof geometrySchema>;

export const setBoundarySchema = z.object({ id, version, geometry: geometrySchema });

export const importBoundariesSchema = z.object({
  geojson: z.string().min(1).max(240_000, { message: "validation.adminFileTooLarge" }),
});

export const assignGridWorkerSchema = z.object({ userId: cuid, gridId: id });

// --- list of powers and responsibilities -------------------------------------------------

const responsibilityFields = {
  level: z.enum(["COUNTY", "TOWNSHIP", "VILLAGE", "GRID"]),
  departmentId: id.nullable().default(null),
  categoryId: id,
  matter: required(200),
  basis: text(500).default(""),
  duty: z.enum(["LEAD", "ASSIST"]).default("LEAD"),
  enabled: z.boolean().default(true),
};
const departmentAtCountyOnly = (r: { level: string; departmentId: number | null }) => (r.level === "COUNTY") === (r.departmentId !== null);
const departmentMessage = { message: "validation.adminResponsibilityDepartment", path: ["departmentId"] };

export const responsibilitySchema = z.object(responsibilityFields).refine(departmentAtCountyOnly, departmentMessage);
export type ResponsibilityInput = z.infer<typeof responsibilitySchema>;

export const updateResponsibilitySchema = z.object({ id, version, ...responsibilityFields }).refine(departmentAtCountyOnly, departmentMessage);
export const deleteResponsibilitySchema = z.object({ id, version });

// --- one's own account -------------------------------------------------------------------

/**
 * Set for a minute when one's password was changed: the account page, re-rendered after
 * the action with the session now ended, then says so instead of "session expired".
 */
export const PASSWORD_CHANGED_COOKIE = "vg_pw_changed";

export const changePasswordSchema = z
  .object({
    current: z.string().min(1).max(128),
    next: z.string().min(1).max(128),
    confirm: z.string().max(128),
  })
  .refine((v) => v.next === v.confirm, { message: "validation.adminPasswordConfirm", path: ["confirm"] });

export const totpCodeSchema = z.object({ code: z.string().trim().regex(/^\d{6}$/, { message: "validation.adminTotpCode" }) });
export const disableTotpSchema = z.object({ password: z.string().min(1).max(128) });
export const emptySchema = z.object({});
