// Pure rules of the special projects module: deadlines, who is late, what a campaign's
// state allows. Safe to import in the browser.
import type { RoleKey } from "@/lib/permissions";
import type { ProjectStatusKey } from "./schemas";

/** Campaign dates are calendar days in China Standard Time (UTC+8, no daylight saving). */
const CST_OFFSET_MS = 8 * 3600_000;

/** The last instant of a calendar day (YYYY-MM-DD) in China Standard Time. */
export function endOfDay(date: string): Date {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1) - CST_OFFSET_MS - 1);
}

/** Today's calendar day in China Standard Time. */
export function todayCst(now = new Date()): string {
  return new Date(now.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** A stored @db.Date (midnight UTC) as YYYY-MM-DD. */
export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export interface TaskProgress {
  status: "OPEN" | "DONE";
  dueAt: Date;
  itemsTotal: number;
  itemsChecked: number;
  submissionCount: number;
}

/** An open task past its deadline. */
export function isOverdue(task: Pick<TaskProgress, "status" | "dueAt">, now = new Date()): boolean {
  return task.status === "OPEN" && task.dueAt.getTime() < now.getTime();
}

/** Share of the campaign period gone by, 0..1. */
export function elapsedShare(startsAt: Date, dueAt: Date, now = new Date()): number {
  const span = dueAt.getTime() - startsAt.getTime();
  if (span <= 0) return 1;
  return Math.min(1, Math.max(0, (now.getTime() - startsAt.getTime()) / span));
}

/** Progress below the time gone by, with this much grace (0.15 = 15 points behind). */
export const BEHIND_MARGIN = 0.15;

/**
 * A task is late when it is overdue, or when its share of records checked trails the
 * share of the period gone by by more than BEHIND_MARGIN (a task without a record list
 * is behind when half the period has gone by and nothing was submitted).
 */
export function isLate(task: TaskProgress, startsAt: Date, now = new Date()): boolean {
  if (task.status !== "OPEN") return false;
  if (isOverdue(task, now)) return true;
  const elapsed = elapsedShare(startsAt, task.dueAt, now);
  if (task.itemsTotal === 0) return elapsed >= 0.5 && task.submissionCount === 0;
  return task.itemsChecked / task.itemsTotal < elapsed - BEHIND_MARGIN;
}

/** A grid that was reminded less than this long ago is not reminded again. */
export const REMIND_INTERVAL_MS = 12 * 3600_000;

export function canRemindAgain(remindedAt: Date | null, now = new Date()): boolean {
  return !remindedAt || now.getTime() - remindedAt.getTime() >= REMIND_INTERVAL_MS;
}

/** What a campaign's status lets its managers do. */
export function managerSteps(status: ProjectStatusKey): { edit: boolean; start: boolean; remind: boolean; extend: boolean; close: boolean; remove: boolean } {
  return {
    edit: status === "DRAFT",
    start: status === "DRAFT",
    remove: status === "DRAFT",
    remind: status === "RUNNING",
    extend: status === "RUNNING",
    close: status === "RUNNING",
  };
}

/** Percentage for the board, rounded down so 100% means every record was checked. */
export function percent(part: number, whole: number): number {
  if (whole <= 0) return 0;
  return Math.floor((part / whole) * 100);
}

/** Roles that work on tasks in the field; everyone else watches the board. */
export function fillsTasks(role: RoleKey): boolean {
  return role === "GRID_WORKER";
}
