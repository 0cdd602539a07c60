// Rules for roles that are pure and shared by the server and the role editor: which
// actions belong to which of the three administrators (三员), what a custom role may
// combine, and who must use two-factor sign-in.
import { ACTIONS, PERMISSIONS, ROLES, type Action, type RoleKey } from "@/lib/permissions";
import { TOTP_MANDATORY_ROLES } from "@/lib/settings/definitions";

/**
 * The administrative duties, which MLPS level 3 wants held by three separate people: the
 * system administrator (users, territory, settings), the security administrator (roles,
 * permissions, security policy) and the audit administrator (the audit log). A role may
 * hold the actions of at most one of them.
 */
export const DUTIES = {
  system: ["users.manage", "settings.manage", "territory.edit", "territory.import", "responsibilities.manage"],
  security: ["roles.manage", "security.settings", "users.grantAdmin"],
  audit: ["audit.view", "audit.export"],
} as const satisfies Record<string, readonly Action[]>;
export type Duty = keyof typeof DUTIES;

/** Every custom role has these: a user must be able to change their own password. */
export const ESSENTIAL_CUSTOM: readonly Action[] = ["account.manage"];

const ADMIN_ROLES: readonly string[] = ["ADMIN", "SECURITY_ADMIN", "AUDIT_ADMIN"];

export function dutiesOf(permissions: readonly string[]): Duty[] {
  return (Object.keys(DUTIES) as Duty[]).filter((d) => (DUTIES[d] as readonly string[]).some((a) => permissions.includes(a)));
}

/** Why a permission set cannot be a custom role's, as i18n keys under `validation.`; empty when it can. */
export function customRoleProblems(permissions: readonly string[]): string[] {
  const problems: string[] = [];
  if (permissions.some((p) => !(ACTIONS as string[]).includes(p))) problems.push("validation.adminUnknownAction");
  if (dutiesOf(permissions).length > 1) problems.push("validation.adminDutiesMixed");
  return problems;
}

/** A custom role's stored permissions as the viewer gets them: known actions, plus the essential ones. */
export function permissionsOfCustomRole(stored: readonly string[]): Action[] {
  return ACTIONS.filter((a) => stored.includes(a) || ESSENTIAL_CUSTOM.includes(a));
}

/** The permissions a built-in role has (PERMISSIONS is their single source of truth). */
export function builtinPermissions(role: RoleKey): Action[] {
  return ACTIONS.filter((a) => (PERMISSIONS[a] as readonly string[]).includes(role));
}

export function isBuiltinRole(key: string): key is RoleKey {
  return (ROLES as readonly string[]).includes(key);
}

/**
 * Whether assigning this role is the security administrator's decision: the three
 * administrator roles, and custom roles carrying any administrative duty.
 */
export function isAdministrativeRole(role: { roleKey: string; permissions: readonly string[] }): boolean {
  return ADMIN_ROLES.includes(role.roleKey) || dutiesOf(role.permissions).length > 0;
}

/**
 * Whether a role must sign in with a second factor: the three administrators and leaders
 * always (and custom roles based on them or holding an administrative duty), and the
 * roles the security administrator added.
 */
export function totpRequired(role: { role: RoleKey; roleKey: string; permissions: readonly string[] }, alsoRequired: readonly string[]): boolean {
  const required = [...TOTP_MANDATORY_ROLES, ...alsoRequired] as readonly string[];
  return required.includes(role.role) || required.includes(role.roleKey) || dutiesOf(role.permissions).length > 0;
}
