// Periods of the dashboard (a month, a quarter or a year, China time) and the buckets of
// its trend charts. Pure: the server, the browser and the unit tests share it. Every day,
// week and month is a China Standard Time one (UTC+8, no daylight saving), whatever the
// server's time zone, as in lib/visits/calendar.ts.
import { monthKeyCN, monthPeriodCN, startOfDayCN, type Period } from "@/lib/visits/calendar";

const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

export type PeriodKind = "month" | "quarter" | "year";
export type Granularity = "day" | "week" | "month";
export const GRANULARITIES: readonly Granularity[] = ["day", "week", "month"];

export interface DashboardPeriod extends Period {
  kind: PeriodKind;
  /** "2026-11", "2026-Q4" or "2026". */
  key: string;
  /** The calendar months it covers, "YYYY-MM", in order. */
  months: string[];
}

const monthStart = (year: number, month: number) => new Date(Date.UTC(year, month - 1, 1) - OFFSET_MS);
const pad = (n: number) => String(n).padStart(2, "0");

function monthsBetween(year: number, first: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${year}-${pad(first + i)}`);
}

/** The period a key names; null for anything else (years 2000-2100). */
export function parsePeriod(key: string): DashboardPeriod | null {
  let m = /^(\d{4})-(\d{2})$/.exec(key);
  if (m) {
    const p = monthPeriodCN(key);
    return p ? { ...p, kind: "month", key, months: [key] } : null;
  }
  m = /^(\d{4})-Q([1-4])$/.exec(key);
  if (m) {
    const year = Number(m[1]);
    const q = Number(m[2]);
    if (year < 2000 || year > 2100) return null;
    return { kind: "quarter", key, start: monthStart(year, 3 * q - 2), end: monthStart(year, 3 * q + 1), months: monthsBetween(year, 3 * q - 2, 3) };
  }
  m = /^(\d{4})$/.exec(key);
  if (m) {
    const year = Number(m[1]);
    if (year < 2000 || year > 2100) return null;
    return { kind: "year", key, start: monthStart(year, 1), end: monthStart(year + 1, 1), months: monthsBetween(year, 1, 12) };
  }
  return null;
}

/** The key of the period of a kind that holds `at`. */
export function periodKeyAt(at: Date, kind: PeriodKind): string {
  const month = monthKeyCN(at);
  const year = month.slice(0, 4);
  if (kind === "month") return month;
  if (kind === "year") return year;
  return `${year}-Q${Math.ceil(Number(month.slice(5)) / 3)}`;
}

/** The period a key names, or the current month when the key is missing or malformed. */
export function resolvePeriod(key: string | undefined, now: Date): DashboardPeriod {
  return (key && parsePeriod(key)) || parsePeriod(periodKeyAt(now, "month"))!;
}

/** The periods offered in the filter: the last 12 months, 4 quarters and 2 years. */
export function periodChoices(now: Date): { kind: PeriodKind; key: string }[] {
  const out: { kind: PeriodKind; key: string }[] = [];
  let at = now;
  for (let i = 0; i < 12; i++) {
    const key = periodKeyAt(at, "month");
    out.push({ kind: "month", key });
    at = new Date(parsePeriod(key)!.start.getTime() - 1);
  }
  at = now;
  for (let i = 0; i < 4; i++) {
    const key = periodKeyAt(at, "quarter");
    out.push({ kind: "quarter", key });
    at = new Date(parsePeriod(key)!.start.getTime() - 1);
  }
  const year = Number(periodKeyAt(now, "year"));
  out.push({ kind: "year", key: String(year) }, { kind: "year", key: String(year - 1) });
  return out;
}

/** The trend's default bucket size for a period: days in a month, weeks in a quarter, months in a year. */
export function defaultGranularity(kind: PeriodKind): Granularity {
  return kind === "month" ? "day" : kind === "quarter" ? "week" : "month";
}

/** Today (China time) as a period, and the calendar month holding `now`. */
export function todayAndMonth(now: Date): { today: Period; month: Period } {
  const start = startOfDayCN(now);
  return { today: { start, end: new Date(start.getTime() + DAY_MS) }, month: monthPeriodCN(monthKeyCN(now))! };
}

/** "YYYY-MM-DD" of the China-time day holding `at`. */
export function dayKey(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * The bucket a moment falls in, as the SQL computes it: the China-time day, the Monday
 * that starts its week, or the first of its month, written "YYYY-MM-DD".
 */
export function bucketKey(at: Date, granularity: Granularity): string {
  const local = new Date(at.getTime() + OFFSET_MS);
  if (granularity === "month") return `${local.toISOString().slice(0, 7)}-01`;
  if (granularity === "day") return local.toISOString().slice(0, 10);
  const weekday = (local.getUTCDay() + 6) % 7; // Monday = 0
  return new Date(local.getTime() - weekday * DAY_MS).toISOString().slice(0, 10);
}

export interface Bucket {
  key: string;
  start: Date;
}

/**
 * Every bucket of the period, in order, up to the one holding `now` (a trend does not run
 * into the future). A week that starts before the period is kept: its key is its Monday.
 */
export function bucketsOf(period: Period, granularity: Granularity, now: Date): Bucket[] {
  const last = Math.min(period.end.getTime() - 1, now.getTime());
  const out: Bucket[] = [];
  let at = period.start;
  let guard = 0;
  while (at.getTime() <= last && guard++ < 400) {
    const key = bucketKey(at, granularity);
    if (out.at(-1)?.key !== key) out.push({ key, start: at });
    if (granularity === "month") {
      const local = new Date(at.getTime() + OFFSET_MS);
      at = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 1) - OFFSET_MS);
    } else {
      at = new Date(startOfDayCN(at).getTime() + (granularity === "day" ? DAY_MS : DAY_MS * (7 - ((new Date(at.getTime() + OFFSET_MS).getUTCDay() + 6) % 7))));
    }
  }
  return out;
}

/** The months of a period that have begun by `now`: later ones have nothing to count yet. */
export function monthsSoFar(period: DashboardPeriod, now: Date): string[] {
  const current = monthKeyCN(now);
  return period.months.filter((m) => m <= current);
}

type Translate = (key: string, values: Record<string, string | number>) => string;

/** A period key in words, with the dashboard's messages (filters.periodMonth, …); `t` is scoped to "dashboard.filters". */
export function periodLabel(t: Translate, key: string): string {
  const [year, rest] = key.split("-");
  if (!rest) return t("periodYear", { year });
  if (rest.startsWith("Q")) return t("periodQuarter", { year, quarter: rest.slice(1) });
  return t("periodMonth", { year, month: Number(rest) });
}
