// Visit completion rate (走访完成率) of a period, per grid or per worker: pure, so that the
// definition below is the one thing the unit tests pin down.
//
// Definition. For a period [start, end) and every live household registered before `end`:
//   D          = nextVisitDue(tier, last visit before `start`, registration time, the
//                intervals set now): the visit owed as the period begins (lib/visit-schedule.ts).
//   due        ⇔ D < end. A visit owed since before the period is still owed in it, so a
//                long-overdue household never drops out of the denominator.
//   on time    ⇔ due, and the first visit in [start, end) falls on or before D's day
//                (China time). Visits are counted per household, not per visit: a key
//                household due four times in a month counts once, by its first due visit.
//   late       ⇔ due, not on time, and D's day is over (at `now`).
//   pending    ⇔ due, no visit yet, and D's day is not over: only possible while the period
//                is still running; such households are not decided yet and stay out of the
//                rate until they are.
//   rate       = on time / (on time + late), or null when nothing is decided.
// The household's current tier and grid are used for the whole period (tier changes are
// not kept as history); a worker's rate is the rate of the grid their account belongs to.
import { DEFAULT_VISIT_INTERVALS, nextVisitDue, type VisitIntervals, type VisitTierKey } from "@/lib/visit-schedule";
import { endOfDayCN, type Period } from "./calendar";

export interface RateInput {
  tier: VisitTierKey;
  createdAt: Date;
  /** Latest visit strictly before the period starts. */
  lastVisitBefore: Date | null;
  /** Earliest visit inside the period. */
  firstVisitIn: Date | null;
}

export type Outcome = "notDue" | "onTime" | "late" | "pending";

export function visitOutcome(row: RateInput, period: Period, now: Date, intervals: VisitIntervals = DEFAULT_VISIT_INTERVALS): Outcome {
  if (row.createdAt >= period.end) return "notDue";
  const due = nextVisitDue(row.tier, row.lastVisitBefore, row.createdAt, intervals);
  if (due >= period.end) return "notDue";
  const deadline = endOfDayCN(due);
  const first = row.firstVisitIn && row.firstVisitIn >= period.start && row.firstVisitIn < period.end ? row.firstVisitIn : null;
  if (first && first < deadline) return "onTime";
  if (now < deadline && !first) return "pending";
  return "late";
}

export interface RateSummary {
  due: number;
  onTime: number;
  late: number;
  pending: number;
  /** onTime / (onTime + late), 0..1; null when no household is decided yet. */
  rate: number | null;
}

export function emptySummary(): RateSummary {
  return { due: 0, onTime: 0, late: 0, pending: 0, rate: null };
}

export function addOutcome(summary: RateSummary, outcome: Outcome): void {
  if (outcome === "notDue") return;
  summary.due++;
  summary[outcome]++;
  const decided = summary.onTime + summary.late;
  summary.rate = decided ? summary.onTime / decided : null;
}

export function completionRate(rows: RateInput[], period: Period, now: Date, intervals: VisitIntervals = DEFAULT_VISIT_INTERVALS): RateSummary {
  const summary = emptySummary();
  for (const row of rows) addOutcome(summary, visitOutcome(row, period, now, intervals));
  return summary;
}

/** The same summary for each group (a grid id, a worker id...). */
export function completionRateBy<K>(rows: (RateInput & { key: K })[], period: Period, now: Date, intervals: VisitIntervals = DEFAULT_VISIT_INTERVALS): Map<K, RateSummary> {
  const out = new Map<K, RateSummary>();
  for (const row of rows) {
    let s = out.get(row.key);
    if (!s) out.set(row.key, (s = emptySummary()));
    addOutcome(s, visitOutcome(row, period, now, intervals));
  }
  return out;
}
