// Working time and deadlines. Pure: no database, no clock (callers pass `now`).
//
// Local time is China Standard Time (UTC+8, no daylight saving), so local dates are
// computed by shifting instants by a fixed 8 hours.
// A working day is Monday to Friday unless the calendar marks it a holiday, plus any day
// the calendar marks a make-up working day (调休上班). Office hours are 09:00-12:00 and
// 13:30-17:30, 7 working hours a day. "N working days" means N × 7 working hours counted
// from the start, so an event reported on Friday at 16:00 with one working day to go is
// due on Monday at 16:00 (Monday being a working day).
// Natural hours (HOUR) ignore the calendar: an emergency does not wait for Monday.

export type DeadlineStage = "ACCEPT" | "HANDLE" | "VERIFY";
export type DeadlineHolder = "UNIT" | "DEPARTMENT";
export type DeadlineUnit = "WORKDAY" | "WORKHOUR" | "HOUR";
export type Urgency = "NORMAL" | "URGENT" | "CRITICAL";
export type Light = "none" | "green" | "yellow" | "red";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const LOCAL_OFFSET = 8 * 60 * MINUTE;

/** Office hours as [start, end) minutes after local midnight. */
export const WORK_PERIODS: readonly (readonly [number, number])[] = [
  [9 * 60, 12 * 60],
  [13 * 60 + 30, 17 * 60 + 30],
];
export const WORKDAY_MINUTES = WORK_PERIODS.reduce((sum, [a, b]) => sum + (b - a), 0);
/** The share of the time after which the light turns yellow. */
export const WARN_SHARE = 0.7;
/** No deadline is computed further out than this many days (guards a calendar typo). */
const MAX_SPAN_DAYS = 800;

export interface Calendar {
  /** Local dates (YYYY-MM-DD) that are days off although Monday to Friday. */
  holidays: ReadonlySet<string>;
  /** Local dates that are working days although Saturday or Sunday. */
  workdays: ReadonlySet<string>;
}

export const EMPTY_CALENDAR: Calendar = { holidays: new Set(), workdays: new Set() };

export function calendarOf(days: readonly { date: Date | string; kind: "HOLIDAY" | "WORKDAY" }[]): Calendar {
  const holidays = new Set<string>();
  const workdays = new Set<string>();
  for (const d of days) {
    const key = typeof d.date === "string" ? d.date.slice(0, 10) : d.date.toISOString().slice(0, 10);
    (d.kind === "HOLIDAY" ? holidays : workdays).add(key);
  }
  return { holidays, workdays };
}

/** The local date of an instant, as YYYY-MM-DD. */
export function localDateKey(at: Date | number): string {
  return new Date((typeof at === "number" ? at : at.getTime()) + LOCAL_OFFSET).toISOString().slice(0, 10);
}

/** Instant of local midnight starting the local day that contains `ms`. */
function localDayStart(ms: number): number {
  return Math.floor((ms + LOCAL_OFFSET) / DAY) * DAY - LOCAL_OFFSET;
}

export function isWorkingDay(key: string, calendar: Calendar): boolean {
  if (calendar.workdays.has(key)) return true;
  if (calendar.holidays.has(key)) return false;
  const weekday = new Date(`${key}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The instant `minutes` working minutes after `start`. */
export function addWorkingMinutes(start: Date, minutes: number, calendar: Calendar): Date {
  let remaining = Math.max(0, minutes) * MINUTE;
  let day = localDayStart(start.getTime());
  let cursor = start.getTime();
  for (let i = 0; i < MAX_SPAN_DAYS; i++, day += DAY) {
    if (!isWorkingDay(localDateKey(day), calendar)) continue;
    for (const [from, to] of WORK_PERIODS) {
      const a = Math.max(day + from * MINUTE, cursor);
      const b = day + to * MINUTE;
      if (a >= b) continue;
      if (remaining <= b - a) return new Date(a + remaining);
      remaining -= b - a;
    }
  }
  throw new Error(`deadline beyond ${MAX_SPAN_DAYS} days: check the calendar`);
}

/** Working minutes between two instants (0 when `to` is not after `from`). */
export function workingMinutesBetween(from: Date, to: Date, calendar: Calendar): number {
  const end = to.getTime();
  let total = 0;
  let day = localDayStart(from.getTime());
  for (let i = 0; day < end && i < MAX_SPAN_DAYS; i++, day += DAY) {
    if (!isWorkingDay(localDateKey(day), calendar)) continue;
    for (const [a, b] of WORK_PERIODS) {
      const lo = Math.max(day + a * MINUTE, from.getTime());
      const hi = Math.min(day + b * MINUTE, end);
      if (hi > lo) total += hi - lo;
    }
  }
  return total / MINUTE;
}

export interface RuleLike {
  id: number;
  stage: DeadlineStage;
  holder: DeadlineHolder | null;
  categoryId: number | null;
  urgency: Urgency | null;
  amount: number;
  unit: DeadlineUnit;
  enabled: boolean;
}

/** Used when no rule matches: accept in 1 working day, handle in 5, verify in 1. */
export const FALLBACK_RULES: Record<DeadlineStage, { amount: number; unit: DeadlineUnit }> = {
  ACCEPT: { amount: 1, unit: "WORKDAY" },
  HANDLE: { amount: 5, unit: "WORKDAY" },
  VERIFY: { amount: 1, unit: "WORKDAY" },
};

export interface RuleQuery {
  stage: DeadlineStage;
  holder: DeadlineHolder;
  categoryId: number;
  parentCategoryId: number | null;
  urgency: Urgency;
}

/**
 * The most specific enabled rule. A rule field that is set must match; urgency counts
 * most (an emergency is an emergency whatever its category), then the category (its own
 * before its parent's), then the kind of holder. Ties go to the lower id.
 */
export function pickRule<R extends RuleLike>(rules: readonly R[], q: RuleQuery): R | null {
  let best: R | null = null;
  let bestScore = -1;
  for (const r of rules) {
    if (!r.enabled || r.stage !== q.stage) continue;
    if (r.holder !== null && r.holder !== q.holder) continue;
    if (r.urgency !== null && r.urgency !== q.urgency) continue;
    let score = 0;
    if (r.urgency !== null) score += 8;
    if (r.categoryId !== null) {
      if (r.categoryId === q.categoryId) score += 4;
      else if (r.categoryId === q.parentCategoryId) score += 2;
      else continue;
    }
    if (r.holder !== null) score += 1;
    if (score > bestScore || (score === bestScore && best && r.id < best.id)) {
      best = r;
      bestScore = score;
    }
  }
  return best;
}

export interface DeadlineWindow {
  startsAt: Date;
  warnAt: Date;
  dueAt: Date;
}

/** The window of a rule started at `start`. */
export function windowOf(start: Date, rule: { amount: number; unit: DeadlineUnit }, calendar: Calendar): DeadlineWindow {
  if (rule.unit === "HOUR") {
    const span = rule.amount * 60 * MINUTE;
    return { startsAt: start, warnAt: new Date(start.getTime() + Math.round(span * WARN_SHARE)), dueAt: new Date(start.getTime() + span) };
  }
  const minutes = rule.amount * (rule.unit === "WORKDAY" ? WORKDAY_MINUTES : 60);
  return {
    startsAt: start,
    warnAt: addWorkingMinutes(start, Math.round(minutes * WARN_SHARE), calendar),
    dueAt: addWorkingMinutes(start, minutes, calendar),
  };
}

/** The window ending at a chosen instant (a deadline the center set): yellow at 70% of the working time. */
export function windowUntil(start: Date, dueAt: Date, calendar: Calendar): DeadlineWindow {
  const working = workingMinutesBetween(start, dueAt, calendar);
  const warnAt =
    working > 0
      ? addWorkingMinutes(start, Math.round(working * WARN_SHARE), calendar)
      : new Date(start.getTime() + Math.round((dueAt.getTime() - start.getTime()) * WARN_SHARE));
  return { startsAt: start, warnAt: warnAt > dueAt ? dueAt : warnAt, dueAt };
}

/** Green, yellow at 70% of the time used, red once overdue; none when nothing is due. */
export function lightOf(now: Date, warnAt: Date | null | undefined, dueAt: Date | null | undefined): Light {
  if (!dueAt) return "none";
  if (now.getTime() >= dueAt.getTime()) return "red";
  if (warnAt && now.getTime() >= warnAt.getTime()) return "yellow";
  return "green";
}
