// The dashboard's figures, defined once as pure functions. The SQL in data.ts counts the
// same things in the database (one aggregate statement per figure group); the unit tests
// pin these definitions down and the integration tests check that the SQL agrees with them
// on a hand-checked data set. README "Dashboard figures" says the same in words.
//
// Scope: the events of the grids inside the chosen unit (and of the chosen category, a top
// level one meaning all of its sub-categories). Times are compared as instants; the period
// is [start, end) in China time (periods.ts).
//
//   reported       reportedAt in the window, and not merged into another event (a merged
//                  report is a duplicate of one already counted).
//   open           isOpen now (any state before CLOSED, REJECTED, MERGED).
//   overdue        open and dueAt < now: the current stage's deadline has passed (the same
//                  rule as the dispatch module's "overdue" worklist).
//   closed         state CLOSED and closedAt in the period (rejected and merged events were
//                  never handled, so they are not "closed" here).
//   on time        closed, and no deadline of the event ever fired (no EventDeadline row of
//                  the event, its own stages or its department tasks, has status FIRED).
//                  On-time completion rate = on time / closed.
//   grassroots     closed and reported from the grassroots (source GRID_REPORT or
//                  SENTIMENT): the events that could have been settled below the county.
//   in the grid    grassroots and resolvedLevel GRID (小事不出网格).
//                  Rate = in the grid / grassroots.
//   in the community  grassroots and resolvedLevel GRID or VILLAGE (大事不出社区).
//                  Rate = in the community / grassroots.
//   rated          closed with a satisfaction rating (1-5).
//   satisfied      rated 4 or 5. Satisfaction = satisfied / rated; the mean rating is shown too.
//   visit completion  lib/visits/rates.ts per household and month; a period of several
//                  months adds the months up: Σ on time / Σ (on time + late).
// Governance center (the center module's own monthly report, lib/center/reports.ts, counts
// the same way): disputes belong to the unit of their grid; petitions to their grid's unit,
// or to their center's unit when no grid was recorded.
//   mediation success  disputes whose mediation concluded in the period: agreed (an
//                  agreement was signed) / (agreed + referred on after failing).
//   petitions on time  petitions replied to in the period: replied by the handling
//                  deadline / replied.
//   disputes by risk   disputes still open (registered, being mediated, or agreed and being
//                  followed up) by risk level, red to green.
// A rate with a zero denominator is null ("no data"), never 0 or 100%.
import type { RateSummary } from "@/lib/visits/rates";

export type EventSourceKey = "GRID_REPORT" | "SENTIMENT" | "CENTER_INTAKE" | "PROJECT_FINDING" | "LEADER_ASSIGNMENT";
export const GRASSROOTS_SOURCES: readonly EventSourceKey[] = ["GRID_REPORT", "SENTIMENT"];
export const SATISFIED_MIN_RATING = 4;

/** What the definitions need to know of one event. */
export interface EventFacts {
  state: string;
  source: EventSourceKey;
  isOpen: boolean;
  reportedAt: Date;
  closedAt: Date | null;
  dueAt: Date | null;
  resolvedLevel: string | null;
  rating: number | null;
  /** Whether any deadline of the event (its stages or its tasks) has fired. */
  anyDeadlineFired: boolean;
}

export interface Window {
  start: Date;
  end: Date;
}

const inWindow = (at: Date | null, w: Window) => !!at && at >= w.start && at < w.end;

export const isReported = (e: EventFacts, w: Window) => e.state !== "MERGED" && inWindow(e.reportedAt, w);
export const isOverdue = (e: EventFacts, now: Date) => e.isOpen && !!e.dueAt && e.dueAt < now;
export const isClosedIn = (e: EventFacts, period: Window) => e.state === "CLOSED" && inWindow(e.closedAt, period);
export const isGrassroots = (e: EventFacts) => GRASSROOTS_SOURCES.includes(e.source);

export interface Ratio {
  num: number;
  den: number;
  /** num / den, 0..1; null when den is 0. */
  rate: number | null;
}

export function ratio(num: number, den: number): Ratio {
  return { num, den, rate: den > 0 ? num / den : null };
}

/** The counts behind the event cards; the SQL returns the same fields. */
export interface EventCounts {
  reportedToday: number;
  reportedMonth: number;
  reportedPeriod: number;
  open: number;
  overdue: number;
  closed: number;
  onTime: number;
  grassroots: number;
  resolvedGrid: number;
  resolvedCommunity: number;
  rated: number;
  satisfied: number;
  ratingSum: number;
}

export function emptyCounts(): EventCounts {
  return { reportedToday: 0, reportedMonth: 0, reportedPeriod: 0, open: 0, overdue: 0, closed: 0, onTime: 0, grassroots: 0, resolvedGrid: 0, resolvedCommunity: 0, rated: 0, satisfied: 0, ratingSum: 0 };
}

/** Adds one event to the counts: the reference implementation of every event figure. */
export function countEvent(c: EventCounts, e: EventFacts, w: { today: Window; month: Window; period: Window }, now: Date): void {
  if (isReported(e, w.today)) c.reportedToday++;
  if (isReported(e, w.month)) c.reportedMonth++;
  if (isReported(e, w.period)) c.reportedPeriod++;
  if (e.isOpen) c.open++;
  if (isOverdue(e, now)) c.overdue++;
  if (!isClosedIn(e, w.period)) return;
  c.closed++;
  if (!e.anyDeadlineFired) c.onTime++;
  if (isGrassroots(e)) {
    c.grassroots++;
    if (e.resolvedLevel === "GRID") c.resolvedGrid++;
    if (e.resolvedLevel === "GRID" || e.resolvedLevel === "VILLAGE") c.resolvedCommunity++;
  }
  if (e.rating !== null) {
    c.rated++;
    c.ratingSum += e.rating;
    if (e.rating >= SATISFIED_MIN_RATING) c.satisfied++;
  }
}

export function countEvents(events: EventFacts[], w: { today: Window; month: Window; period: Window }, now: Date): EventCounts {
  const c = emptyCounts();
  for (const e of events) countEvent(c, e, w, now);
  return c;
}

/** The rates shown on the cards, from the counts. */
export interface EventRates {
  onTime: Ratio;
  resolvedGrid: Ratio;
  resolvedCommunity: Ratio;
  satisfaction: Ratio;
  /** Mean rating 1..5, null without ratings. */
  meanRating: number | null;
}

export function eventRates(c: Pick<EventCounts, "closed" | "onTime" | "grassroots" | "resolvedGrid" | "resolvedCommunity" | "rated" | "satisfied" | "ratingSum">): EventRates {
  return {
    onTime: ratio(c.onTime, c.closed),
    resolvedGrid: ratio(c.resolvedGrid, c.grassroots),
    resolvedCommunity: ratio(c.resolvedCommunity, c.grassroots),
    satisfaction: ratio(c.satisfied, c.rated),
    meanRating: c.rated > 0 ? c.ratingSum / c.rated : null,
  };
}

/** The visit completion rate of several grid-months (lib/visits/rates.ts per month): Σ on time / Σ decided. */
export function visitCompletion(months: Pick<RateSummary, "due" | "onTime" | "late" | "pending">[]): Ratio & { due: number; pending: number } {
  let onTime = 0;
  let late = 0;
  let due = 0;
  let pending = 0;
  for (const m of months) {
    onTime += m.onTime;
    late += m.late;
    due += m.due;
    pending += m.pending;
  }
  return { ...ratio(onTime, onTime + late), due, pending };
}

/** Key-group residents per 1,000 residents, null without residents. */
export function perThousand(count: number, population: number): number | null {
  return population > 0 ? (count * 1000) / population : null;
}

export const RISK_LEVELS = ["RED", "ORANGE", "YELLOW", "GREEN"] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
/** Dispute statuses that are still open (the center module's OPEN_DISPUTE). */
export const OPEN_DISPUTE_STATUSES = ["REGISTERED", "MEDIATING", "AGREED"] as const;

export interface DisputeFacts {
  status: string;
  risk: RiskLevel;
  concludedAt: Date | null;
  agreed: boolean;
  referred: boolean;
}

export interface PetitionFacts {
  repliedAt: Date | null;
  repliedOnTime: boolean | null;
}

export interface CenterCounts {
  concluded: number;
  agreed: number;
  referred: number;
  replied: number;
  repliedOnTime: number;
  openByRisk: Record<RiskLevel, number>;
}

export function emptyCenterCounts(): CenterCounts {
  return { concluded: 0, agreed: 0, referred: 0, replied: 0, repliedOnTime: 0, openByRisk: { RED: 0, ORANGE: 0, YELLOW: 0, GREEN: 0 } };
}

/** The reference implementation of the center figures. */
export function countCenter(disputes: DisputeFacts[], petitions: PetitionFacts[], period: Window): CenterCounts {
  const c = emptyCenterCounts();
  for (const d of disputes) {
    if ((OPEN_DISPUTE_STATUSES as readonly string[]).includes(d.status)) c.openByRisk[d.risk]++;
    if (!inWindow(d.concludedAt, period)) continue;
    c.concluded++;
    if (d.agreed) c.agreed++;
    else if (d.referred) c.referred++;
  }
  for (const p of petitions) {
    if (!inWindow(p.repliedAt, period)) continue;
    c.replied++;
    if (p.repliedOnTime) c.repliedOnTime++;
  }
  return c;
}

export function centerRates(c: CenterCounts): { mediation: Ratio; petitions: Ratio } {
  return { mediation: ratio(c.agreed, c.agreed + c.referred), petitions: ratio(c.repliedOnTime, c.replied) };
}

/** The highest risk level among open disputes as 1 (green) … 4 (red); null without any. */
export function riskScore(openByRisk: Record<RiskLevel, number>): number | null {
  const i = RISK_LEVELS.findIndex((r) => openByRisk[r] > 0);
  return i < 0 ? null : 4 - i;
}
