// Pure rules of the center module: the dispute and petition lifecycles (what may happen in
// which state, and where it leads), which centers a viewer runs, and the flags the desk
// shows. The data layer checks these before its conditional updates; pages use them to
// show only what can be done now.
import type { RoleKey } from "@/lib/permissions";

export type UnitLevel = "COUNTY" | "TOWNSHIP" | "VILLAGE" | "GRID";

// --- disputes --------------------------------------------------------------------------
//
//  REGISTERED ─assign─▶ MEDIATING ─session*─▶ MEDIATING ─agree─▶ AGREED ─followUp, judicial*─▶ close ─▶ CLOSED
//  (closing an agreed case needs a follow-up visit and, where the parties asked for judicial
//  confirmation, its result, or the 30-day period lapsed without an application)
//       └──────────────────┴──refer (failure: court, arbitration, petitions, dispatch)──▶ REFERRED ─close─▶ CLOSED

export const DISPUTE_STATUSES = ["REGISTERED", "MEDIATING", "AGREED", "REFERRED", "CLOSED"] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

export type DisputeAction = "assign" | "session" | "agree" | "refer" | "scan" | "followUp" | "judicialApply" | "judicialResult" | "risk" | "close";

export const DISPUTE_FROM: Record<DisputeAction, readonly DisputeStatus[]> = {
  assign: ["REGISTERED", "MEDIATING"],
  session: ["MEDIATING"],
  agree: ["MEDIATING"],
  refer: ["REGISTERED", "MEDIATING"],
  scan: ["AGREED", "CLOSED"],
  followUp: ["AGREED"],
  judicialApply: ["AGREED"],
  judicialResult: ["AGREED"],
  risk: ["REGISTERED", "MEDIATING", "AGREED", "REFERRED"],
  close: ["AGREED", "REFERRED"],
};

const DISPUTE_TO: Partial<Record<DisputeAction, DisputeStatus>> = {
  assign: "MEDIATING",
  agree: "AGREED",
  refer: "REFERRED",
  close: "CLOSED",
};

export interface DisputeFacts {
  status: DisputeStatus;
  sessions: number;
  followUps: number;
  /** The parties asked for judicial confirmation: the application is then tracked to its result. */
  judicialRequested: boolean;
  judicialAppliedAt: Date | null;
  judicialResult: string | null;
  judicialDueAt: Date | null;
}

export type DisputeRefusal = "state" | "noSession" | "noFollowUp" | "judicialAwaited" | "judicialPending" | "judicialLate" | "judicialNotApplied" | "judicialTwice";

/** Why an action may not be taken now, or null when it may. */
export function disputeRefusal(action: DisputeAction, d: DisputeFacts, now: Date = new Date()): DisputeRefusal | null {
  if (!DISPUTE_FROM[action].includes(d.status)) return "state";
  switch (action) {
    case "agree":
      return d.sessions > 0 ? null : "noSession";
    case "judicialApply":
      if (d.judicialAppliedAt) return "judicialTwice";
      return d.judicialDueAt && now.getTime() > d.judicialDueAt.getTime() ? "judicialLate" : null;
    case "judicialResult":
      if (!d.judicialAppliedAt) return "judicialNotApplied";
      return d.judicialResult ? "judicialTwice" : null;
    case "close":
      if (d.status === "AGREED") {
        if (d.followUps === 0) return "noFollowUp";
        if (d.judicialAppliedAt && !d.judicialResult) return "judicialPending";
        // Asked for and not applied yet: wait for the application while the period runs.
        if (d.judicialRequested && !d.judicialAppliedAt && d.judicialDueAt && now.getTime() <= d.judicialDueAt.getTime()) return "judicialAwaited";
      }
      return null;
    default:
      return null;
  }
}

/** The status after an action (unchanged for actions that only add to the case). */
export function disputeNext(action: DisputeAction, status: DisputeStatus): DisputeStatus {
  return DISPUTE_TO[action] ?? status;
}

export function disputeActions(d: DisputeFacts, now: Date = new Date()): DisputeAction[] {
  return (Object.keys(DISPUTE_FROM) as DisputeAction[]).filter((a) => disputeRefusal(a, d, now) === null);
}

export const OPEN_DISPUTE: readonly DisputeStatus[] = ["REGISTERED", "MEDIATING", "AGREED"];

/** Risk levels from the highest; a case at these notifies the center head at once. */
export const RISKS = ["RED", "ORANGE", "YELLOW", "GREEN"] as const;
export type Risk = (typeof RISKS)[number];
export const HIGH_RISKS: readonly Risk[] = ["RED"];
export const isHighRisk = (risk: string) => (HIGH_RISKS as readonly string[]).includes(risk);

// --- petitions -------------------------------------------------------------------------
//
//  REGISTERED ─decide─▶ NOT_ACCEPTED (closed with a written notice)
//       └─decide─▶ ACCEPTED ─dispatch─▶ HANDLING ─reply─▶ REPLIED ─close─▶ CLOSED
//                     └─────────────reply─────────────┘       └─review─▶ REVIEW ─reviewResult─▶ CLOSED
//  extend: once, while ACCEPTED or HANDLING; satisfaction: while REPLIED.

export const PETITION_STATUSES = ["REGISTERED", "NOT_ACCEPTED", "ACCEPTED", "HANDLING", "REPLIED", "REVIEW", "CLOSED"] as const;
export type PetitionStatus = (typeof PETITION_STATUSES)[number];
export type PetitionAction = "decide" | "dispatch" | "extend" | "reply" | "satisfaction" | "review" | "reviewResult" | "close";

export const PETITION_FROM: Record<PetitionAction, readonly PetitionStatus[]> = {
  decide: ["REGISTERED"],
  dispatch: ["ACCEPTED"],
  extend: ["ACCEPTED", "HANDLING"],
  reply: ["ACCEPTED", "HANDLING"],
  satisfaction: ["REPLIED"],
  review: ["REPLIED"],
  reviewResult: ["REVIEW"],
  close: ["REPLIED"],
};

export interface PetitionFacts {
  status: PetitionStatus;
  extendedDays: number | null;
  eventId: string | null;
}

export type PetitionRefusal = "state" | "extendedTwice" | "dispatchedTwice";

export function petitionRefusal(action: PetitionAction, p: PetitionFacts): PetitionRefusal | null {
  if (!PETITION_FROM[action].includes(p.status)) return "state";
  if (action === "extend" && p.extendedDays) return "extendedTwice";
  if (action === "dispatch" && p.eventId) return "dispatchedTwice";
  return null;
}

export function petitionNext(action: PetitionAction, status: PetitionStatus, accepted?: boolean): PetitionStatus {
  switch (action) {
    case "decide":
      return accepted ? "ACCEPTED" : "NOT_ACCEPTED";
    case "dispatch":
      return "HANDLING";
    case "reply":
      return "REPLIED";
    case "review":
      return "REVIEW";
    case "reviewResult":
    case "close":
      return "CLOSED";
    default:
      return status;
  }
}

export function petitionActions(p: PetitionFacts): PetitionAction[] {
  return (Object.keys(PETITION_FROM) as PetitionAction[]).filter((a) => petitionRefusal(a, p) === null);
}

export const OPEN_PETITION: readonly PetitionStatus[] = ["REGISTERED", "ACCEPTED", "HANDLING", "REPLIED", "REVIEW"];

/** A joint petition: five or more people came (or signed). */
export const JOINT_MIN = 5;
export function isJointPetition(headcount: number, petitioners: number): boolean {
  return Math.max(headcount, petitioners) >= JOINT_MIN;
}

/** Earlier visits or petitions on the same matter within this many days make a repeat. */
export const REPEAT_WINDOW_DAYS = 365;

// --- centers ---------------------------------------------------------------------------

/** Levels that have a center: the county's, a township's (street's), a community's (village's). */
export const CENTER_LEVELS: readonly UnitLevel[] = ["COUNTY", "TOWNSHIP", "VILLAGE"];

/** Whether the viewer works at a center of their own (their unit is a county, township or community). */
export function runsCenter(viewer: { unitLevel: string }): boolean {
  return (CENTER_LEVELS as readonly string[]).includes(viewer.unitLevel);
}

/** Roles that run a center's desk (intake, cases) — department staff only answer whistles. */
export const DESK_ROLES: readonly RoleKey[] = ["CENTER_STAFF", "COMMUNITY_OFFICER", "TOWNSHIP_OFFICER"];

export const STATION_MODES = ["PERMANENT", "ROTATING", "ON_CALL"] as const;
export type StationMode = (typeof STATION_MODES)[number];

/** Formats a dispute's number for people: 2026-0042 style, by registration year. */
export function caseNo(prefix: string, no: number, at: Date): string {
  const year = new Date(at.getTime() + 8 * 3_600_000).getUTCFullYear();
  return `${prefix}${year}-${String(no).padStart(4, "0")}`;
}

/** The mediation agreement's number (编号) in the usual form. */
export function agreementNo(no: number, at: Date): string {
  const year = new Date(at.getTime() + 8 * 3_600_000).getUTCFullYear();
  return `调字〔${year}〕第${String(no).padStart(4, "0")}号`;
}

const PARTY_ZH = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"];
/** The customary party label of an agreement: 甲方, 乙方, … (Party A, B, … in English). */
export function partyLabel(index: number, locale: string): string {
  if (locale === "en") return `Party ${String.fromCharCode(65 + (index % 26))}`;
  return `${PARTY_ZH[index] ?? String(index + 1)}方`;
}

/** A date as 2026年5月3日 (or 3 May 2026). */
export function longDate(at: Date, locale: string): string {
  const d = new Date(at.getTime() + 8 * 3_600_000);
  const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
  if (locale === "en") return `${day} ${["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"][m - 1]} ${y}`;
  return `${y}年${m}月${day}日`;
}
