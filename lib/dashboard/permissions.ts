// Pure helpers: what part of the dashboard each role sees (the role table in
// lib/permissions.ts says whether; this says which lines and levels).
import type { RoleKey } from "@/lib/permissions";
import type { SubjectKind } from "./scoring";

export type Level = "COUNTY" | "TOWNSHIP" | "VILLAGE" | "GRID";
export const LEVELS: readonly Level[] = ["COUNTY", "TOWNSHIP", "VILLAGE", "GRID"];

/**
 * The scoreboards a role sees: department staff their own department's line only; township
 * officers their township's units and grid workers (departments are county bodies).
 */
export function assessmentKindsFor(role: RoleKey): SubjectKind[] {
  if (role === "DEPARTMENT_STAFF") return ["DEPARTMENT"];
  if (role === "TOWNSHIP_OFFICER") return ["UNIT", "WORKER"];
  return ["UNIT", "DEPARTMENT", "WORKER"];
}

/** The unit levels strictly below a level, top first: what a unit's scoreboard can rank. */
export function levelsBelow(level: Level): Level[] {
  return LEVELS.slice(LEVELS.indexOf(level) + 1);
}

/** The level just below, or null for a grid. */
export function childLevel(level: Level): Level | null {
  return levelsBelow(level)[0] ?? null;
}
