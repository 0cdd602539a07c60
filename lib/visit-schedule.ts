// When a household is next due for a visit: by default key households weekly, ordinary
// ones monthly, reassured ones quarterly, counted from the last visit (or from when the
// household was registered, if nobody has visited yet). The intervals are a setting the
// system administrator may change ("visits.intervals", lib/settings/definitions.ts).
// Shared by the people registry, the visits module and the dashboard so that all of them
// write and read the same Household.nextVisitDue.

export type VisitTierKey = "KEY" | "ORDINARY" | "REASSURED";
export const VISIT_TIER_KEYS: readonly VisitTierKey[] = ["KEY", "ORDINARY", "REASSURED"];

export const INTERVAL_UNITS = ["DAY", "WEEK", "MONTH"] as const;
export type IntervalUnit = (typeof INTERVAL_UNITS)[number];

/** How often each tier is visited: every `<tier>Every` `<tier>Unit`s. */
export interface VisitIntervals {
  keyEvery: number;
  keyUnit: IntervalUnit;
  ordinaryEvery: number;
  ordinaryUnit: IntervalUnit;
  reassuredEvery: number;
  reassuredUnit: IntervalUnit;
}

export const DEFAULT_VISIT_INTERVALS: VisitIntervals = {
  keyEvery: 1,
  keyUnit: "WEEK",
  ordinaryEvery: 1,
  ordinaryUnit: "MONTH",
  reassuredEvery: 3,
  reassuredUnit: "MONTH",
};

/** No tier may wait longer than a year between visits. */
export const MAX_INTERVAL_DAYS = 366;

const PREFIX: Record<VisitTierKey, "key" | "ordinary" | "reassured"> = { KEY: "key", ORDINARY: "ordinary", REASSURED: "reassured" };

export function intervalOf(tier: VisitTierKey, intervals: VisitIntervals): { every: number; unit: IntervalUnit } {
  const p = PREFIX[tier];
  return { every: intervals[`${p}Every`], unit: intervals[`${p}Unit`] };
}

/** The longest an interval can be, in days (a month counted as 31). */
export function intervalDays(every: number, unit: IntervalUnit): number {
  return every * (unit === "DAY" ? 1 : unit === "WEEK" ? 7 : 31);
}

/** Calendar months to add, clamped to the last day of the target month (Jan 31 + 1 → Feb 28/29). */
function addMonths(from: Date, months: number): Date {
  const d = new Date(from.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d;
}

export function nextVisitDue(tier: VisitTierKey, lastVisitAt: Date | null | undefined, createdAt: Date, intervals: VisitIntervals = DEFAULT_VISIT_INTERVALS): Date {
  const from = lastVisitAt ?? createdAt;
  const { every, unit } = intervalOf(tier, intervals);
  if (unit === "MONTH") return addMonths(from, every);
  return new Date(from.getTime() + every * (unit === "WEEK" ? 7 : 1) * 24 * 3600_000);
}
