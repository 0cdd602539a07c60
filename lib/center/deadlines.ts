// The center's deadlines. Pure: no database, no clock (callers pass `now` and the
// calendar). The working-day arithmetic and the holiday calendar are the dispatch
// module's (lib/dispatch/deadlines.ts, the WorkCalendarDay table): one calendar for the
// whole system.
//
// Legal periods counted in days (the Regulations on Letters and Visits: decide on
// acceptance within 15 days, handle within 60 days of acceptance, one extension of at most
// 30 days; the People's Mediation Law: judicial confirmation applied for within 30 days)
// follow the usual rule for periods: the day the period starts on is not counted, the
// period ends at the end of its last day, and when that last day is a day off the period
// ends at the end of the next working day. A setting may instead count working days
// (whole days) or hours (natural or office hours, for a whistle's report time).
import { addWorkingMinutes, isWorkingDay, localDateKey, type Calendar } from "@/lib/dispatch/deadlines";

export type CenterDeadlineUnit = "DAY" | "WORKDAY" | "HOUR" | "WORKHOUR";
export interface Period {
  amount: number;
  unit: CenterDeadlineUnit;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const LOCAL_OFFSET = 8 * HOUR;
/** Guards a calendar typo: no period runs further than this. */
const MAX_DAYS = 800;

/** The instant the local day `key` (YYYY-MM-DD) ends: 23:59:59.999 China time. */
export function endOfLocalDay(key: string): Date {
  return new Date(Date.parse(`${key}T00:00:00Z`) - LOCAL_OFFSET + DAY - 1);
}

function addDays(key: string, days: number): string {
  return new Date(Date.parse(`${key}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/** The first working day on or after `key`. */
function workingDayFrom(key: string, calendar: Calendar): string {
  let day = key;
  for (let i = 0; i < MAX_DAYS; i++, day = addDays(day, 1)) if (isWorkingDay(day, calendar)) return day;
  throw new Error(`no working day within ${MAX_DAYS} days: check the calendar`);
}

/** The instant a period started at `start` ends. */
export function dueAfter(start: Date, period: Period, calendar: Calendar): Date {
  const amount = Math.max(0, Math.floor(period.amount));
  switch (period.unit) {
    case "HOUR":
      return new Date(start.getTime() + amount * HOUR);
    case "WORKHOUR":
      return addWorkingMinutes(start, amount * 60, calendar);
    case "WORKDAY": {
      // Whole working days after the start day: the N-th working day ends the period.
      let day = localDateKey(start);
      for (let left = amount, i = 0; left > 0; i++) {
        if (i > MAX_DAYS) throw new Error(`period beyond ${MAX_DAYS} days: check the calendar`);
        day = addDays(day, 1);
        if (isWorkingDay(day, calendar)) left--;
      }
      return endOfLocalDay(day);
    }
    case "DAY": {
      if (amount > MAX_DAYS) throw new Error(`period beyond ${MAX_DAYS} days`);
      const last = addDays(localDateKey(start), amount);
      return endOfLocalDay(workingDayFrom(last, calendar));
    }
  }
}

/**
 * The handling deadline after an extension of `days` natural days, counted on from the
 * original deadline's last day (its end of day) by the same rule.
 */
export function extendedDue(handleDueAt: Date, days: number, calendar: Calendar): Date {
  return dueAfter(handleDueAt, { amount: days, unit: "DAY" }, calendar);
}

export type DueState = "none" | "ok" | "near" | "overdue" | "met" | "late";

/**
 * Where a deadline stands: met or late once done (`doneAt`), otherwise overdue after it,
 * near within `nearDays` days before it, ok before that.
 */
export function dueState(now: Date, dueAt: Date | null | undefined, nearDays: number, doneAt?: Date | null): DueState {
  if (!dueAt) return "none";
  if (doneAt) return doneAt.getTime() <= dueAt.getTime() ? "met" : "late";
  if (now.getTime() > dueAt.getTime()) return "overdue";
  if (dueAt.getTime() - now.getTime() <= nearDays * DAY) return "near";
  return "ok";
}

/** The local calendar month (YYYY-MM) as [start, end) instants. */
export function monthRange(month: string): { from: Date; to: Date } {
  const [y, m] = month.split("-").map(Number);
  const from = new Date(Date.UTC(y, m - 1, 1) - LOCAL_OFFSET);
  const to = new Date(Date.UTC(m === 12 ? y + 1 : y, m === 12 ? 0 : m, 1) - LOCAL_OFFSET);
  return { from, to };
}

/** The local month of an instant, as YYYY-MM. */
export function monthOf(at: Date): string {
  return localDateKey(at).slice(0, 7);
}

/** The local midnight starting the local day of `at`, and the next one. */
export function localDayRange(at: Date): { from: Date; to: Date } {
  const from = new Date(Date.parse(`${localDateKey(at)}T00:00:00Z`) - LOCAL_OFFSET);
  return { from, to: new Date(from.getTime() + DAY) };
}
