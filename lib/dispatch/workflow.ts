// The event state machine: states, what may happen in each, who may do it, and where it
// leads. Pure (no database): the data layer (data.ts) asks `guard` before its conditional
// update, the screens ask `availableActions` to show only what the caller may do now, and
// `replay` folds a timeline back into the state it must have produced.
//
//  REPORTED ──escalate──▶ AT_COMMUNITY ──escalate──▶ AT_TOWNSHIP ──escalate──▶ AT_CENTER
//     │  (urgent events may escalate straight to the center)                    │ accept
//     └─closeLocal (at any of the three levels)──▶ FEEDBACK                     ▼
//                                                   ▲          reject/merge ◀─ ACCEPTED ◀───────┐
//                                                   │                           │ dispatch       │ lead returns
//                                                   │ pass                      ▼                │
//                                                 REVIEW ◀─lead completes─ PROCESSING ◀─lead accepts─ DISPATCHED
//                                                   └──returnToDept──▶ PROCESSING
//  FEEDBACK ──close (rating)──▶ CLOSED;  FEEDBACK ──reopen (rating ≤ 2, once)──▶ back to where it was resolved
//  AT_COMMUNITY ──refuse (not on the community's list of powers and responsibilities, with
//  the reason)──▶ AT_TOWNSHIP, or AT_CENTER when the list names the county level
//
// Department tasks (one per department, lead and co-departments in parallel):
//  PENDING ─taskAccept─▶ IN_PROGRESS ─taskComplete─▶ COMPLETED;  PENDING/IN_PROGRESS ─taskReturn─▶ RETURNED;
//  open tasks are CANCELLED when the lead returns the event or the center passes it.
// Annotations (urge, supervise, instruct, note, taskProgress) change no state.
import type { Action as Permission, RoleKey } from "@/lib/permissions";

export const EVENT_STATES = [
  "REPORTED",
  "AT_COMMUNITY",
  "AT_TOWNSHIP",
  "AT_CENTER",
  "ACCEPTED",
  "DISPATCHED",
  "PROCESSING",
  "REVIEW",
  "FEEDBACK",
  "CLOSED",
  "REJECTED",
  "MERGED",
] as const;
export type EventState = (typeof EVENT_STATES)[number];
export const TERMINAL_STATES: readonly EventState[] = ["CLOSED", "REJECTED", "MERGED"];
export const OPEN_STATES: readonly EventState[] = EVENT_STATES.filter((s) => !TERMINAL_STATES.includes(s));
export const isOpenState = (s: EventState) => !TERMINAL_STATES.includes(s);

export type TaskState = "PENDING" | "IN_PROGRESS" | "COMPLETED" | "RETURNED" | "CANCELLED";
export const OPEN_TASK_STATES: readonly TaskState[] = ["PENDING", "IN_PROGRESS"];

export type UnitLevel = "COUNTY" | "TOWNSHIP" | "VILLAGE" | "GRID";
export type LocalLevel = "GRID" | "VILLAGE" | "TOWNSHIP";
export type Urgency = "NORMAL" | "URGENT" | "CRITICAL";
export type EventSource = "GRID_REPORT" | "SENTIMENT" | "CENTER_INTAKE" | "PROJECT_FINDING" | "LEADER_ASSIGNMENT";
export type ResolvedLevel = LocalLevel | "DEPARTMENT";

export const URGENCIES: readonly Urgency[] = ["NORMAL", "URGENT", "CRITICAL"];
export const SOURCES: readonly EventSource[] = ["GRID_REPORT", "SENTIMENT", "CENTER_INTAKE", "PROJECT_FINDING", "LEADER_ASSIGNMENT"];
/** Supervision grades: 1 ordinary, 2 yellow card, 3 red card. */
export const SUPERVISE_GRADES = [1, 2, 3] as const;
export const MAX_GRADE = 3;

/** Position in every list: supervised events first (red before yellow before ordinary), then by urgency. */
export function rankOf(superviseGrade: number, urgency: Urgency): number {
  return superviseGrade * 3 + URGENCIES.indexOf(urgency);
}

/** Where an event waits at each territorial level, and who handles it there. */
export const LEVEL_STATE: Record<LocalLevel, EventState> = { GRID: "REPORTED", VILLAGE: "AT_COMMUNITY", TOWNSHIP: "AT_TOWNSHIP" };
export const STATE_LEVEL: Partial<Record<EventState, LocalLevel>> = { REPORTED: "GRID", AT_COMMUNITY: "VILLAGE", AT_TOWNSHIP: "TOWNSHIP" };
export const LOCAL_ROLE: Record<LocalLevel, RoleKey> = { GRID: "GRID_WORKER", VILLAGE: "COMMUNITY_OFFICER", TOWNSHIP: "TOWNSHIP_OFFICER" };
const NEXT_UP: Partial<Record<EventState, EventState>> = { REPORTED: "AT_COMMUNITY", AT_COMMUNITY: "AT_TOWNSHIP", AT_TOWNSHIP: "AT_CENTER" };
/** Reopening goes back to where the result came from. */
export const REOPEN_TARGET: Record<ResolvedLevel, EventState> = { GRID: "REPORTED", VILLAGE: "AT_COMMUNITY", TOWNSHIP: "AT_TOWNSHIP", DEPARTMENT: "ACCEPTED" };
/** Highest rating that may reopen an event (1-2 = unsatisfied). */
export const REOPEN_MAX_RATING = 2;

export type EventAction =
  | "report"
  | "closeLocal"
  | "escalate"
  | "refuse"
  | "accept"
  | "reject"
  | "merge"
  | "dispatch"
  | "taskAccept"
  | "taskReturn"
  | "taskProgress"
  | "taskComplete"
  | "requestExtension"
  | "decideExtension"
  | "pass"
  | "returnToDept"
  | "close"
  | "reopen"
  | "urge"
  | "supervise"
  | "instruct"
  | "note"
  | "timeout";

interface ActionSpec {
  /** The role-table entry (lib/permissions.ts); null for the system. */
  permission: Permission | null;
  /** Event states the action may be taken in. */
  from: readonly EventState[];
  /** For task actions: the task states it applies to. */
  taskFrom?: readonly TaskState[];
  /** event: versioned state change; task: versioned on the task; annotation: no state change. */
  kind: "event" | "task" | "annotation";
}

const LOCAL: readonly EventState[] = ["REPORTED", "AT_COMMUNITY", "AT_TOWNSHIP"];
const AT_CENTER_DESK: readonly EventState[] = ["AT_CENTER", "ACCEPTED"];
const WITH_DEPARTMENTS: readonly EventState[] = ["DISPATCHED", "PROCESSING", "REVIEW"];

export const ACTION_SPECS: Record<EventAction, ActionSpec> = {
  report: { permission: "dispatch.report", from: [], kind: "event" },
  closeLocal: { permission: "dispatch.handleLocal", from: LOCAL, kind: "event" },
  escalate: { permission: "dispatch.handleLocal", from: LOCAL, kind: "event" },
  // 减负: a community hands back a matter its list of powers and responsibilities does not
  // include (the data layer checks the list; the machine only knows where it may happen).
  refuse: { permission: "dispatch.handleLocal", from: ["AT_COMMUNITY"], kind: "event" },
  accept: { permission: "dispatch.center", from: ["AT_CENTER"], kind: "event" },
  reject: { permission: "dispatch.center", from: AT_CENTER_DESK, kind: "event" },
  merge: { permission: "dispatch.center", from: AT_CENTER_DESK, kind: "event" },
  dispatch: { permission: "dispatch.center", from: ["ACCEPTED"], kind: "event" },
  taskAccept: { permission: "dispatch.task", from: WITH_DEPARTMENTS, taskFrom: ["PENDING"], kind: "task" },
  taskReturn: { permission: "dispatch.task", from: WITH_DEPARTMENTS, taskFrom: ["PENDING", "IN_PROGRESS"], kind: "task" },
  taskProgress: { permission: "dispatch.task", from: WITH_DEPARTMENTS, taskFrom: ["IN_PROGRESS"], kind: "annotation" },
  taskComplete: { permission: "dispatch.task", from: WITH_DEPARTMENTS, taskFrom: ["IN_PROGRESS"], kind: "task" },
  requestExtension: { permission: "dispatch.task", from: WITH_DEPARTMENTS, taskFrom: ["IN_PROGRESS"], kind: "task" },
  decideExtension: { permission: "dispatch.center", from: WITH_DEPARTMENTS, taskFrom: ["IN_PROGRESS"], kind: "task" },
  pass: { permission: "dispatch.center", from: ["REVIEW"], kind: "event" },
  returnToDept: { permission: "dispatch.center", from: ["REVIEW"], kind: "event" },
  close: { permission: "dispatch.feedback", from: ["FEEDBACK"], kind: "event" },
  reopen: { permission: "dispatch.feedback", from: ["FEEDBACK"], kind: "event" },
  urge: { permission: "dispatch.urge", from: OPEN_STATES.filter((s) => s !== "FEEDBACK"), kind: "annotation" },
  supervise: { permission: "dispatch.supervise", from: OPEN_STATES, kind: "annotation" },
  instruct: { permission: "dispatch.instruct", from: EVENT_STATES, kind: "annotation" },
  note: { permission: "dispatch.note", from: EVENT_STATES, kind: "annotation" },
  timeout: { permission: null, from: OPEN_STATES.filter((s) => s !== "FEEDBACK"), kind: "event" },
};

/** Actions a person takes on an existing event, in the order screens list them. */
export const USER_ACTIONS: readonly EventAction[] = [
  "accept",
  "dispatch",
  "taskAccept",
  "taskComplete",
  "taskProgress",
  "requestExtension",
  "decideExtension",
  "pass",
  "returnToDept",
  "closeLocal",
  "escalate",
  "refuse",
  "close",
  "reopen",
  "taskReturn",
  "reject",
  "merge",
  "urge",
  "supervise",
  "instruct",
  "note",
];

export interface Actor {
  id: string;
  role: RoleKey;
  unitId: number;
  departmentId: number | null;
}

export interface EventFacts {
  state: EventState;
  holderUnitId: number | null;
  /** Level of the holder unit; "COUNTY" means the center's desk. */
  holderLevel: UnitLevel | null;
  reporterId: string;
  urgency: Urgency;
  reopenCount: number;
  superviseGrade: number;
  resolvedLevel: ResolvedLevel | null;
}

export interface TaskFacts {
  id: string;
  departmentId: number;
  isLead: boolean;
  state: TaskState;
  extensionPending: boolean;
}

export interface ActionInput {
  /**
   * escalate: straight to the center (urgent and critical events only); refuse: the list
   * of powers and responsibilities names the county level, so the center takes it.
   */
  direct?: boolean;
  /** close / reopen: the reporter's satisfaction, 1-5. */
  rating?: number;
  /** supervise: 1-3. */
  grade?: number;
}

export type GuardFailure =
  | "role" // the role table says no
  | "state" // not from the event's current state
  | "holder" // the event is not at the caller's desk
  | "task" // no such task of the caller's department, or not in a state that allows it
  | "direct" // only urgent events may skip levels
  | "rating" // reopening needs an unsatisfied rating
  | "reopenUsed" // already reopened once
  | "extension" // no extension pending / one already pending
  | "grade"; // supervision grade out of range

export type GuardResult = { ok: true } | { ok: false; reason: GuardFailure };

const NO = (reason: GuardFailure): GuardResult => ({ ok: false, reason });
const YES: GuardResult = { ok: true };

/**
 * May `actor` take `action` on this event (and task) now? `can` is the role table check,
 * passed in so that this module stays free of imports with side effects. Scope is not
 * checked here: the data layer finds the event through a scoped query first.
 */
export function guard(
  action: EventAction,
  actor: Actor | "SYSTEM",
  event: EventFacts,
  can: (role: RoleKey, permission: Permission) => boolean,
  task?: TaskFacts | null,
  input: ActionInput = {},
): GuardResult {
  const spec = ACTION_SPECS[action];
  if (actor === "SYSTEM") {
    if (spec.permission !== null) return NO("role");
  } else if (spec.permission === null || !can(actor.role, spec.permission)) return NO("role");
  if (!spec.from.includes(event.state)) return NO("state");
  if (spec.taskFrom) {
    if (!task) return NO("task");
    if (actor !== "SYSTEM" && action !== "decideExtension" && task.departmentId !== actor.departmentId) return NO("task");
    if (!spec.taskFrom.includes(task.state)) return NO("task");
    // The lead's task follows the event: it can be completed only while the event is with departments.
    if (action === "taskComplete" && task.isLead && event.state !== "PROCESSING") return NO("state");
    if (action === "taskAccept" && task.isLead && event.state !== "DISPATCHED") return NO("state");
  }
  if (actor === "SYSTEM") return YES;

  switch (action) {
    case "closeLocal":
    case "escalate":
    case "refuse": {
      const level = STATE_LEVEL[event.state]!;
      if (actor.role !== LOCAL_ROLE[level] || actor.unitId !== event.holderUnitId) return NO("holder");
      if (action === "escalate" && input.direct && (event.urgency === "NORMAL" || event.state === "AT_TOWNSHIP")) return NO("direct");
      return YES;
    }
    case "close":
    case "reopen": {
      const atDesk =
        actor.unitId === event.holderUnitId &&
        (event.holderLevel === "COUNTY" ? actor.role === "CENTER_STAFF" : event.holderLevel !== null && actor.role === LOCAL_ROLE[event.holderLevel as LocalLevel]);
      if (!atDesk && actor.id !== event.reporterId) return NO("holder");
      if (action === "reopen") {
        if (event.reopenCount > 0) return NO("reopenUsed");
        if (input.rating !== undefined && input.rating > REOPEN_MAX_RATING) return NO("rating");
      }
      return YES;
    }
    case "requestExtension":
      return task!.extensionPending ? NO("extension") : YES;
    case "decideExtension":
      return task!.extensionPending ? YES : NO("extension");
    case "supervise":
      return input.grade === undefined || (Number.isInteger(input.grade) && input.grade >= 1 && input.grade <= MAX_GRADE) ? YES : NO("grade");
    default:
      return YES;
  }
}

/** The event state an allowed action leads to, or null when the event's state stays. */
export function nextState(action: EventAction, event: Pick<EventFacts, "state" | "resolvedLevel">, task?: Pick<TaskFacts, "isLead"> | null, input: ActionInput = {}): EventState | null {
  switch (action) {
    case "closeLocal":
      return "FEEDBACK";
    case "escalate":
      return input.direct ? "AT_CENTER" : (NEXT_UP[event.state] ?? null);
    case "refuse":
      return input.direct ? "AT_CENTER" : "AT_TOWNSHIP";
    case "timeout":
      // Territorial levels move up; at the center and with departments the supervision
      // grade goes up instead (see effects.ts), the state stays.
      return NEXT_UP[event.state] ?? null;
    case "accept":
      return "ACCEPTED";
    case "reject":
      return "REJECTED";
    case "merge":
      return "MERGED";
    case "dispatch":
      return "DISPATCHED";
    case "taskAccept":
      return task?.isLead ? "PROCESSING" : null;
    case "taskReturn":
      return task?.isLead ? "ACCEPTED" : null;
    case "taskComplete":
      return task?.isLead ? "REVIEW" : null;
    case "pass":
      return "FEEDBACK";
    case "returnToDept":
      return "PROCESSING";
    case "close":
      return "CLOSED";
    case "reopen":
      return REOPEN_TARGET[event.resolvedLevel ?? "DEPARTMENT"];
    default:
      return null;
  }
}

/** The task state an allowed task action leads to (the same state for extension steps). */
export function nextTaskState(action: EventAction, task: Pick<TaskFacts, "state">): TaskState | null {
  switch (action) {
    case "taskAccept":
      return "IN_PROGRESS";
    case "taskReturn":
      return "RETURNED";
    case "taskComplete":
      return "COMPLETED";
    case "requestExtension":
    case "decideExtension":
      return task.state;
    default:
      return null;
  }
}

/**
 * What a transition does to the other tasks of the event: the lead returning the event or
 * the center passing it cancels every other open task; the center returning a result
 * reopens the lead's task.
 */
export function sideTasks(action: EventAction, task: Pick<TaskFacts, "id" | "isLead"> | null, tasks: readonly Pick<TaskFacts, "id" | "isLead" | "state">[]): { cancel: string[]; reopenLead: string | null } {
  const openOthers = tasks.filter((t) => t.id !== task?.id && OPEN_TASK_STATES.includes(t.state)).map((t) => t.id);
  if ((action === "taskReturn" && task?.isLead) || action === "pass") return { cancel: openOthers, reopenLead: null };
  if (action === "returnToDept") {
    // Tasks come oldest first: the current round's lead is the last completed one.
    const lead = [...tasks].reverse().find((t) => t.isLead && t.state === "COMPLETED");
    return { cancel: [], reopenLead: lead?.id ?? null };
  }
  return { cancel: [], reopenLead: null };
}

/** The level an event was resolved at when this action ends its handling (closeLocal, lead's completion). */
export function resolvedLevelOf(action: EventAction, state: EventState): ResolvedLevel | null {
  if (action === "closeLocal") return STATE_LEVEL[state] ?? null;
  if (action === "pass") return "DEPARTMENT";
  return null;
}

/** Where a new event starts, from who reports it. */
export function initialState(role: RoleKey, level: UnitLevel): EventState {
  if (role === "CENTER_STAFF") return "ACCEPTED";
  if (level === "COUNTY") return "AT_CENTER";
  return LEVEL_STATE[level];
}

/** Whether a state sits with a territorial unit (the holder), as opposed to departments. */
export function holderLevelOf(state: EventState, feedbackAtCounty: boolean): UnitLevel | null {
  switch (state) {
    case "REPORTED":
      return "GRID";
    case "AT_COMMUNITY":
      return "VILLAGE";
    case "AT_TOWNSHIP":
      return "TOWNSHIP";
    case "AT_CENTER":
    case "ACCEPTED":
    case "DISPATCHED":
    case "PROCESSING":
    case "REVIEW":
      return "COUNTY";
    case "FEEDBACK":
      return feedbackAtCounty ? "COUNTY" : "GRID";
    default:
      return null;
  }
}

export interface AvailableAction {
  action: EventAction;
  taskId?: string;
}

/** What the actor may do now: one entry per action (task actions once per own task). */
export function availableActions(
  actor: Actor,
  event: EventFacts,
  tasks: readonly TaskFacts[],
  can: (role: RoleKey, permission: Permission) => boolean,
): AvailableAction[] {
  const out: AvailableAction[] = [];
  for (const action of USER_ACTIONS) {
    const spec = ACTION_SPECS[action];
    if (spec.taskFrom) {
      for (const task of tasks) if (guard(action, actor, event, can, task).ok) out.push({ action, taskId: task.id });
    } else if (guard(action, actor, event, can).ok) out.push({ action });
  }
  return out;
}

// --- replay --------------------------------------------------------------------------

export interface EntryLike {
  action: string;
  taskId: string | null;
  fromState: EventState | null;
  toState: EventState | null;
  taskFromState: TaskState | null;
  taskToState: TaskState | null;
  data: unknown;
}

export interface Replayed {
  state: EventState | null;
  version: number;
  superviseGrade: number;
  reopenCount: number;
  rating: number | null;
  tasks: Record<string, { state: TaskState; version: number; isLead: boolean }>;
  /** Entries the machine does not allow, in order; empty for a sound timeline. */
  errors: string[];
}

/** Every (action, from, to) the machine can produce, as "action:FROM>TO". */
export const EDGES: ReadonlySet<string> = (() => {
  const edges = new Set<string>();
  for (const [action, spec] of Object.entries(ACTION_SPECS) as [EventAction, ActionSpec][]) {
    for (const from of spec.from) {
      const variants: { task?: { isLead: boolean }; input?: ActionInput; resolved?: ResolvedLevel }[] = [
        {},
        { task: { isLead: true } },
        { input: { direct: true } },
        ...(["GRID", "VILLAGE", "TOWNSHIP", "DEPARTMENT"] as const).map((resolved) => ({ resolved })),
      ];
      for (const v of variants) {
        const to = nextState(action, { state: from, resolvedLevel: v.resolved ?? null }, v.task, v.input);
        if (to) edges.add(`${action}:${from}>${to}`);
      }
    }
  }
  for (const s of ["REPORTED", "AT_COMMUNITY", "AT_TOWNSHIP", "AT_CENTER", "ACCEPTED"] as const) edges.add(`report:null>${s}`);
  return edges;
})();

const TASK_EDGES = new Set([
  "taskAccept:PENDING>IN_PROGRESS",
  "taskReturn:PENDING>RETURNED",
  "taskReturn:IN_PROGRESS>RETURNED",
  "taskComplete:IN_PROGRESS>COMPLETED",
  "returnToDept:COMPLETED>IN_PROGRESS",
  "requestExtension:IN_PROGRESS>IN_PROGRESS",
  "decideExtension:IN_PROGRESS>IN_PROGRESS",
]);

interface ReplayData {
  tasks?: { id: string; isLead: boolean }[];
  cancelledTaskIds?: string[];
  grade?: number;
  rating?: number;
}

/**
 * Folds a timeline (oldest first) into the event's state, version, supervision grade and
 * tasks. Each state-changing entry must start where the previous one ended and be an
 * edge of the machine; anything else is reported in `errors`.
 */
export function replay(entries: readonly EntryLike[]): Replayed {
  const out: Replayed = { state: null, version: 0, superviseGrade: 0, reopenCount: 0, rating: null, tasks: {}, errors: [] };
  entries.forEach((e, i) => {
    const data = (e.data ?? {}) as ReplayData;
    if (e.toState !== null) {
      if (e.fromState !== out.state) out.errors.push(`#${i} ${e.action}: from ${e.fromState} but the event was ${out.state}`);
      if (!EDGES.has(`${e.action}:${e.fromState}>${e.toState}`)) out.errors.push(`#${i} ${e.action}: ${e.fromState}>${e.toState} is not an edge`);
      out.state = e.toState;
      out.version++;
    } else if (e.fromState !== null && e.fromState !== out.state) {
      out.errors.push(`#${i} ${e.action}: taken in ${e.fromState} but the event was ${out.state}`);
    }
    for (const t of data.tasks ?? []) out.tasks[t.id] = { state: "PENDING", version: 1, isLead: t.isLead };
    if (e.taskId && e.taskToState !== null) {
      const task = out.tasks[e.taskId];
      if (!task) out.errors.push(`#${i} ${e.action}: unknown task ${e.taskId}`);
      else {
        if (task.state !== e.taskFromState) out.errors.push(`#${i} ${e.action}: task was ${task.state}, entry says ${e.taskFromState}`);
        if (!TASK_EDGES.has(`${e.action}:${e.taskFromState}>${e.taskToState}`)) out.errors.push(`#${i} ${e.action}: task ${e.taskFromState}>${e.taskToState} is not an edge`);
        task.state = e.taskToState;
        task.version++;
      }
    }
    for (const id of data.cancelledTaskIds ?? []) {
      const task = out.tasks[id];
      if (!task || !OPEN_TASK_STATES.includes(task.state)) out.errors.push(`#${i} ${e.action}: cancels task ${id} that is not open`);
      else {
        task.state = "CANCELLED";
        task.version++;
      }
    }
    if ((e.action === "supervise" || e.action === "timeout") && typeof data.grade === "number") out.superviseGrade = Math.max(out.superviseGrade, data.grade);
    if (e.action === "reopen") out.reopenCount++;
    if ((e.action === "close" || e.action === "reopen") && typeof data.rating === "number") out.rating = data.rating;
  });
  return out;
}
