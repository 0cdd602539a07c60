// When a household is next due for a visit: key households weekly, ordinary ones monthly,
// reassured ones quarterly, counted from the last visit (or from when the household was
// registered, if nobody has visited yet). Shared by the people registry and the visits
// module so that both write the same Household.nextVisitDue.

export type VisitTierKey = "KEY" | "ORDINARY" | "REASSURED";

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

export function nextVisitDue(tier: VisitTierKey, lastVisitAt: Date | null | undefined, createdAt: Date): Date {
  const from = lastVisitAt ?? createdAt;
  switch (tier) {
    case "KEY":
      return new Date(from.getTime() + 7 * 24 * 3600_000);
    case "ORDINARY":
      return addMonths(from, 1);
    case "REASSURED":
      return addMonths(from, 3);
  }
}
