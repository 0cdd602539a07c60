// Pure helpers: which worklists a role works from, and what it may read.
import type { RoleKey } from "@/lib/permissions";
import type { Worklist } from "./schemas";

/** The worklists of each role, the first being its landing list. */
export const WORKLISTS_BY_ROLE: Partial<Record<RoleKey, readonly Worklist[]>> = {
  GRID_WORKER: ["toHandle", "feedback", "mine", "overdue", "reported"],
  COMMUNITY_OFFICER: ["toHandle", "mine", "feedback", "overdue", "supervised", "reported"],
  TOWNSHIP_OFFICER: ["toHandle", "mine", "feedback", "overdue", "supervised", "reported"],
  CENTER_STAFF: ["toAccept", "toDispatch", "review", "extensions", "inProgress", "feedback", "overdue", "supervised", "all"],
  DEPARTMENT_STAFF: ["tasks", "overdue", "all"],
  LEADER: ["supervised", "overdue", "inProgress", "reported", "all"],
  ADMIN: ["all", "overdue", "supervised"],
};

export function worklistsFor(role: RoleKey): readonly Worklist[] {
  return WORKLISTS_BY_ROLE[role] ?? [];
}

/**
 * Internal notes and the center's and departments' working comments are for the people
 * handling the event; grid workers are the reporter's side and see the replies only.
 */
export function seesInternal(role: RoleKey): boolean {
  return role !== "GRID_WORKER";
}

/** Roles that report with a choice of source. */
export function sourcesFor(role: RoleKey): readonly ("GRID_REPORT" | "CENTER_INTAKE" | "PROJECT_FINDING" | "LEADER_ASSIGNMENT")[] {
  if (role === "CENTER_STAFF") return ["CENTER_INTAKE", "PROJECT_FINDING"];
  if (role === "LEADER") return ["LEADER_ASSIGNMENT"];
  return ["GRID_REPORT"];
}
