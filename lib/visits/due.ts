// Where a household stands in a grid worker's "my visits" list. The due date itself comes
// from lib/visit-schedule.ts (nextVisitDue) and is kept on Household.nextVisitDue.
import { endOfWeekCN, startOfDayCN } from "./calendar";

export type DueBucket = "overdue" | "thisWeek" | "later";

/**
 * Overdue: the due day (China time) is before today. Due this week: due today or on a
 * later day of this Monday-to-Sunday week. Later: after this week. A household due today
 * is not yet overdue: the worker still has the day to go.
 */
export function dueBucket(nextVisitDue: Date, now: Date): DueBucket {
  if (nextVisitDue < startOfDayCN(now)) return "overdue";
  if (nextVisitDue < endOfWeekCN(now)) return "thisWeek";
  return "later";
}

/** The bounds the database query uses for the same buckets. */
export function dueBounds(now: Date): { overdueBefore: Date; thisWeekBefore: Date } {
  return { overdueBefore: startOfDayCN(now), thisWeekBefore: endOfWeekCN(now) };
}

/** Whole days a due date is past (positive) or ahead (negative) of today, China time. */
export function daysOverdue(nextVisitDue: Date, now: Date): number {
  return Math.round((startOfDayCN(now).getTime() - startOfDayCN(nextVisitDue).getTime()) / (24 * 3600_000));
}
